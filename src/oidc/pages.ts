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
