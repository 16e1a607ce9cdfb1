/**
 * The passkey parts of the sign-in pages (decision 0031): the "Sign in with a passkey" button and the hidden form the
 * script (passkey-script.ts) posts the browser's answer with, the passkey page itself, and the one refusal page.
 */
import { html, type Markup } from "./html";
import { type PageContext, renderPage } from "./layout";
import { notice } from "./parts";

export const PASSKEY_VERIFY_PATH = "/passkey/verify";

/**
 * The button and its form, hidden until the script finds WebAuthn in this browser; nothing without passkeys on. The
 * email field beside it (`autocomplete="username webauthn"`) offers the passkeys in the browser's autofill as well.
 */
export function passkeyButton(context: PageContext): Markup {
  if (!context.passkeys) return html``;
  return html`<div class="passkey" data-passkey hidden>
<button type="button" class="secondary" data-passkey-button>Sign in with a passkey</button>
<p class="field-error" data-passkey-error hidden>The passkey prompt was closed or failed. Try again, or sign in another way.</p>
<form method="post" action="${PASSKEY_VERIFY_PATH}" data-passkey-form hidden><input type="hidden" name="response"></form>
</div>`;
}

/** `/passkey/authorize`: the passkey way in on its own (`/authorize?provider=passkey`). */
export function passkeySignInPage(context: PageContext): Response {
  const body = html`<p>Use the passkey saved on this device, your phone or your security key. No email needed.</p>
${passkeyButton(context)}
<div class="footer"><a href="/password/authorize">Sign in with a password instead</a></div>`;
  return renderPage(context, { title: "Sign in", heading: `Sign in to ${context.appName}`, body });
}

/** Every refused passkey sign-in, whatever the reason (unknown, removed, deactivated, replayed, forged). */
export function passkeyNotRecognisedPage(context: PageContext): Response {
  const body = html`${notice("That passkey was not recognised.")}
<p>Try again with another passkey, or sign in with your password or an emailed code.</p>
${passkeyButton(context)}
<div class="footer"><a href="/password/authorize">Sign in with a password</a> · <a href="/code/authorize">Sign in with a code</a></div>`;
  return renderPage(context, { title: "Passkey not recognised", heading: "Passkey not recognised", body, status: 400 });
}
