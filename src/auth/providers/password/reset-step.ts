/** Forgotten password as a pure step: what one form submission asks for, given the flow's state (handler: reset.ts). */
import { parseEmail } from "../../../lib/email";
import { EMAIL_CODE_TTL_SECONDS } from "../../email-code-rules";
import { checkPasswordPolicy } from "../../password-policy";

/**
 * start → code (emailed) → second_factor (only with two-factor on; `challenge` is the Account object's nonce) →
 * update (the new password; `secondFactorChecked` once the second factor passed).
 */
export type ResetState =
  | { type: "start"; redirect: string }
  /** `sentAt`: when the code was sent (ms), for the page's resend cooldown. */
  | { type: "code"; challengeId: string; email: string; redirect: string; sentAt?: number }
  | { type: "second_factor"; challengeId: string; email: string; redirect: string; challenge: string }
  | { type: "update"; challengeId: string; email: string; redirect: string; secondFactorChecked?: true };

export type ResetCommand =
  | { kind: "render"; state: ResetState; message?: string }
  | { kind: "send_code"; email: string; state: ResetState }
  | { kind: "verify"; state: Extract<ResetState, { type: "code" }>; code: string }
  | { kind: "second_factor"; state: Extract<ResetState, { type: "second_factor" }>; code: string }
  | { kind: "update"; state: Extract<ResetState, { type: "update" }>; password: string };

export const SECOND_FACTOR_FIRST_MESSAGE = "Enter the code from your authenticator app first.";

export function resetStep(state: ResetState, form: FormData): ResetCommand {
  const action = form.get("action")?.toString();
  const restart: ResetState = { type: "start", redirect: state.redirect };
  if (action === "code") {
    // The code page's resend posts the email again; a missing one means the email the page started with.
    const email = parseEmail(form.get("email")) ?? (state.type === "code" ? state.email : null);
    if (!email) return { kind: "render", state: restart, message: "Enter a valid email address." };
    return { kind: "send_code", email, state };
  }
  if (action === "verify" && state.type === "code") {
    return { kind: "verify", state, code: form.get("code")?.toString() ?? "" };
  }
  if (action === "second_factor" && state.type === "second_factor") {
    return { kind: "second_factor", state, code: form.get("code")?.toString() ?? "" };
  }
  // A new password posted past the second factor's form is not looked at: the same form, asking for the code.
  if (action === "update" && state.type === "second_factor") {
    return { kind: "render", state, message: SECOND_FACTOR_FIRST_MESSAGE };
  }
  if (action === "update" && state.type === "update") {
    const password = form.get("password")?.toString() ?? "";
    if (password !== (form.get("repeat")?.toString() ?? "")) {
      return { kind: "render", state, message: "Passwords do not match." };
    }
    const policy = checkPasswordPolicy(password);
    if (!policy.ok) return { kind: "render", state, message: policy.message };
    return { kind: "update", state, password: policy.password };
  }
  return { kind: "render", state: restart };
}

/**
 * The update must follow its code closely, and only once: a verified code older than a code's lifetime, or older
 * than the account's last password change (this update replayed, or another), is worthless.
 */
export function isResetStale(verifiedAt: string, passwordChangedAt: string | null, now: Date): boolean {
  const verified = Date.parse(verifiedAt);
  if (now.getTime() - verified > EMAIL_CODE_TTL_SECONDS * 1000) return true;
  return passwordChangedAt !== null && Date.parse(passwordChangedAt) >= verified;
}
