import { describe, expect, it } from "vitest";
import {
  challengeExpiresAt,
  challengeIsLive,
  counterAdvances,
  indexRetryDelayMs,
  mayRemoveSignInMethod,
  PASSKEY_NAME_MAX_LENGTH,
  passkeyName,
  passwordCounts,
  type SignInMethods,
} from "./passkey-rules";

describe("passkey challenges", () => {
  it("live for five minutes, not a millisecond more", () => {
    const now = new Date("2026-12-07T12:00:00.000Z");
    const expiresAt = challengeExpiresAt(now);
    expect(expiresAt).toBe("2026-12-07T12:05:00.000Z");
    expect(challengeIsLive(expiresAt, new Date("2026-12-07T12:04:59.999Z"))).toBe(true);
    expect(challengeIsLive(expiresAt, new Date("2026-12-07T12:05:00.000Z"))).toBe(false);
  });
});

describe("counterAdvances", () => {
  it("accepts an authenticator without a counter (0 then 0)", () => {
    expect(counterAdvances(0, 0)).toBe(true);
  });
  it("accepts a counter that grew", () => {
    expect(counterAdvances(0, 1)).toBe(true);
    expect(counterAdvances(5, 6)).toBe(true);
  });
  it("refuses a counter that stood still or went backwards once non-zero", () => {
    expect(counterAdvances(5, 5)).toBe(false);
    expect(counterAdvances(5, 4)).toBe(false);
    expect(counterAdvances(5, 0)).toBe(false);
  });
});

describe("passkeyName", () => {
  it("trims and collapses whitespace; empty is the default", () => {
    expect(passkeyName("  My   laptop ")).toBe("My laptop");
    expect(passkeyName("   ")).toBe("Passkey");
    expect(passkeyName(undefined)).toBe("Passkey");
  });
  it("refuses a name longer than the limit", () => {
    expect(passkeyName("x".repeat(PASSKEY_NAME_MAX_LENGTH))).toHaveLength(PASSKEY_NAME_MAX_LENGTH);
    expect(passkeyName("x".repeat(PASSKEY_NAME_MAX_LENGTH + 1))).toBeNull();
  });
});

const methods = (overrides: Partial<SignInMethods>): SignInMethods => ({
  hasPasswordHash: true,
  passwordChangedAt: "2026-01-01T00:00:00.000Z",
  passwordRemovedAt: null,
  passkeyCount: 0,
  connectionCount: 0,
  ...overrides,
});

describe("passwordCounts", () => {
  it("counts a password hash the object never saw removed", () => {
    expect(passwordCounts(methods({}))).toBe(true);
  });
  it("does not count a missing hash", () => {
    expect(passwordCounts(methods({ hasPasswordHash: false }))).toBe(false);
  });
  it("does not count a hash the object allowed to remove, even before the directory's write lands", () => {
    expect(passwordCounts(methods({ passwordRemovedAt: "2026-02-01T00:00:00.000Z" }))).toBe(false);
  });
  it("counts a password set again after the removal", () => {
    const later = methods({ passwordRemovedAt: "2026-02-01T00:00:00.000Z", passwordChangedAt: "2026-03-01T00:00:00Z" });
    expect(passwordCounts(later)).toBe(true);
  });
});

describe("mayRemoveSignInMethod", () => {
  it("removes the password only when a passkey remains", () => {
    expect(mayRemoveSignInMethod(methods({ passkeyCount: 1 }), "password")).toBe(true);
    expect(mayRemoveSignInMethod(methods({ passkeyCount: 0 }), "password")).toBe(false);
  });
  it("removes a passkey when the password or another passkey remains", () => {
    expect(mayRemoveSignInMethod(methods({ passkeyCount: 1 }), "passkey")).toBe(true);
    expect(mayRemoveSignInMethod(methods({ hasPasswordHash: false, passkeyCount: 2 }), "passkey")).toBe(true);
  });
  it("refuses to remove the last passkey of an account without a password", () => {
    expect(mayRemoveSignInMethod(methods({ hasPasswordHash: false, passkeyCount: 1 }), "passkey")).toBe(false);
    const removed = methods({ passwordRemovedAt: "2026-02-01T00:00:00.000Z", passkeyCount: 1 });
    expect(mayRemoveSignInMethod(removed, "passkey")).toBe(false);
  });
  it("counts connected accounts as ways to sign in (decision 0038)", () => {
    expect(mayRemoveSignInMethod(methods({ connectionCount: 1 }), "password")).toBe(true);
    expect(
      mayRemoveSignInMethod(methods({ hasPasswordHash: false, connectionCount: 1, passkeyCount: 1 }), "passkey"),
    ).toBe(true);
    expect(mayRemoveSignInMethod(methods({ connectionCount: 1 }), "connection")).toBe(true);
    expect(mayRemoveSignInMethod(methods({ hasPasswordHash: false, connectionCount: 2 }), "connection")).toBe(true);
  });
  it("refuses to remove the last connected account of an account without a password or passkey", () => {
    expect(mayRemoveSignInMethod(methods({ hasPasswordHash: false, connectionCount: 1 }), "connection")).toBe(false);
    const removed = methods({ passwordRemovedAt: "2026-02-01T00:00:00.000Z", connectionCount: 1 });
    expect(mayRemoveSignInMethod(removed, "connection")).toBe(false);
  });
});

describe("indexRetryDelayMs", () => {
  it("doubles from one second and stays at five minutes", () => {
    expect([1, 2, 3].map(indexRetryDelayMs)).toEqual([1_000, 2_000, 4_000]);
    expect(indexRetryDelayMs(50)).toBe(300_000);
  });
});
