/** The nomination contract: it stands for exactly 7 days. */
import { describe, expect, it } from "vitest";
import { isNominationPending, NOMINATION_TTL_SECONDS, nominationExpiresAt } from "./nominations";

describe("nominations", () => {
  const made = "2026-11-01T10:00:00.000Z";
  const expiry = Date.parse("2026-11-08T10:00:00.000Z");

  it("lapse 7 days after they are made", () => {
    expect(NOMINATION_TTL_SECONDS).toBe(604_800);
    expect(nominationExpiresAt(made)).toBe("2026-11-08T10:00:00.000Z");
  });

  it("are pending until one millisecond before expiry, and not at or after it", () => {
    expect(isNominationPending(made, new Date(made))).toBe(true);
    expect(isNominationPending(made, new Date(expiry - 1))).toBe(true);
    expect(isNominationPending(made, new Date(expiry))).toBe(false);
    expect(isNominationPending(made, new Date(expiry + 1))).toBe(false);
  });

  it("treat an unreadable time as lapsed (fail closed)", () => {
    expect(isNominationPending("", new Date("2000-01-01T00:00:00Z"))).toBe(false);
    expect(isNominationPending("soon", new Date("2000-01-01T00:00:00Z"))).toBe(false);
  });
});
