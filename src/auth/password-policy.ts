/** Password policy after NIST SP 800-63B-4: length in code points after NFKC, no composition rules, a blocklist. */
import { COMMON_PASSWORDS_FRONT_CODED } from "./common-passwords";
import { frontDecoded } from "./front-coding";

/** NIST's floor for a password that is the only factor. */
export const PASSWORD_MIN_CODE_POINTS = 8;
/** NIST asks for at least 64; 256 leaves room for passphrases and keeps hashing input bounded. */
export const PASSWORD_MAX_CODE_POINTS = 256;

/**
 * Refuse longer raw input before normalising it, so a megabyte costs nothing. NFKC can shrink a string at most
 * fourfold (no character's canonical decomposition is longer than 4 code points, e.g. U+1F82), and a code point is
 * at most 2 UTF-16 units, so anything longer than this is over the maximum after normalisation too.
 */
const RAW_UTF16_UNITS_ALWAYS_TOO_LONG = PASSWORD_MAX_CODE_POINTS * 4 * 2;

export type PasswordPolicyFailure = "too_short" | "too_long" | "common";

export type PasswordPolicyResult =
  | { ok: true; password: string }
  | { ok: false; reason: PasswordPolicyFailure; message: string };

/** Shown as is on the sign-up, reset and change-password forms. */
export const PASSWORD_POLICY_MESSAGES: Record<PasswordPolicyFailure, string> = {
  too_short: `Use at least ${PASSWORD_MIN_CODE_POINTS} characters.`,
  too_long: `Use at most ${PASSWORD_MAX_CODE_POINTS} characters.`,
  common: "This password is too common and easy to guess. Choose a different one.",
};

/** The rules as the sign-up and reset forms show them before anything is typed (the same numbers as the checks). */
export const PASSWORD_RULES = `At least ${PASSWORD_MIN_CODE_POINTS} characters, up to ${PASSWORD_MAX_CODE_POINTS}. Spaces and any letters are fine; a very common password is refused.`;

/** NFKC, so that visually identical input typed on different keyboards is the same password. Sign-in calls this too. */
export function normalizePassword(password: string): string {
  return password.normalize("NFKC");
}

/** Code points, not UTF-16 units: an emoji is one character to the person typing it. */
export function countCodePoints(text: string): number {
  let count = 0;
  for (const _ of text) count++;
  return count;
}

let commonPasswords: Set<string> | undefined;

/** Parsed on first use, so isolates that never see a sign-up never pay for the set. */
export function isCommonPassword(password: string): boolean {
  commonPasswords ??= new Set(frontDecoded(COMMON_PASSWORDS_FRONT_CODED));
  return commonPasswords.has(normalizePassword(password).toLowerCase());
}

/** Decides whether a new password is acceptable; on success returns the normalised password to hash. */
export function checkPasswordPolicy(password: string): PasswordPolicyResult {
  if (password.length > RAW_UTF16_UNITS_ALWAYS_TOO_LONG) return refuse("too_long");
  const normalized = normalizePassword(password);
  const length = countCodePoints(normalized);
  if (length < PASSWORD_MIN_CODE_POINTS) return refuse("too_short");
  if (length > PASSWORD_MAX_CODE_POINTS) return refuse("too_long");
  if (isCommonPassword(normalized)) return refuse("common");
  return { ok: true, password: normalized };
}

function refuse(reason: PasswordPolicyFailure): PasswordPolicyResult {
  return { ok: false, reason, message: PASSWORD_POLICY_MESSAGES[reason] };
}
