import { describe, expect, it } from "vitest";
import {
  DISABLE_AFTER_FAILING_MS,
  failingTooLong,
  parseRetryAfter,
  RETRY_AFTER_MAX_MS,
  RETRY_DELAYS_MS,
  retryDelay,
} from "./schedule";

describe("the retry schedule", () => {
  it("waits 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h, then gives up", () => {
    const waits = [1, 2, 3, 4, 5, 6, 7].map((n) => retryDelay({ failedAttempts: n, retryAfterMs: null, random: 0.5 }));
    expect(waits).toEqual([5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000]);
    expect(retryDelay({ failedAttempts: 8, retryAfterMs: null, random: 0.5 })).toBeNull();
  });

  it("spreads each wait by at most 10 % either way", () => {
    for (const [index, step] of RETRY_DELAYS_MS.entries()) {
      const low = retryDelay({ failedAttempts: index + 1, retryAfterMs: null, random: 0 }) as number;
      const high = retryDelay({ failedAttempts: index + 1, retryAfterMs: null, random: 0.999999 }) as number;
      expect(low).toBe(Math.round(step * 0.9));
      expect(high).toBeLessThanOrEqual(Math.round(step * 1.1));
      expect(high).toBeGreaterThan(step);
    }
  });

  it("takes the receiver's Retry-After instead of the step, between 5 s and 10 h", () => {
    expect(retryDelay({ failedAttempts: 1, retryAfterMs: 120_000, random: 0.5 })).toBe(120_000);
    expect(retryDelay({ failedAttempts: 1, retryAfterMs: 0, random: 0.5 })).toBe(5_000);
    expect(retryDelay({ failedAttempts: 1, retryAfterMs: 10 ** 10, random: 0.5 })).toBe(RETRY_AFTER_MAX_MS);
    // Retry-After does not stretch the schedule: spent is spent.
    expect(retryDelay({ failedAttempts: 8, retryAfterMs: 1000, random: 0.5 })).toBeNull();
  });

  it("reads Retry-After in seconds or as a date", () => {
    const now = Date.parse("2026-12-07T12:00:00Z");
    expect(parseRetryAfter("120", now)).toBe(120_000);
    expect(parseRetryAfter("Mon, 07 Dec 2026 12:01:00 GMT", now)).toBe(60_000);
    expect(parseRetryAfter("Mon, 07 Dec 2026 11:00:00 GMT", now)).toBe(0);
    expect(parseRetryAfter("soon", now)).toBeNull();
    expect(parseRetryAfter(null, now)).toBeNull();
  });

  it("disables an endpoint after five days of failure without a success", () => {
    const now = Date.now();
    expect(failingTooLong(null, now)).toBe(false);
    expect(failingTooLong(now - DISABLE_AFTER_FAILING_MS + 1, now)).toBe(false);
    expect(failingTooLong(now - DISABLE_AFTER_FAILING_MS, now)).toBe(true);
  });
});
