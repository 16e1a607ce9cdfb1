import { describe, expect, it } from "vitest";
import { dayOfExpiry, expiryChangeWords, expiryDayBounds, expiryOfDay } from "./access-expiry";

describe("access expiry days", () => {
  it("a picked day ends at its last local millisecond", () => {
    const iso = expiryOfDay("2027-03-14");
    expect(iso).not.toBeNull();
    const end = new Date(iso ?? "");
    expect([end.getFullYear(), end.getMonth(), end.getDate()]).toEqual([2027, 2, 14]);
    expect([end.getHours(), end.getMinutes(), end.getSeconds(), end.getMilliseconds()]).toEqual([23, 59, 59, 999]);
  });

  it("an empty or malformed input is no expiry", () => {
    for (const day of ["", "2027-3-14", "14/03/2027", "soon"]) expect(expiryOfDay(day)).toBeNull();
  });

  it("an expiry shows as the local day it falls on, and back again", () => {
    expect(dayOfExpiry(expiryOfDay("2027-03-14"))).toBe("2027-03-14");
    expect(dayOfExpiry(null)).toBe("");
    expect(dayOfExpiry(undefined)).toBe("");
  });

  it("offers today up to ten years on, less a day", () => {
    expect(expiryDayBounds(new Date(2026, 11, 7, 15, 30))).toEqual({ min: "2026-12-07", max: "2036-12-06" });
    // Across a month's start the day before is the previous month's last.
    expect(expiryDayBounds(new Date(2026, 2, 1))).toEqual({ min: "2026-03-01", max: "2036-02-29" });
  });
});

describe("the confirmation of an expiry change", () => {
  it("setting one says when and that it happens by itself", () => {
    const words = expiryChangeWords({ name: "Eddie", workspace: "Acme", from: null, to: expiryOfDay("2027-03-14") });
    expect(words.title).toMatch(/^End Eddie's access on .*2027/);
    expect(words.consequence).toMatch(/removed from Acme automatically at the end of .*2027, and emailed a day before/);
  });

  it("clearing one keeps the person", () => {
    const words = expiryChangeWords({ name: "Eddie", workspace: "Acme", from: "2027-03-14T22:59:59.999Z", to: null });
    expect(words.title).toBe("Keep Eddie in Acme with no end date");
  });
});
