import { describe, expect, it } from "vitest";
import { acrOf, amrOf, isTooOld, MULTI_FACTOR_ACR, parseOidcRequest, scopedClaims } from "./claims";

const parse = (query: Record<string, string>) => parseOidcRequest(new URLSearchParams(query));

describe("parseOidcRequest", () => {
  it("keeps known scopes in a stable order, the nonce and max_age", () => {
    expect(parse({ scope: "profile unknown openid offline_access", nonce: "n", max_age: "0" })).toEqual({
      ok: true,
      request: { scopes: ["openid", "profile", "offline_access"], nonce: "n", maxAge: 0 },
      promptNone: false,
    });
  });

  it("marks prompt=none and refuses it combined, unknown prompts, bad max_age and nonce", () => {
    expect(parse({ prompt: "none" })).toMatchObject({ ok: true, promptNone: true });
    expect(parse({ prompt: "login" })).toMatchObject({ ok: true, promptNone: false });
    expect(parse({ prompt: "login consent" })).toMatchObject({ ok: true, request: { consentPrompt: true } });
    expect(parse({ prompt: "login" })).not.toHaveProperty("request.consentPrompt");
    const bads: Record<string, string>[] = [
      { prompt: "none login" },
      { prompt: "sometimes" },
      { max_age: "-1" },
      { max_age: "1.5" },
      { nonce: "" },
      { nonce: "x".repeat(513) },
    ];
    for (const bad of bads) {
      expect(parse(bad)).toMatchObject({ ok: false, error: "invalid_request" });
    }
  });
});

describe("amr and acr", () => {
  it("names each first factor, adds otp and mfa for a second, and counts a passkey as two", () => {
    expect(amrOf({ method: "password", secondFactor: false })).toEqual(["pwd"]);
    expect(amrOf({ method: "code", secondFactor: false })).toEqual(["otp"]);
    expect(amrOf({ method: "password", secondFactor: true })).toEqual(["pwd", "otp", "mfa"]);
    expect(amrOf({ method: "code", secondFactor: true })).toEqual(["otp", "mfa"]);
    expect(amrOf({ method: "passkey", secondFactor: false })).toEqual(["hwk", "mfa"]);
    expect(acrOf({ method: "password", secondFactor: false })).toBeUndefined();
  });

  it("names no first factor for a connected account, and mfa when its trusted upstream or our second factor says so", () => {
    expect(amrOf({ method: "connection", secondFactor: false })).toEqual([]);
    expect(amrOf({ method: "connection", secondFactor: false, upstreamMfa: true })).toEqual(["mfa"]);
    expect(amrOf({ method: "connection", secondFactor: true })).toEqual(["otp", "mfa"]);
    expect(amrOf({ method: "password", secondFactor: false, upstreamMfa: true })).toEqual(["pwd", "mfa"]);
    expect(amrOf({ method: "something-new", secondFactor: false })).toEqual([]);
    expect(acrOf({ method: "connection", secondFactor: false })).toBeUndefined();
    expect(acrOf({ method: "connection", secondFactor: false, upstreamMfa: true })).toBe(MULTI_FACTOR_ACR);
    expect(acrOf({ method: "password", secondFactor: true })).toBe(MULTI_FACTOR_ACR);
  });
});

describe("scopedClaims", () => {
  const source = {
    id: "usr_1",
    email: "a@example.com",
    emailVerified: true,
    firstName: "Ada",
    lastName: "",
    picture: null,
  };

  it("releases only what each scope covers, and leaves empty names out", () => {
    expect(scopedClaims(source, ["openid"])).toEqual({ sub: "usr_1" });
    expect(scopedClaims(source, ["openid", "email"])).toEqual({
      sub: "usr_1",
      email: "a@example.com",
      email_verified: true,
    });
    expect(scopedClaims(source, ["openid", "profile"])).toEqual({ sub: "usr_1", name: "Ada", given_name: "Ada" });
  });

  it("max_age: too old only past the limit", () => {
    expect(isTooOld(100, undefined, 10_000)).toBe(false);
    expect(isTooOld(100, 60, 160)).toBe(false);
    expect(isTooOld(100, 60, 161)).toBe(true);
  });
});
