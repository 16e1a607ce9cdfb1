import { describe, expect, it } from "vitest";
import { accessTokenFrom, DEFAULT_EXPIRY_MARGIN_MS, isFresh } from "./expiry";

describe("access token expiry", () => {
  const now = 1_000_000;

  it("dates a token answer's expires_in (seconds) from now", () => {
    expect(accessTokenFrom("t", 900, now)).toEqual({ token: "t", expiresAt: now + 900_000 });
  });

  it("keeps a token that outlives the margin", () => {
    expect(isFresh({ token: "t", expiresAt: now + DEFAULT_EXPIRY_MARGIN_MS + 1 }, now)).toBe(true);
  });

  it("replaces a token that is still valid but dies within the margin", () => {
    expect(isFresh({ token: "t", expiresAt: now + DEFAULT_EXPIRY_MARGIN_MS }, now)).toBe(false);
    expect(isFresh({ token: "t", expiresAt: now + 1 }, now)).toBe(false);
  });

  it("replaces an expired token and has none to keep when there is none", () => {
    expect(isFresh({ token: "t", expiresAt: now - 1 }, now)).toBe(false);
    expect(isFresh(null, now)).toBe(false);
  });

  it("takes the app's own margin", () => {
    const token = { token: "t", expiresAt: now + 5_000 };
    expect(isFresh(token, now, 1_000)).toBe(true);
    expect(isFresh(token, now, 5_000)).toBe(false);
  });
});
