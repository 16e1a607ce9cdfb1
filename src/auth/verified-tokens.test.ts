import { describe, expect, it } from "vitest";
import { stillValid, type VerifiedToken, VerifiedTokens } from "./verified-tokens";

const NOW = 1_800_000_000;
const verified = (over: Partial<VerifiedToken<string>> = {}): VerifiedToken<string> => ({
  claims: "claims",
  issuer: "https://id.example",
  audiences: ["web"],
  expiresAtSeconds: NOW + 60,
  ...over,
});
const expected = { issuer: "https://id.example", audiences: ["web", "app"] };

describe("stillValid", () => {
  it("accepts a token before its expiry, from the expected issuer, for an expected audience", () => {
    expect(stillValid(verified(), expected, NOW)).toBe(true);
    expect(stillValid(verified(), { ...expected, audiences: "any" }, NOW)).toBe(true);
  });

  it("refuses it at its expiry second and after, as jose does", () => {
    expect(stillValid(verified(), expected, NOW + 59)).toBe(true);
    expect(stillValid(verified(), expected, NOW + 60)).toBe(false);
    expect(stillValid(verified(), expected, NOW + 61)).toBe(false);
  });

  it("refuses another issuer and an audience the caller does not expect", () => {
    expect(stillValid(verified(), { ...expected, issuer: "https://evil.example" }, NOW)).toBe(false);
    expect(stillValid(verified({ audiences: ["another-service"] }), expected, NOW)).toBe(false);
    expect(stillValid(verified(), { ...expected, audiences: [] }, NOW)).toBe(false);
  });
});

describe("VerifiedTokens", () => {
  it("finds a remembered token, again and again, while it is valid", () => {
    const tokens = new VerifiedTokens<string>(4);
    tokens.remember("a", verified());
    expect(tokens.find("a", expected, NOW)?.claims).toBe("claims");
    expect(tokens.find("a", expected, NOW + 30)?.claims).toBe("claims");
    expect(tokens.find("b", expected, NOW)).toBeUndefined();
  });

  it("forgets an expired token when it is next asked for", () => {
    const tokens = new VerifiedTokens<string>(4);
    tokens.remember("a", verified());
    expect(tokens.find("a", expected, NOW + 60)).toBeUndefined();
    expect(tokens.size).toBe(0);
    expect(tokens.find("a", expected, NOW)).toBeUndefined();
  });

  it("answers nothing for a caller expecting another issuer or audience, and keeps the token for the right one", () => {
    const tokens = new VerifiedTokens<string>(4);
    tokens.remember("a", verified());
    expect(tokens.find("a", { ...expected, issuer: "https://other.example" }, NOW)).toBeUndefined();
    expect(tokens.find("a", { ...expected, audiences: ["app"] }, NOW)).toBeUndefined();
    expect(tokens.find("a", expected, NOW)).toBeDefined();
  });

  it("keeps at most its capacity, forgetting the oldest first", () => {
    const tokens = new VerifiedTokens<string>(3);
    for (const token of ["a", "b", "c", "d", "e"]) tokens.remember(token, verified({ claims: token }));
    expect(tokens.size).toBe(3);
    expect(tokens.find("a", expected, NOW)).toBeUndefined();
    expect(tokens.find("b", expected, NOW)).toBeUndefined();
    expect(["c", "d", "e"].map((token) => tokens.find(token, expected, NOW)?.claims)).toEqual(["c", "d", "e"]);
  });

  it("keeps what it remembered unchangeable, so no caller can alter the next request's claims", () => {
    const tokens = new VerifiedTokens<{ id: string }>(2);
    tokens.remember("a", { ...verified(), claims: { id: "usr_1" } });
    const found = tokens.find("a", expected, NOW);
    expect(Object.isFrozen(found)).toBe(true);
  });
});
