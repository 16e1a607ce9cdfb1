/** The provider's own pages, in the sign-in pages' frame (src/auth/ui/layout.ts): signed out, a refused logout. */
import { html } from "../auth/ui/html";
import { type PageContext, renderPage } from "../auth/ui/layout";
import { notice } from "../auth/ui/parts";
import { quotedName } from "../mail/templates";
import { AUTHORIZED_APPS_PATH, scopeWords } from "./scope-words";

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

/**
 * Which app asks for which scopes. The app's name is chosen by whoever registered it, so it is quoted as a name
 * (never read as our own words), and escaped by `html` like every value.
 */
export function consentPage(context: PageContext, request: { appName: string; scopes: readonly string[] }) {
  const app = quotedName(request.appName);
  const items = request.scopes.map((scope) => html`<li>${scopeWords(scope)}</li>`);
  return renderPage(context, {
    title: "Allow access",
    heading: `Allow ${app} to use your account?`,
    body: html`<p id="consent-scopes">${app} is asking to:</p>
<ul aria-labelledby="consent-scopes">${items}</ul>
<p>You can take this back at any time under <a href="${AUTHORIZED_APPS_PATH}">My account, Apps</a>.</p>
<form data-component="form" method="post" action="/consent">
<button type="submit" name="decision" value="allow">Allow</button>
<button type="submit" name="decision" value="deny" class="secondary">Deny</button>
</form>`,
  });
}
