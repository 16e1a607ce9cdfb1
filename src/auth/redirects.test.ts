import { describe, expect, it } from "vitest";
import { isAllowedRedirect, isKnownClient, type RedirectPolicy, redirectTargetSources } from "./redirects";

const production: RedirectPolicy = {
  appOrigin: "https://id.example.com",
  allowedOrigins: ["https://app.example.com"],
  isDevelopment: false,
};
const development: RedirectPolicy = { ...production, appOrigin: "http://localhost:8787", isDevelopment: true };

describe("isAllowedRedirect", () => {
  it.each(["https://id.example.com/callback", "https://id.example.com/", "https://app.example.com/auth/callback?x=1"])(
    "allows %s on the app's own or an allowed origin",
    (uri) => {
      expect(isAllowedRedirect(uri, production)).toBe(true);
    },
  );

  it.each([
    "https://evil.example/callback",
    "//evil.example/callback",
    "https:evil.example",
    "https:/evil.example",
    "javascript:alert(1)",
    "JavaScript:alert(1)",
    "data:text/html,hi",
    "/relative/path",
    "",
    "https://app.example.com.evil.example/",
    "https://evil.example#https://app.example.com",
    "https://app.example.com@evil.example/",
    "https://user:pass@app.example.com/",
    "http://app.example.com/",
    "https://app.example.com:8443/",
    "http://localhost:3000/callback",
    "http://127.0.0.1:5173/",
  ])("refuses %s in production", (uri) => {
    expect(isAllowedRedirect(uri, production)).toBe(false);
  });

  it("allows any loopback http port in development only", () => {
    for (const uri of ["http://localhost:3000/callback", "http://127.0.0.1:5173/", "http://[::1]:4000/x"]) {
      expect(isAllowedRedirect(uri, development)).toBe(true);
      expect(isAllowedRedirect(uri, production)).toBe(false);
    }
  });

  it("still refuses other hosts and schemes in development", () => {
    for (const uri of [
      "https://evil.example/",
      "//evil.example",
      "javascript:alert(1)",
      "http://localhost.evil.example/",
    ]) {
      expect(isAllowedRedirect(uri, development)).toBe(false);
    }
  });
});

describe("isKnownClient", () => {
  it("knows the web app and configured clients only", () => {
    expect(isKnownClient("web")).toBe(true);
    expect(isKnownClient("mobile", ["mobile"])).toBe(true);
    expect(isKnownClient("mobile")).toBe(false);
    expect(isKnownClient("")).toBe(false);
  });
});

describe("redirectTargetSources", () => {
  it("names the app itself and the allowed origins in production", () => {
    expect(redirectTargetSources(production)).toEqual(["'self'", "https://app.example.com"]);
  });

  it("adds the http loopback hosts on any port in development only", () => {
    expect(redirectTargetSources(development)).toEqual([
      "'self'",
      "https://app.example.com",
      "http://localhost:*",
      "http://127.0.0.1:*",
    ]);
    expect(redirectTargetSources({ ...production, allowedOrigins: [] })).toEqual(["'self'"]);
  });
});
