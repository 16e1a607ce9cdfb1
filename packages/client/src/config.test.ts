import { describe, expect, it } from "vitest";
import { isRedirectTarget, isServiceUrl, resolveConfig } from "./config";

const base = { issuer: "https://id.example.com/", clientId: "shop", redirectUri: "https://shop.example.com/callback" };

describe("session configuration", () => {
  it("takes an app on another origin than the issuer, with the API beside the issuer by default", () => {
    const config = resolveConfig(base);
    expect(config.issuer).toBe("https://id.example.com");
    expect(config.redirectUri).toBe("https://shop.example.com/callback");
    expect(config.apiUrl).toBe("https://id.example.com/api");
  });

  it("prefixes every storage key and the lock, so two apps on one origin keep apart", () => {
    const { keys } = resolveConfig({ ...base, storageKeyPrefix: "shop" });
    expect(keys).toEqual({
      refreshToken: "shop.refresh-token",
      pendingSignIn: "shop.pending-sign-in",
      refreshLock: "shop.refresh",
    });
  });

  it("names the option that is missing or malformed", () => {
    expect(() => resolveConfig({ ...base, issuer: "id.example.com" })).toThrow(/issuer/);
    expect(() => resolveConfig({ ...base, redirectUri: "/callback" })).toThrow(/redirectUri/);
    expect(() => resolveConfig({ ...base, clientId: "" })).toThrow(/clientId/);
    expect(() => resolveConfig({ ...base, apiUrl: "javascript:alert(1)" })).toThrow(/apiUrl/);
  });

  it("knows the redirect page by origin and path, whatever its query", () => {
    expect(isRedirectTarget("https://shop.example.com/callback?code=1&state=2", base.redirectUri)).toBe(true);
    expect(isRedirectTarget("https://shop.example.com/", base.redirectUri)).toBe(false);
    expect(isRedirectTarget("https://evil.example.com/callback?code=1", base.redirectUri)).toBe(false);
  });

  it("sends the access token to the issuer and the API only, never to another host the app fetches", () => {
    const config = resolveConfig({ ...base, apiUrl: "https://api.example.com/v1" });
    expect(isServiceUrl("https://id.example.com/token", config)).toBe(true);
    expect(isServiceUrl("https://api.example.com/v1/me", config)).toBe(true);
    expect(isServiceUrl("https://shop.example.com/api/cart", config)).toBe(false);
    expect(isServiceUrl("https://id.example.com.evil.example/me", config)).toBe(false);
  });
});
