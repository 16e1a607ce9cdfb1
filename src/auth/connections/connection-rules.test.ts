import { describe, expect, it } from "vitest";
import {
  claimsOfGithub,
  claimsOfIdToken,
  decideLink,
  decideUpstreamSignIn,
  postedFromOwnPage,
  type UpstreamClaims,
  upstreamCoversSecondFactor,
} from "./connection-rules";

const claims = (overrides: Partial<UpstreamClaims> = {}): UpstreamClaims => ({
  subject: "sub-1",
  email: "ada@example.com",
  emailVerified: true,
  mfa: false,
  ...overrides,
});

describe("claimsOfIdToken", () => {
  it("reads sub, a lower-cased email, email_verified only as boolean true, and mfa in amr", () => {
    const read = claimsOfIdToken({ sub: "x", email: " Ada@Example.com ", email_verified: true, amr: ["pwd", "mfa"] });
    expect(read).toEqual({ subject: "x", email: "ada@example.com", emailVerified: true, mfa: true });
    expect(claimsOfIdToken({ sub: "x", email: "a@b.c", email_verified: "true" })?.emailVerified).toBe(false);
    expect(claimsOfIdToken({ sub: "x", email: "a@b.c" })?.emailVerified).toBe(false);
    expect(claimsOfIdToken({ sub: "x", email_verified: true })).toMatchObject({ email: null, emailVerified: false });
  });
  it("refuses a payload without a subject", () => {
    expect(claimsOfIdToken({ email: "a@b.c" })).toBeNull();
    expect(claimsOfIdToken({ sub: "" })).toBeNull();
  });
});

describe("claimsOfGithub", () => {
  it("takes the primary email only when it is verified", () => {
    const emails = [
      { email: "other@example.com", primary: false, verified: true },
      { email: "Main@Example.com", primary: true, verified: true },
    ];
    expect(claimsOfGithub({ id: 42 }, emails)).toEqual(claims({ subject: "42", email: "main@example.com" }));
    const unverified = [{ email: "main@example.com", primary: true, verified: false }];
    expect(claimsOfGithub({ id: 42 }, unverified)?.emailVerified).toBe(false);
    expect(claimsOfGithub({ id: 42 }, [{ email: "x@example.com", primary: false, verified: true }])?.email).toBeNull();
    expect(claimsOfGithub({}, emails)).toBeNull();
  });
});

describe("decideUpstreamSignIn", () => {
  it("signs a linked identity in to its account", () => {
    expect(decideUpstreamSignIn(claims({ emailVerified: false }), "u1", true)).toEqual({
      kind: "sign_in",
      userId: "u1",
    });
  });
  it("makes an account only from a verified email no account has", () => {
    expect(decideUpstreamSignIn(claims(), null, false)).toEqual({ kind: "create", email: "ada@example.com" });
    expect(decideUpstreamSignIn(claims({ emailVerified: false }), null, false).kind).toBe("refuse");
    expect(decideUpstreamSignIn(claims({ email: null, emailVerified: false }), null, false).kind).toBe("refuse");
  });
  it("never links an existing account by its email alone", () => {
    expect(decideUpstreamSignIn(claims(), null, true)).toEqual({ kind: "refuse", reason: "email_taken" });
  });
});

describe("decideLink", () => {
  it("links an identity nobody holds, or the same account again; never another account's", () => {
    expect(decideLink(null, "u1")).toBe("link");
    expect(decideLink("u1", "u1")).toBe("link");
    expect(decideLink("u2", "u1")).toBe("refuse");
  });
});

describe("upstreamCoversSecondFactor", () => {
  it("only when the upstream reports mfa and configuration trusts it", () => {
    expect(upstreamCoversSecondFactor(claims({ mfa: true }), true)).toBe(true);
    expect(upstreamCoversSecondFactor(claims({ mfa: true }), false)).toBe(false);
    expect(upstreamCoversSecondFactor(claims({ mfa: false }), true)).toBe(false);
  });
});

describe("postedFromOwnPage", () => {
  const own = "https://id.example.com";

  it("takes this origin's Origin, or a browser's same-origin fetch site when the Origin is unsaid (no referrer)", () => {
    expect(postedFromOwnPage({ origin: own }, own)).toBe(true);
    expect(postedFromOwnPage({ origin: "null", fetchSite: "same-origin" }, own)).toBe(true);
    expect(postedFromOwnPage({ fetchSite: "same-origin" }, own)).toBe(true);
  });

  it("refuses another origin named, a cross-site or unsaid fetch site, and nothing said", () => {
    expect(postedFromOwnPage({ origin: "https://attacker.example" }, own)).toBe(false);
    expect(postedFromOwnPage({ origin: "https://attacker.example", fetchSite: "same-origin" }, own)).toBe(false);
    expect(postedFromOwnPage({ origin: "http://id.example.com" }, own)).toBe(false);
    expect(postedFromOwnPage({ origin: "null", fetchSite: "cross-site" }, own)).toBe(false);
    expect(postedFromOwnPage({ origin: "null", fetchSite: "same-site" }, own)).toBe(false);
    expect(postedFromOwnPage({ origin: "null" }, own)).toBe(false);
    expect(postedFromOwnPage({}, own)).toBe(false);
  });
});
