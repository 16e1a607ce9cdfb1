/** Creating an account (`/password/register`) and a forgotten password (`/password/change`), every step of each. */

import { codeStepPage } from "./code-step";
import { html } from "./html";
import { type PageContext, renderPage } from "./layout";
import { emailField, formNotice, hiddenAction, newPasswordFields, place } from "./parts";

export type RegisterView =
  | { type: "start"; form?: FormData; message?: string }
  | { type: "code"; email: string; sentAt?: number; message?: string };

/**
 * The code step reads the same whether the address was free or already had an account (that owner was mailed how to
 * sign in instead), so the page tells nobody who has an account; it offers the way on to sign-in to both.
 */
const SIGN_IN_INSTEAD = html`<p class="hint">Already have an account with this address? Then we emailed you how to
sign in instead. <a href="/password/authorize">Sign in</a></p>`;

export function registerPage(context: PageContext, view: RegisterView): Response {
  if (view.type === "code") {
    return codeStepPage(context, {
      title: "Create your account",
      email: view.email,
      verifyAction: "verify",
      resendFields: { action: "register" },
      sentAt: view.sentAt,
      anotherEmailHref: "/password/register",
      message: view.message,
      after: SIGN_IN_INSTEAD,
    });
  }
  const placed = place(view.message, ["email", "password", "repeat"]);
  const email = placed?.place === "email" ? undefined : view.form?.get("email")?.toString();
  const body = html`${formNotice(placed)}
<form data-component="form" method="post">
${hiddenAction("register")}
${emailField(placed, email)}
${newPasswordFields(placed)}
<button type="submit">Continue</button>
</form>
<div class="footer"><p>Already have an account? <a href="/password/authorize">Sign in</a></p></div>`;
  return renderPage(context, { title: "Create your account", heading: "Create your account", body });
}

export type ResetView =
  | { type: "start"; form?: FormData; message?: string }
  | { type: "code"; email: string; sentAt?: number; message?: string }
  | { type: "update"; message?: string };

const RESET_TITLE = "Reset your password";

export function resetPage(context: PageContext, view: ResetView): Response {
  // OpenAuth answers a refused reset step 400; the tests and clients read that.
  const status = view.message ? 400 : 200;
  if (view.type === "code") {
    return codeStepPage(context, {
      title: RESET_TITLE,
      email: view.email,
      verifyAction: "verify",
      resendFields: { action: "code", email: view.email },
      sentAt: view.sentAt,
      anotherEmailHref: "/password/change",
      message: view.message,
      status,
    });
  }
  const placed = place(view.message, view.type === "start" ? ["email"] : ["password", "repeat"]);
  const fields =
    view.type === "start"
      ? html`<p>Enter the email address of your account. We will email you a code to set a new password.</p>
${hiddenAction("code")}${emailField(placed, placed?.place === "email" ? undefined : view.form?.get("email")?.toString())}`
      : html`<p>Choose a new password. It signs you out everywhere else.</p>
${hiddenAction("update")}${newPasswordFields(placed)}`;
  const body = html`${formNotice(placed)}
<form data-component="form" method="post">
${fields}
<button type="submit">Continue</button>
</form>
<div class="footer"><a href="/password/authorize">Back to sign in</a></div>`;
  const heading = view.type === "update" ? "Choose a new password" : RESET_TITLE;
  return renderPage(context, { title: RESET_TITLE, heading, body, status });
}
