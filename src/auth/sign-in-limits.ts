/**
 * The sign-in limits, in one place (decision 0006). Crowds share addresses (offices, campuses, mobile carriers)
 * and anyone can type anyone's email, so successes never lock anyone out: only failures count towards a limit,
 * and past an account's limit password sign-in steps up to password plus emailed code instead of refusing.
 */
import type { SlidingLimit } from "../ratelimit/limiter";

const MINUTE = 60;
const HOUR = 60 * MINUTE;

export const SIGN_IN_LIMITS = {
  /** Every sign-in form submission from one address: generous, 50 people signing up and in fit easily. */
  stepsPerIp: { name: "signin-steps-ip", limit: 500, windowSeconds: 15 * MINUTE },
  /** Wrong passwords and wrong codes from one address, across all accounts: stops spraying. */
  failuresPerIp: { name: "signin-failures-ip", limit: 100, windowSeconds: 15 * MINUTE },
  /** Wrong passwords for one email, from anywhere: past it, password sign-in also needs an emailed code. */
  passwordFailuresPerAccount: { name: "signin-failures-account", limit: 10, windowSeconds: 15 * MINUTE },
  /** Wrong emailed codes for one email, whatever the code's purpose and however many were requested. */
  codeGuessesPerEmail: { name: "code-guesses-email", limit: 5, windowSeconds: 10 * MINUTE },
  /**
   * Wrong second-factor codes (TOTP or backup) for one account, at sign-in and in the API alike: 5 lock the step for
   * 15 minutes. Keyed by user id: only someone past the first factor (or holding a session) reaches it.
   */
  secondFactorGuessesPerAccount: { name: "second-factor-guesses", limit: 5, windowSeconds: 15 * MINUTE },
  /**
   * A browser that signed in to the account before (its device cookie, decision 0019): its own wrong passwords, wrong
   * codes and code requests, instead of the email-wide budgets above that anyone who knows the email can spend.
   */
  failuresPerDevice: { name: "signin-failures-device", limit: 10, windowSeconds: 15 * MINUTE },
  /**
   * Sign-in, sign-up and reset mails to one address asked for by browsers without its device cookie. Past it the
   * page looks the same and nothing is mailed, so nobody can flood an inbox (decision 0019).
   */
  mailsPerAddress: { name: "mails-address", limit: 5, windowSeconds: 15 * MINUTE },
  /** `POST /api/me/email` per account: each mails a code to an address of the caller's choosing. */
  emailChangesPerAccount: { name: "email-change-account", limit: 5, windowSeconds: HOUR },
  /** `POST /api/me/email` per target address, whoever asks: an address is not mailed codes it never wanted. */
  emailChangesPerAddress: { name: "email-change-address", limit: 3, windowSeconds: HOUR },
} as const satisfies Record<string, SlidingLimit>;
