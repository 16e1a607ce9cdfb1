/**
 * Device trust (decision 0019), as plain rules. A browser that completed a sign-in keeps a signed cookie naming the
 * account, its own device id, the account's device generation and when it was issued. Attempts that carry a valid
 * one for the email being tried are counted against that device's own budget, never against (nor stopped by) the
 * email-wide budgets that anyone who knows the email can spend: an attacker can slow down browsers that never
 * signed in, never the owner's own. Password reset, deactivation and deletion move the account's generation, which
 * ends every device cookie issued before.
 *
 * Threat: a forged, copied-to-another-account, expired or ended cookie must give nothing; the MAC (under a key
 * derived from AUTH_SECRET) binds every field, and the generation is checked against the Account object each time.
 */

import { base64UrlEncode, hmacBase64Url, timingSafeEqualStrings } from "../lib/crypto";
import type { SlidingLimit } from "../ratelimit/limiter";
import { SIGN_IN_LIMITS } from "./sign-in-limits";

/** 90 days; a completed sign-in from the browser issues it again (renewal on use). */
export const DEVICE_COOKIE_MAX_AGE_SECONDS = 90 * 24 * 60 * 60;
/** One cookie per account the browser signed in to: `device-<user id>`, so a shared browser trusts each. */
export const DEVICE_COOKIE_PREFIX = "device-";
/** The MAC label: no other MAC made with the same key can pass as a device cookie. */
const DEVICE_COOKIE_MAC_LABEL = "device-cookie v1";

/** Why the Account object ends its device cookies: with the sessions on these, and only these. */
const ENDING_REASONS: ReadonlySet<string> = new Set(["password_reset", "deactivated", "account_deleted"]);

export interface DeviceClaim {
  userId: string;
  deviceId: string;
  /** The account's device generation when the cookie was issued. */
  generation: number;
  /** Seconds since the epoch. */
  issuedAt: number;
}

export type DeviceVerdict = "trusted" | "other_account" | "expired" | "ended";

export const deviceCookieName = (userId: string) => `${DEVICE_COOKIE_PREFIX}${userId}`;

/** Whether ending sessions for `reason` also ends the account's device cookies. */
export function endsDeviceTrust(reason: string): boolean {
  return ENDING_REASONS.has(reason);
}

export function newDeviceId(): string {
  return `dev_${base64UrlEncode(crypto.getRandomValues(new Uint8Array(16)))}`;
}

const claimText = (claim: DeviceClaim) => `${claim.userId}.${claim.deviceId}.${claim.generation}.${claim.issuedAt}`;

/** The cookie's value: the claim and its MAC, dot-separated (ids are base64url with a prefix: no dots). */
export async function signDeviceClaim(key: CryptoKey, claim: DeviceClaim): Promise<string> {
  const text = claimText(claim);
  return `${text}.${await hmacBase64Url(key, DEVICE_COOKIE_MAC_LABEL, text)}`;
}

/** The claim a cookie value carries, or null unless it is well-formed and its MAC is ours. */
export async function readDeviceClaim(key: CryptoKey, value: string): Promise<DeviceClaim | null> {
  const parts = value.split(".");
  if (parts.length !== 5) return null;
  const [userId = "", deviceId = "", generationText = "", issuedAtText = "", mac = ""] = parts;
  if (!/^\d{1,9}$/.test(generationText) || !/^\d{1,12}$/.test(issuedAtText) || !userId || !deviceId) return null;
  const claim = { userId, deviceId, generation: Number(generationText), issuedAt: Number(issuedAtText) };
  const expected = await hmacBase64Url(key, DEVICE_COOKIE_MAC_LABEL, claimText(claim));
  return timingSafeEqualStrings(mac, expected) ? claim : null;
}

/** Whether a genuine claim trusts this browser for `account` now (the account's current device generation). */
export function deviceVerdict(
  claim: DeviceClaim,
  account: { userId: string; generation: number; now: Date },
): DeviceVerdict {
  if (claim.userId !== account.userId) return "other_account";
  const ageSeconds = account.now.getTime() / 1000 - claim.issuedAt;
  if (ageSeconds >= DEVICE_COOKIE_MAX_AGE_SECONDS || ageSeconds < -60) return "expired";
  if (claim.generation !== account.generation) return "ended";
  return "trusted";
}

/**
 * The claim to issue after a completed sign-in: the same device id when the browser already held a trusted cookie
 * for this account (its budget and identity carry on), a new one otherwise; issued now, at the current generation.
 */
export function claimAfterSignIn(
  previous: DeviceClaim | null,
  account: { userId: string; generation: number; now: Date },
  makeDeviceId: () => string = newDeviceId,
): DeviceClaim {
  const keep = previous !== null && deviceVerdict(previous, account) === "trusted";
  return {
    userId: account.userId,
    deviceId: keep ? previous.deviceId : makeDeviceId(),
    generation: account.generation,
    issuedAt: Math.floor(account.now.getTime() / 1000),
  };
}

/** The Set-Cookie line: HttpOnly, SameSite=Lax, whole origin, 90 days; Secure everywhere but development (http). */
export function deviceCookieHeader(name: string, value: string, options: { secure: boolean }): string {
  const attributes = [`Max-Age=${DEVICE_COOKIE_MAX_AGE_SECONDS}`, "Path=/", "HttpOnly", "SameSite=Lax"];
  if (options.secure) attributes.push("Secure");
  return [`${name}=${value}`, ...attributes].join("; ");
}

/** What a sign-in attempt is, for the budget it spends. */
export type SignInAttempt = "password" | "code_guess" | "code_request";

/**
 * The budget an attempt spends, and what happens once it is spent. A trusted device spends its own (10 per 15
 * minutes, then 429). Anyone else spends the email's: wrong passwords step up to password plus emailed code, wrong
 * codes are refused (429), and code requests are answered as usual without a mail.
 */
export function attemptBudget(
  attempt: SignInAttempt,
  email: string,
  device: { deviceId: string } | null,
): { limit: SlidingLimit; key: string; whenSpent: "refuse" | "step_up" | "skip_mail" } {
  if (device) return { limit: SIGN_IN_LIMITS.failuresPerDevice, key: device.deviceId, whenSpent: "refuse" };
  switch (attempt) {
    case "password":
      return { limit: SIGN_IN_LIMITS.passwordFailuresPerAccount, key: email, whenSpent: "step_up" };
    case "code_guess":
      return { limit: SIGN_IN_LIMITS.codeGuessesPerEmail, key: email, whenSpent: "refuse" };
    case "code_request":
      return { limit: SIGN_IN_LIMITS.mailsPerAddress, key: email, whenSpent: "skip_mail" };
  }
}
