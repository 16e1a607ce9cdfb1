/**
 * The Security page's words (decisions 0031, 0032): a sign-in attempt's method, result, device and place, a
 * passkey's kind, and why the browser's passkey prompt did not give one. Pure, so every word is unit-tested.
 */

import { PASSKEY_NAME_MAX_LENGTH } from "../../../src/account/passkey-rules";
import type { components } from "../api/schema";
import { describeUserAgent } from "../ui/user-agent";

type SignInEvent = components["schemas"]["SignInEvent"];
type Passkey = components["schemas"]["Passkey"];

const METHODS: Record<SignInEvent["method"], string> = {
  password: "Password",
  code: "Emailed code",
  passkey: "Passkey",
  reset: "Password reset",
  step_up: "Sign-in again for a security change",
  two_factor: "Two-factor code",
  connection: "Connected account",
};

const RESULTS: Record<SignInEvent["result"], string> = {
  signed_in: "Signed in",
  wrong_password: "Refused: wrong password",
  wrong_code: "Refused: wrong code",
  second_factor_failed: "Refused: wrong two-factor code",
  refused_deactivated: "Refused: the account is deactivated",
  rate_limited: "Refused: too many attempts, try again later",
};

export const signInMethodWords = (method: SignInEvent["method"]) => METHODS[method];

export const signInResultWords = (result: SignInEvent["result"]) => RESULTS[result];

/** Whether the row reads as a success (the others are shown as warnings). */
export const signedIn = (event: Pick<SignInEvent, "result">) => event.result === "signed_in";

/** "Chrome on Linux, a browser used before" / "…, a new browser": what the alert mail calls a new device. */
export function deviceWords(event: Pick<SignInEvent, "user_agent" | "known_device">): string {
  const device = describeUserAgent(event.user_agent);
  return `${device}, ${event.known_device ? "a browser used before" : "a new browser"}`;
}

/**
 * "Berlin, Germany", "Germany", or the network the attempt came from when the request carried no place (local
 * development, or a host that adds no location).
 */
export function placeWords(event: Pick<SignInEvent, "country" | "city" | "ip">, locale?: string): string {
  const country = event.country ? countryName(event.country, locale) : null;
  const place = [event.city, country].filter(Boolean).join(", ");
  return place || `Network ${event.ip}`;
}

function countryName(code: string, locale?: string): string {
  try {
    return new Intl.DisplayNames(locale, { type: "region" }).of(code.toUpperCase()) ?? code;
  } catch {
    // A code Intl does not know (Cloudflare's "T1" for Tor, "XX" for unknown) is shown as sent.
    return code;
  }
}

/** "Synced passkey, backed up" / "On this device only": where a passkey lives decides what losing a device costs. */
export function passkeyKindWords(passkey: Pick<Passkey, "device_type" | "backed_up">): string {
  if (passkey.device_type === "singleDevice") return "Kept on one device only";
  return passkey.backed_up ? "Synced passkey, backed up" : "Synced passkey, not yet backed up";
}

/**
 * The name a new passkey gets when the person gives none: the browser and system it was made in ("Chrome on Linux"),
 * which says more in the list than the server's own default; none when the agent says nothing (the server's then).
 */
export function defaultPasskeyName(userAgent: string): string | undefined {
  return userAgent.trim() ? describeUserAgent(userAgent).slice(0, PASSKEY_NAME_MAX_LENGTH) : undefined;
}

/**
 * The browser's prompt refused or failed (a DOMException, or @simplewebauthn/browser's WebAuthnError carrying one
 * as its cause): words for the person, by the error's name, never the browser's developer text.
 */
export function passkeyPromptWords(error: unknown): string {
  const name = errorName(error);
  const code = (error as { code?: unknown } | null)?.code;
  if (name === "InvalidStateError" || code === "ERROR_AUTHENTICATOR_PREVIOUSLY_REGISTERED")
    return "This device already holds a passkey for your account.";
  if (name === "NotAllowedError" || name === "AbortError")
    return "The passkey prompt was closed or timed out. No passkey was added.";
  if (name === "NotSupportedError" || name === "ConstraintError")
    return "This device cannot make a passkey that signs in without a password. Try another device or security key.";
  if (name === "SecurityError") return "This browser refused to make a passkey for this site.";
  return "The passkey could not be made on this device. Try again.";
}

/** WebAuthnError takes its name from the DOMException it wraps, so one name serves for both. */
function errorName(error: unknown): string | undefined {
  return error instanceof Error ? error.name : undefined;
}
