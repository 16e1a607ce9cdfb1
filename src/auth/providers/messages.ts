/** What a person reads when a sign-in step is limited, or an emailed code does not work, for every way it can. */
import type { CodeCheck } from "../email-codes";

/** Shown by every sign-in form when the right credentials belong to a deactivated account. */
export const DEACTIVATED_ACCOUNT_MESSAGE = "This account is deactivated. Contact your administrator.";

export function rateLimitedMessage(retryAfterSeconds: number): string {
  const minutes = Math.ceil(retryAfterSeconds / 60);
  return `Too many attempts. Try again in ${minutes} minute${minutes === 1 ? "" : "s"}.`;
}

export function codeFailureMessage(check: Exclude<CodeCheck, { ok: true }>): string {
  switch (check.reason) {
    case "wrong":
      return check.triesLeft > 0
        ? `That code is not right. ${check.triesLeft} ${check.triesLeft === 1 ? "try" : "tries"} left.`
        : "That code is not right. Too many wrong codes for this email: wait a few minutes, then request a new code.";
    case "limited":
      return codeLockedMessage(check.retryAfterSeconds);
    case "exhausted":
      return "Too many wrong codes: this code no longer works. Request a new code.";
    case "expired":
      return "This code has expired. Request a new code.";
    case "used":
      return "This code was already used. Request a new code.";
    case "unknown":
      return "This code is not valid. Request a new code.";
  }
}

export function codeLockedMessage(retryAfterSeconds: number): string {
  return `Too many wrong codes for this email. ${rateLimitedMessage(retryAfterSeconds).replace("Too many attempts. ", "")}`;
}

/** Too many wrong second-factor codes for the account (the sign-in step and the API say the same). */
export function secondFactorLockedMessage(retryAfterSeconds: number): string {
  return `Too many wrong codes. ${rateLimitedMessage(retryAfterSeconds).replace("Too many attempts. ", "")}`;
}
