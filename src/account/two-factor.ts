/**
 * The rules of two-factor authentication, as plain functions: TOTP (RFC 6238: SHA-1, 6 digits, 30-second steps,
 * through `otpauth`), the otpauth URI an authenticator app scans, and backup codes. Which codes were used is state
 * (the Account object keeps it); whether a code is right, and which step it proves, is decided here.
 */
import { Secret, TOTP } from "otpauth";
import { hmacBase64Url } from "../lib/crypto";

export const TOTP_ISSUER = "Edge Identity";
export const TOTP_PERIOD_SECONDS = 30;
export const TOTP_DIGITS = 6;
/** A code of the step before or after the current one is accepted too (a phone's clock drifts, a person types slowly). */
export const TOTP_WINDOW_STEPS = 1;
/** RFC 4226 §4 asks for at least 128 bits; 160 is SHA-1's block-friendly size and what authenticator apps expect. */
const SECRET_BYTES = 20;

/** How long a sign-in that passed its first factor may wait for its second. */
export const SECOND_FACTOR_CHALLENGE_SECONDS = 15 * 60;

export const BACKUP_CODE_COUNT = 10;
const BACKUP_CODE_LENGTH = 10;
/** No 0/o, 1/l/i: a code read off paper is typed right. 31 symbols, 10 of them: about 49.5 bits per code. */
const BACKUP_CODE_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz";

function totp(secretBase32: string, label = ""): TOTP {
  return new TOTP({
    issuer: TOTP_ISSUER,
    label,
    algorithm: "SHA1",
    digits: TOTP_DIGITS,
    period: TOTP_PERIOD_SECONDS,
    secret: Secret.fromBase32(secretBase32),
  });
}

/** A fresh TOTP secret, base32 (what a person types into an app that cannot scan). */
export function newTotpSecret(): string {
  return new Secret({ size: SECRET_BYTES }).base32;
}

/** The `otpauth://totp/…` URI of the secret, labelled with the person's email, for the QR code. */
export function otpauthUri(secretBase32: string, email: string): string {
  return totp(secretBase32, email).toString();
}

/** The TOTP step (30-second counter since the epoch) that `at` falls in. */
export function totpStep(at: Date): number {
  return Math.floor(at.getTime() / 1000 / TOTP_PERIOD_SECONDS);
}

/** The code of the step `at` falls in (tests and the setup page's clients make codes with this). */
export function totpCode(secretBase32: string, at: Date): string {
  return totp(secretBase32).generate({ timestamp: at.getTime() });
}

export type TotpCheck = { ok: true; step: number } | { ok: false; reason: "wrong" | "replayed" };

/**
 * Whether `code` is the TOTP of a step within ±1 of now, and which step. A step at or before `lastUsedStep` is
 * refused even when the code is right: a code works once, and an older code never works after a newer one.
 */
export function checkTotp(secretBase32: string, code: string, now: Date, lastUsedStep: number | null): TotpCheck {
  const token = code.replace(/\s+/g, "");
  if (!/^\d{6}$/.test(token)) return { ok: false, reason: "wrong" };
  const delta = totp(secretBase32).validate({ token, timestamp: now.getTime(), window: TOTP_WINDOW_STEPS });
  if (delta === null) return { ok: false, reason: "wrong" };
  const step = totpStep(now) + delta;
  if (lastUsedStep !== null && step <= lastUsedStep) return { ok: false, reason: "replayed" };
  return { ok: true, step };
}

/** What a typed code can be: six digits are a TOTP, ten symbols of the backup alphabet a backup code. */
export function codeKind(code: string): "totp" | "backup" | "malformed" {
  if (/^\d{6}$/.test(code.replace(/\s+/g, ""))) return "totp";
  return normalizeBackupCode(code) ? "backup" : "malformed";
}

/** Ten fresh backup codes, shown grouped as `xxxxx-xxxxx`. */
export function newBackupCodes(): string[] {
  return Array.from({ length: BACKUP_CODE_COUNT }, () => {
    // 256 is not a multiple of 31: values past the last whole multiple are drawn again, so every symbol is as likely.
    const limit = 256 - (256 % BACKUP_CODE_ALPHABET.length);
    let code = "";
    while (code.length < BACKUP_CODE_LENGTH) {
      for (const byte of crypto.getRandomValues(new Uint8Array(BACKUP_CODE_LENGTH))) {
        if (byte < limit && code.length < BACKUP_CODE_LENGTH)
          code += BACKUP_CODE_ALPHABET[byte % BACKUP_CODE_ALPHABET.length];
      }
    }
    return `${code.slice(0, 5)}-${code.slice(5)}`;
  });
}

/** A typed backup code as stored: case, spaces and dashes do not matter. Null when it cannot be one. */
export function normalizeBackupCode(typed: string): string | null {
  const code = typed.toLowerCase().replace(/[\s-]+/g, "");
  if (code.length !== BACKUP_CODE_LENGTH) return null;
  for (const symbol of code) if (!BACKUP_CODE_ALPHABET.includes(symbol)) return null;
  return code;
}

/**
 * What is stored of a backup code: an HMAC of its normalized form under the service's MAC key (decision 0007),
 * bound to the account. A code has about 49.5 random bits: a plain hash could be searched offline from a copy of
 * the table; without AUTH_SECRET the MAC cannot.
 */
export function backupCodeDigest(macKey: CryptoKey, userId: string, normalized: string): Promise<string> {
  return hmacBase64Url(macKey, "backup-code", `${userId}:${normalized}`);
}
