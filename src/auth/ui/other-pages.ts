/** The second factor, and the pages that refuse: a sign-in link not valid, a limited step, a sign-in gone. */
import { html } from "./html";
import { type PageContext, renderPage } from "./layout";
import { field, hiddenAction, notice, place } from "./parts";

/**
 * The sign-in's second step: field `code` posted to `action`; `step` names the step for a form route that serves
 * several (the password reset posts `action=second_factor` to `/password/change`).
 */
export function secondFactorPage(
  context: PageContext,
  form: { action: string; step?: string; message?: string; status?: number },
): Response {
  const placed = place(form.message, ["code"]);
  const attributes = html` inputmode="text" minlength="6" maxlength="32" autocapitalize="none" spellcheck="false"`;
  const body = html`${notice(placed?.place === "notice" ? placed.message : undefined)}
<p>Enter the 6-digit code from your authenticator app, or one of your backup codes.</p>
<form data-component="form" method="post" action="${form.action}">
${form.step ? hiddenAction(form.step) : ""}
${field({ name: "code", label: "Code", autocomplete: "one-time-code", autofocus: true, attributes }, placed)}
<button type="submit">Continue</button>
</form>`;
  return renderPage(context, {
    title: "Two-step verification",
    heading: "Enter your verification code",
    body,
    status: form.status,
  });
}

/** A refusal page: what happened as the heading, why as a notice, and what to do. */
function refusal(context: PageContext, title: string, why: string, todo: string, status: number) {
  const body = html`${notice(why)}<p>${todo}</p>`;
  return renderPage(context, { title, heading: title, body, status });
}

export const signInEndedPage = (context: PageContext) =>
  refusal(
    context,
    "This sign-in has ended",
    "This sign-in has expired or was already completed.",
    "Go back to the app you came from and sign in again.",
    400,
  );

export const refusedAuthorizationPage = (context: PageContext, reason: string) =>
  refusal(
    context,
    "This sign-in link is not valid",
    reason,
    "Go back to the app you came from and start signing in again.",
    400,
  );

/** A sign-in step refused before its form was read (the address's step budget is spent); 429 is set by the caller. */
export const limitedPage = (context: PageContext, message: string) =>
  refusal(context, "Too many sign-in attempts", message, "Nothing was changed. Wait until then, and try again.", 200);

/** A sign-in through an upstream provider that is refused (decision 0038): why, and what to do instead. */
export const upstreamRefusedPage = (context: PageContext, why: string, todo: string) =>
  refusal(context, "This sign-in was not completed", why, todo, 403);
