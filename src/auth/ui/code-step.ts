/**
 * The step every emailed code shares (sign-in by code, sign-up, forgotten password, step-up): where the code went,
 * the code field, "Send a new code" after a cooldown and "Use another email".
 */
import { EMAIL_CODE_TTL_SECONDS } from "../email-code-rules";
import { html, type Markup, type Part } from "./html";
import { type PageContext, renderPage } from "./layout";
import { maskEmail } from "./page-rules";
import { codeField, formNotice, hiddenAction, notice, place, resendForm } from "./parts";

const CODE_MINUTES = EMAIL_CODE_TTL_SECONDS / 60;

export interface CodeStep {
  title: string;
  email: string;
  /** Why this code, above the form (the step-up's reason); a refusal replaces nothing, it is shown as well. */
  intro?: Part;
  /** What the form posts beside `code` (OpenAuth's `action` for the step). */
  verifyAction: string;
  /** What "Send a new code" posts (OpenAuth's names). */
  resendFields: Record<string, string>;
  /** When the last code was sent (ms since the epoch), for the cooldown. */
  sentAt?: number;
  /** Where "Use another email" goes: the step's first page, which starts over. */
  anotherEmailHref: string;
  /** A refusal or a limit. */
  message?: string;
  /** News such as "A new code was sent". */
  info?: string;
  /** Lines under the form (the sign-up's way on to sign-in). */
  after?: Markup;
  status?: number;
}

export function codeStepPage(context: PageContext, step: CodeStep): Response {
  const placed = place(step.message, ["code"]);
  const body = html`${step.intro ?? ""}
${formNotice(placed)}${notice(step.info, "ok")}
<p>It can take a minute to arrive. The code works for ${CODE_MINUTES} minutes.</p>
<form data-component="form" method="post">
${hiddenAction(step.verifyAction)}
${codeField(placed)}
<button type="submit">Continue</button>
</form>
${step.after ?? ""}
<div class="footer">
<a href="${step.anotherEmailHref}">Use another email</a>
${resendForm(step.resendFields, step.sentAt)}
</div>`;
  return renderPage(context, {
    title: step.title,
    heading: `Enter the code we sent to ${maskEmail(step.email)}`,
    body,
    status: step.status,
  });
}
