/** Sign-in by emailed code (`/code/authorize`) and the password sign-in's emailed-code step-up. */
import { codeStepPage } from "./code-step";
import { html } from "./html";
import { type PageContext, renderPage } from "./layout";
import { emailField, formNotice, hiddenAction, place, signInEmailAutocomplete } from "./parts";
import { passkeyButton } from "./passkey-pages";

export type CodeView =
  | { type: "start"; message?: string }
  | { type: "code"; email: string; resend: boolean; sentAt?: number; message?: string };

export function codeSignInPage(context: PageContext, view: CodeView): Response {
  if (view.type === "code") {
    return codeStepPage(context, {
      title: "Sign in",
      email: view.email,
      verifyAction: "verify",
      resendFields: { action: "resend", email: view.email },
      sentAt: view.sentAt,
      anotherEmailHref: "/code/authorize",
      message: view.message,
      info: view.resend ? "A new code is on its way. Only the newest code works." : undefined,
    });
  }
  const placed = place(view.message, ["email"]);
  const body = html`${formNotice(placed)}
<p>We email you a 6-digit code to sign in with. A new address gets a new account.</p>
<form data-component="form" method="post">
${hiddenAction("request")}
${emailField(placed, undefined, signInEmailAutocomplete(context))}
<button type="submit">Continue</button>
</form>
${passkeyButton(context)}
<div class="footer"><a href="/password/authorize">Sign in with a password instead</a></div>`;
  return renderPage(context, { title: "Sign in", heading: `Sign in to ${context.appName}`, body });
}

const STEP_UP_REASON =
  "There were too many failed sign-ins to this account, so a password alone is not enough now. Enter the sign-in code we emailed to the account's address as well.";

/**
 * Past the account's failure limit: the code mailed to the account's address. It reads the same whether the password
 * was right or not, and whether the account exists; the reason is a notice, what to do is the form.
 */
export function stepUpPage(context: PageContext, email: string, message?: string, sentAt?: number): Response {
  return codeStepPage(context, {
    title: "Confirm it is you",
    email,
    intro: html`<div class="notice info" role="status"><strong>One more step</strong>
<span data-slot="message">${STEP_UP_REASON}</span></div>`,
    verifyAction: "verify",
    resendFields: { action: "request" },
    sentAt,
    anotherEmailHref: "/password/authorize",
    message,
  });
}
