import { describe, expect, it } from "vitest";
import { EXPIRY_WARNING_MS, earliestWake, isDue, MAX_EXPIRY_AHEAD_MS, parseExpiry, warningDue } from "./expiry";

const NOW = Date.parse("2030-01-01T00:00:00.000Z");
const HOUR = 60 * 60 * 1000;

describe("parseExpiry", () => {
  it("clears with null", () => {
    expect(parseExpiry(null, NOW)).toEqual({ ok: true, value: null });
  });

  it("takes a future time and stores it in UTC", () => {
    expect(parseExpiry("2030-01-02T01:00:00+01:00", NOW)).toEqual({ ok: true, value: "2030-01-02T00:00:00.000Z" });
  });

  it.each([
    ["now", "2030-01-01T00:00:00.000Z"],
    ["the past", "2029-12-31T23:59:59.000Z"],
    ["not a time", "tomorrow"],
    ["too far ahead", new Date(NOW + MAX_EXPIRY_AHEAD_MS + 1).toISOString()],
  ])("refuses %s", (_, value) => {
    expect(parseExpiry(value, NOW)).toEqual({ ok: false });
  });
});

describe("isDue", () => {
  const ended = new Date(NOW - 1).toISOString();
  it("is due once the time has come, not before, and never without an expiry", () => {
    expect(isDue({ role: "viewer", expiresAt: ended }, 1, NOW)).toBe(true);
    expect(isDue({ role: "viewer", expiresAt: new Date(NOW).toISOString() }, 1, NOW)).toBe(true);
    expect(isDue({ role: "viewer", expiresAt: new Date(NOW + 1).toISOString() }, 1, NOW)).toBe(false);
    expect(isDue({ role: "viewer", expiresAt: null }, 1, NOW)).toBe(false);
  });

  it("never removes the last owner", () => {
    expect(isDue({ role: "owner", expiresAt: ended }, 1, NOW)).toBe(false);
    expect(isDue({ role: "owner", expiresAt: ended }, 2, NOW)).toBe(true);
  });
});

describe("warningDue", () => {
  const at = (ms: number) => new Date(ms).toISOString();
  it("is due within a day of the end, once", () => {
    expect(warningDue({ expiresAt: at(NOW + EXPIRY_WARNING_MS), expiryWarnedAt: null }, NOW)).toBe(true);
    expect(warningDue({ expiresAt: at(NOW + EXPIRY_WARNING_MS + 1), expiryWarnedAt: null }, NOW)).toBe(false);
    expect(warningDue({ expiresAt: at(NOW + HOUR), expiryWarnedAt: at(NOW) }, NOW)).toBe(false);
  });

  it("is not sent once the access has ended (the end's own mail says it)", () => {
    expect(warningDue({ expiresAt: at(NOW), expiryWarnedAt: null }, NOW)).toBe(false);
    expect(warningDue({ expiresAt: null, expiryWarnedAt: null }, NOW)).toBe(false);
  });
});

describe("earliestWake", () => {
  it("is the earliest time given, or null when none is", () => {
    expect(earliestWake(null, 5, 3)).toBe(3);
    expect(earliestWake(7, null)).toBe(7);
    expect(earliestWake(null, null)).toBeNull();
  });
});
