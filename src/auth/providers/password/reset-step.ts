/** Forgotten password as a pure step: what one form submission asks for, given the flow's state (handler: reset.ts). */
import { parseEmail } from "../../../lib/email";
import { EMAIL_CODE_TTL_SECONDS } from "../../email-code-rules";
import { checkPasswordPolicy } from "../../password-policy";

export type ResetState =
  | { type: "start"; redirect: string }
  | { type: "code"; challengeId: string; email: string; redirect: string }
  | { type: "update"; challengeId: string; email: string; redirect: string };

export type ResetCommand =
  | { kind: "render"; state: ResetState; message?: string }
  | { kind: "send_code"; email: string }
  | { kind: "verify"; state: Extract<ResetState, { type: "code" }>; code: string }
  | { kind: "update"; state: Extract<ResetState, { type: "update" }>; password: string };

export function resetStep(state: ResetState, form: FormData): ResetCommand {
  const action = form.get("action")?.toString();
  const restart: ResetState = { type: "start", redirect: state.redirect };
  if (action === "code") {
    // The code page's resend posts the email again; a missing one means the email the page started with.
    const email = parseEmail(form.get("email")) ?? (state.type === "code" ? state.email : null);
    if (!email) return { kind: "render", state: restart, message: "Enter a valid email address." };
    return { kind: "send_code", email };
  }
  if (action === "verify" && state.type === "code") {
    return { kind: "verify", state, code: form.get("code")?.toString() ?? "" };
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
