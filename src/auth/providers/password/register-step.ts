/** Password sign-up as a pure step: what one form submission asks for, given the flow's state (handler: register.ts). */
import { parseEmail } from "../../../lib/email";
import { checkPasswordPolicy } from "../../password-policy";

export type RegisterState =
  | { type: "start" }
  /** `sentAt`: when the code was sent (ms), for the page's resend cooldown. */
  | { type: "code"; challengeId: string; email: string; sentAt?: number };

export type RegisterCommand =
  | { kind: "render"; state: RegisterState; message?: string }
  | { kind: "start_sign_up"; email: string; password: string }
  /** A resend on the code page re-posts `register`: a new code for the email the page started with. */
  | { kind: "resend"; state: Extract<RegisterState, { type: "code" }> }
  | { kind: "verify"; state: Extract<RegisterState, { type: "code" }>; code: string };

export function registerStep(state: RegisterState, form: FormData): RegisterCommand {
  const action = form.get("action")?.toString();
  if (action === "register") {
    if (state.type === "code") return { kind: "resend", state };
    const email = parseEmail(form.get("email"));
    if (!email) return { kind: "render", state: { type: "start" }, message: "Enter a valid email address." };
    const password = form.get("password")?.toString() ?? "";
    if (password !== (form.get("repeat")?.toString() ?? "")) {
      return { kind: "render", state, message: "Passwords do not match." };
    }
    const policy = checkPasswordPolicy(password);
    if (!policy.ok) return { kind: "render", state, message: policy.message };
    return { kind: "start_sign_up", email, password: policy.password };
  }
  if (action === "verify" && state.type === "code") {
    return { kind: "verify", state, code: form.get("code")?.toString() ?? "" };
  }
  return { kind: "render", state: { type: "start" } };
}
