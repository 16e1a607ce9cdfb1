import { describe, expect, it } from "vitest";
import { configuredUpstreams, upstreamProblems } from "./upstream-config";

const oidc = {
  CONNECT_OIDC_ISSUER: "https://login.example.com/",
  CONNECT_OIDC_CLIENT_ID: "id",
  CONNECT_OIDC_CLIENT_SECRET: "secret",
};

describe("configuredUpstreams", () => {
  it("is empty unless configured", () => {
    expect(configuredUpstreams({})).toEqual([]);
    expect(upstreamProblems({})).toEqual([]);
  });
  it("reads the generic provider (issuer without its trailing slash) and the presets, trusting mfa only if named", () => {
    const env = { ...oidc, GITHUB_CLIENT_ID: "g", GITHUB_CLIENT_SECRET: "gs", CONNECT_TRUSTED_MFA: "oidc" };
    expect(upstreamProblems(env)).toEqual([]);
    expect(configuredUpstreams(env)).toEqual([
      { name: "oidc", clientId: "id", clientSecret: "secret", issuer: "https://login.example.com", trustMfa: true },
      { name: "github", clientId: "g", clientSecret: "gs", issuer: null, trustMfa: false },
    ]);
    const google = configuredUpstreams({ GOOGLE_CLIENT_ID: "x", GOOGLE_CLIENT_SECRET: "y" })[0];
    expect(google).toMatchObject({ name: "google", issuer: "https://accounts.google.com" });
  });
});

describe("upstreamProblems", () => {
  it("names what is missing from a provider set in part", () => {
    expect(upstreamProblems({ GITHUB_CLIENT_ID: "g" }).map((p) => p.variable)).toEqual(["GITHUB_CLIENT_SECRET"]);
    const partial = upstreamProblems({ CONNECT_OIDC_ISSUER: "https://login.example.com" }).map((p) => p.variable);
    expect(partial).toEqual(["CONNECT_OIDC_CLIENT_ID", "CONNECT_OIDC_CLIENT_SECRET"]);
  });
  it("refuses an issuer that is not https (http only for localhost) and an unknown trusted provider", () => {
    expect(upstreamProblems({ ...oidc, CONNECT_OIDC_ISSUER: "http://login.example.com" })[0]?.variable).toBe(
      "CONNECT_OIDC_ISSUER",
    );
    expect(upstreamProblems({ ...oidc, CONNECT_OIDC_ISSUER: "http://127.0.0.1:4000" })).toEqual([]);
    expect(upstreamProblems({ CONNECT_TRUSTED_MFA: "facebook" })[0]?.variable).toBe("CONNECT_TRUSTED_MFA");
  });
});
