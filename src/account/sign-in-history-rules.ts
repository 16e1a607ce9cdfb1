/**
 * The sign-in history as plain rules (decision 0032): the vocabulary of methods and results, what one attempt
 * records (cut to bounded lengths), where a request says it came from, the 90-day cut, the page cursor's key, and
 * the words of the new-device alert. The Account object stores (sign-in-history.ts); the edge records
 * (auth/sign-in-history.ts).
 */
import { describeUserAgent } from "../lib/user-agent";

export const SIGN_IN_METHODS = ["password", "code", "passkey", "reset", "step_up", "two_factor", "connection"] as const;
export const SIGN_IN_RESULTS = [
  "signed_in",
  "wrong_password",
  "wrong_code",
  "second_factor_failed",
  "refused_deactivated",
  "rate_limited",
] as const;

export type SignInMethod = (typeof SIGN_IN_METHODS)[number];
export type SignInResult = (typeof SIGN_IN_RESULTS)[number];

/** Rows older than this are cut: what the person may review, no more (the default; the retention table decides). */
export const SIGN_IN_HISTORY_RETENTION_DAYS = 90;
const DAY_MS = 24 * 60 * 60 * 1000;
/**
 * At most this many rows per account, oldest cut first: the rate limits allow a few thousand failures in 90 days
 * from many addresses; this keeps an account under a long attack from growing its object without bound.
 */
export const SIGN_IN_HISTORY_MAX_ROWS = 5000;

/** Attacker-chosen text is kept, but short: a header or a city is not a place to store a novel. */
const USER_AGENT_MAX_LENGTH = 512;
const PLACE_MAX_LENGTH = 100;

/** One attempt as the Account object stores it. */
export interface SignInAttempt {
  method: SignInMethod;
  result: SignInResult;
  ip: string;
  userAgent: string;
  country: string | null;
  city: string | null;
  knownDevice: boolean;
  /** Set for a completed sign-in: the device id its browser's cookie carries from now on. */
  deviceId?: string;
}

/** The oldest time a kept row may have, at `now`, for a period of `days` (the retention table's sign_in_history). */
export function historyCutoff(now: Date, days: number = SIGN_IN_HISTORY_RETENTION_DAYS): string {
  return new Date(now.getTime() - days * DAY_MS).toISOString();
}

/** A piece of attacker-chosen text as stored: control characters dropped, trimmed, cut short. */
function bounded(text: string | null | undefined, maxLength: number): string {
  const printable = Array.from(text ?? "")
    .filter((char) => !/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u.test(char))
    .join("");
  return printable.trim().slice(0, maxLength);
}

export const storedUserAgent = (userAgent: string | null | undefined) => bounded(userAgent, USER_AGENT_MAX_LENGTH);

/** What Cloudflare says of a request's origin: `request.cf` first, then its visitor-location headers. */
export interface RequestPlaceSources {
  cf?: { country?: unknown; city?: unknown } | null;
  headers: Headers;
}

/**
 * Country (ISO code) and city of the request, or null for each it does not carry. `request.cf` comes from
 * Cloudflare's edge and wins; the `CF-IPCountry` and `cf-ipcity` headers (visitor-location headers) are used only
 * when it lacks the field, which is the case in local development. "XX" and "T1" (unknown, Tor) are not places.
 */
export function requestPlace(request: RequestPlaceSources): { country: string | null; city: string | null } {
  const pick = (fromCf: unknown, header: string) => {
    const raw = typeof fromCf === "string" && fromCf ? fromCf : request.headers.get(header);
    const value = bounded(raw, PLACE_MAX_LENGTH);
    return value || null;
  };
  const country = pick(request.cf?.country, "cf-ipcountry")?.toUpperCase() ?? null;
  return {
    country: country && /^[A-Z]{2}$/.test(country) && country !== "XX" && country !== "T1" ? country : null,
    city: pick(request.cf?.city, "cf-ipcity"),
  };
}

/** The history's method for a first factor that completed (auth/providers/first-factor.ts). */
export function completedMethod(factor: { method: string; steppedUp?: boolean }): SignInMethod {
  if (factor.steppedUp) return "step_up";
  if (factor.method === "password_reset") return "reset";
  return (SIGN_IN_METHODS as readonly string[]).includes(factor.method) ? (factor.method as SignInMethod) : "password";
}

/** The page cursor's key: the last row's time and id (newest first, so the next page is strictly older). */
export interface HistoryCursorKey extends Record<string, string | number> {
  at: string;
  id: number;
}

/** What the new-device alert says of the sign-in: the browser and system, the place (null: not known), the time. */
export function newSignInFacts(attempt: Pick<SignInAttempt, "userAgent" | "country" | "city">, at: Date) {
  const place = [attempt.city, attempt.country].filter(Boolean).join(", ") || null;
  return { device: describeUserAgent(attempt.userAgent), place, at: at.toUTCString() };
}

/**
 * What a refused emailed-code guess records: a wrong one (or the one that used the code's last try) is `wrong_code`,
 * one refused unevaluated by a limit is `rate_limited`; a dead or unknown code evaluated nothing, so nothing.
 */
export function codeGuessResult(reason: string): SignInResult | null {
  if (reason === "wrong" || reason === "exhausted") return "wrong_code";
  return reason === "limited" ? "rate_limited" : null;
}

/** What a refused second-factor code records: wrong or replayed is a failed factor; a gone challenge, nothing. */
export function secondFactorResult(reason: string): SignInResult | null {
  if (reason === "wrong" || reason === "replayed") return "second_factor_failed";
  return reason === "limited" ? "rate_limited" : null;
}
