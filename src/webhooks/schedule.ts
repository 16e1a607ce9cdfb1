/**
 * When a failed delivery is tried again, and when an endpoint is given up. The steps follow the Standard Webhooks
 * reference schedule (about 28 hours in all); a receiver's `Retry-After` replaces the step, within bounds, so a
 * receiver that asks for a pause gets it but cannot park a delivery for ever or ask to be hammered.
 */

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** The wait after the 1st, 2nd, … failed attempt; after the last one the delivery has failed. */
export const RETRY_DELAYS_MS = [5 * SECOND, 5 * MINUTE, 30 * MINUTE, 2 * HOUR, 5 * HOUR, 10 * HOUR, 10 * HOUR] as const;
/** Spread of each wait (±10 %), so endpoints that failed together are not retried in lock step. */
export const RETRY_JITTER = 0.1;
/** How long an endpoint may fail without one success before it is disabled (and its owner told). */
export const DISABLE_AFTER_FAILING_MS = 5 * DAY;
/** Bounds on a `Retry-After` the receiver sends. */
export const RETRY_AFTER_MIN_MS = 5 * SECOND;
export const RETRY_AFTER_MAX_MS = 10 * HOUR;
/** Each attempt waits at most this long for an answer. */
export const DELIVERY_TIMEOUT_MS = 15 * SECOND;
/** Delivery log rows are kept this long after they were queued. */
export const DELIVERY_LOG_KEEP_MS = 30 * DAY;

/**
 * The wait before the next attempt after `failedAttempts` failures (this one included), or null when the
 * schedule is spent. `random` is in [0, 1).
 */
export function retryDelay(input: { failedAttempts: number; retryAfterMs: number | null; random: number }) {
  const step = RETRY_DELAYS_MS[input.failedAttempts - 1];
  if (step === undefined) return null;
  if (input.retryAfterMs !== null) {
    return Math.min(Math.max(input.retryAfterMs, RETRY_AFTER_MIN_MS), RETRY_AFTER_MAX_MS);
  }
  return Math.round(step * (1 - RETRY_JITTER + 2 * RETRY_JITTER * input.random));
}

/** A `Retry-After` header (seconds or an HTTP date) as milliseconds from `now`, or null when absent or unreadable. */
export function parseRetryAfter(header: string | null, now: number): number | null {
  if (header === null) return null;
  const text = header.trim();
  if (/^\d+$/.test(text)) return Number(text) * SECOND;
  const date = Date.parse(text);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

/** Whether an endpoint failing since `failingSince` (null: its last attempt succeeded) is to be disabled. */
export function failingTooLong(failingSince: number | null, now: number): boolean {
  return failingSince !== null && now - failingSince >= DISABLE_AFTER_FAILING_MS;
}
