/**
 * Password sign-in as a pure step: what one form submission asks for, given the flow's state. The handler
 * (sign-in.ts) does the I/O. Past the account's failure limit the flow is in `step_up`: the password was checked
 * (the result kept in the encrypted state, never shown) and an emailed code must follow.
 */
import { parseEmail } from "../../../lib/email";
import { countCodePoints, PASSWORD_MAX_CODE_POINTS } from "../../password-policy";

export type SignInState =
  | { type: "start" }
  /** `userId` is set only when the password was right; the page looks the same either way. */
  | { type: "step_up"; challengeId: string; email: string; userId: string | null; sentAt?: number };

export type SignInCommand =
  | { kind: "invalid_email" }
  /** Not a guess (empty, or longer than any accepted password): refused unevaluated. */
  | { kind: "wrong_password" }
  | { kind: "check_password"; email: string; password: string }
  | { kind: "verify_step_up"; state: Extract<SignInState, { type: "step_up" }>; code: string }
  | { kind: "resend_step_up"; state: Extract<SignInState, { type: "step_up" }> }
  | { kind: "restart" };

export function signInStep(state: SignInState, form: FormData): SignInCommand {
  const action = form.get("action")?.toString();
  if (action === "verify" || action === "request") {
    if (state.type !== "step_up") return { kind: "restart" };
    return action === "verify"
      ? { kind: "verify_step_up", state, code: form.get("code")?.toString() ?? "" }
      : { kind: "resend_step_up", state };
  }
  const email = parseEmail(form.get("email"));
  if (!email) return { kind: "invalid_email" };
  const password = form.get("password")?.toString() ?? "";
  if (!password || countCodePoints(password) > PASSWORD_MAX_CODE_POINTS) return { kind: "wrong_password" };
  return { kind: "check_password", email, password };
}
