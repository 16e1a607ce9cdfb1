/**
 * Rules of emailed codes: 6 digits, 10 minutes, 5 tries. A code is a guessable secret (one in a million), so every
 * try is counted on the server, and wrong guesses are also limited per email across all codes
 * (SIGN_IN_LIMITS.codeGuessesPerEmail, or a trusted device's own budget). A new code does not end the older ones
 * (decision 0019): otherwise anyone who knows an email could end its owner's code by asking for another.
 */

export const EMAIL_CODE_DIGITS = 6;
export const EMAIL_CODE_TTL_SECONDS = 10 * 60;
export const MAX_EMAIL_CODE_TRIES = 5;

/** When a code issued at `issuedAt` stops working: every code is issued with this expiry (email-codes.ts). */
export function codeExpiresAt(issuedAt: Date): Date {
  return new Date(issuedAt.getTime() + EMAIL_CODE_TTL_SECONDS * 1000);
}

export interface CodeChallengeState {
  triesUsed: number;
  createdAt: string;
  expiresAt: string;
  consumedAt: string | null;
}

export type CodeChallengeStatus = "open" | "expired" | "used" | "exhausted";

/**
 * A challenge is open until it is used, expires (exactly at `expires_at` it is expired) or has no tries left. A
 * newer code for the same email and purpose leaves it open.
 */
export function codeChallengeStatus(challenge: CodeChallengeState, now: Date): CodeChallengeStatus {
  if (challenge.consumedAt) return "used";
  if (now.getTime() >= Date.parse(challenge.expiresAt)) return "expired";
  if (challenge.triesUsed >= MAX_EMAIL_CODE_TRIES) return "exhausted";
  return "open";
}

/** A uniformly random code of EMAIL_CODE_DIGITS digits (rejection sampling, no modulo bias). */
export function newEmailCode(random: (bytes: Uint32Array) => Uint32Array = (b) => crypto.getRandomValues(b)): string {
  const range = 10 ** EMAIL_CODE_DIGITS;
  const limit = Math.floor(0x1_0000_0000 / range) * range;
  for (;;) {
    const [value = 0] = random(new Uint32Array(1));
    if (value < limit) return String(value % range).padStart(EMAIL_CODE_DIGITS, "0");
  }
}

/** Codes are typed by people: accept spaces and dashes, nothing but digits otherwise. */
export function normalizeEmailCode(input: string): string | null {
  const digits = input.replace(/[\s-]/g, "");
  return new RegExp(`^\\d{${EMAIL_CODE_DIGITS}}$`).test(digits) ? digits : null;
}
