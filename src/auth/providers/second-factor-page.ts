/** The sign-in's second step as a page in OpenAuth's look: one form, field `code`, posted to the provider's route. */
import { Layout } from "@openauthjs/openauth/ui/base";
import { FormAlert } from "@openauthjs/openauth/ui/form";
import { html } from "hono/html";

const INTRO = "Enter the 6-digit code from your authenticator app, or one of your backup codes.";

function page(body: ReturnType<typeof html>, status: number): Response {
  return new Response(Layout({ children: body }).toString(), {
    status,
    headers: { "content-type": "text/html; charset=utf-8" },
  });
}

/**
 * The code form; `message` (a wrong code, a limit) is shown above it. `step` names the step for a form route that
 * serves several (the password reset posts `action=second_factor` to `/password/change`).
 */
export function secondFactorForm(action: string, message?: string, status = 200, step?: string): Response {
  return page(
    html`<form data-component="form" method="post" action="${action}">
      ${message ? FormAlert({ message }) : ""}
      ${step ? html`<input type="hidden" name="action" value="${step}" />` : ""}
      <p data-component="form-footer">${INTRO}</p>
      <input data-component="input" autofocus type="text" name="code" required minlength="6" maxlength="32"
        inputmode="text" autocomplete="one-time-code" autocapitalize="none" spellcheck="false" placeholder="Code" />
      <button data-component="button">Continue</button>
    </form>`,
    status,
  );
}

/** No sign-in waits for a second factor here (another browser, an expired or completed one): nothing to do. */
export function secondFactorGonePage(): Response {
  return page(
    html`<div data-component="form">
      ${FormAlert({ message: "This sign-in has expired or was already completed." })}
      <p data-component="form-footer">Go back to the app you came from and sign in again.</p>
    </div>`,
    400,
  );
}
