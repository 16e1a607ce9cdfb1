/** The provider's own pages, in the sign-in pages' frame (src/auth/ui/layout.ts): signed out, a refused logout. */
import { html } from "../auth/ui/html";
import { type PageContext, renderPage } from "../auth/ui/layout";
import { notice } from "../auth/ui/parts";

export const signedOutPage = (context: PageContext) =>
  renderPage(context, {
    title: "Signed out",
    heading: "You are signed out",
    body: html`${notice("The app's session has ended.", "ok")}<p>You can close this page.</p>`,
  });

export const refusedLogoutPage = (context: PageContext, reason: string) =>
  renderPage(context, {
    title: "This sign-out link is not valid",
    heading: "This sign-out link is not valid",
    body: html`${notice(reason)}<p>Nothing was changed. Go back to the app you came from.</p>`,
    status: 400,
  });

/** What each scope lets the app do, in the person's words. */
const SCOPE_WORDS: Record<string, string> = {
  openid: "Know who you are (your account's identifier)",
  email: "See your email address",
  profile: "See your name and picture",
  offline_access: "Stay signed in when you are not using it",
};

export function consentPage(context: PageContext, request: { appName: string; scopes: readonly string[] }) {
  const items = request.scopes.map((scope) => html`<li>${SCOPE_WORDS[scope] ?? scope}</li>`);
  return renderPage(context, {
    title: "Allow access",
    heading: `Allow ${request.appName} to use your account?`,
    body: html`<p>${request.appName} is asking to:</p>
<ul>${items}</ul>
<p>You can take this back at any time in your settings.</p>
<form method="post" action="/consent"><button type="submit" name="decision" value="allow">Allow</button>
<button type="submit" name="decision" value="deny" class="secondary">Deny</button></form>`,
  });
}
