/**
 * The OpenID Connect provider as a standard relying party meets it: openid-client 6 against `npm run dev` over plain
 * HTTP, the person signing in by emailed code in a form browser, the id_token checked again by jose against the JWKS.
 * Clients are registered by the platform admin through the API, as an operator would. The refused cases are in
 * oidc-relying-party-refusals.test.ts.
 */
import { decodeJwt } from "jose";
import { describe, expect, it } from "vitest";
import {
  authorization,
  callbackUrl,
  codeFlow,
  discover,
  oidc,
  RP_LOGOUT,
  RP_REDIRECT,
  refusal,
  registerClientAt,
  signInAt,
  verifyIdToken,
} from "../support/oidc-relying-party";
import { nextEmail } from "../support/people";
import { relyingPartyDevServer } from "../support/relying-party-dev-server";
import { FormBrowser } from "../support/sign-in-client";

const nowSeconds = () => Math.floor(Date.now() / 1000);
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("openid-client 6 as a relying party against npm run dev", () => {
  const dev = relyingPartyDevServer();

  it("discovers the provider: the exact issuer, code flow only, ES256, S256, the scopes and the endpoints", async () => {
    const response = await fetch(`${dev.origin}/.well-known/openid-configuration`);
    expect(response.status).toBe(200);
    const metadata = (await response.json()) as Record<string, unknown>;
    expect(metadata).toMatchObject({
      issuer: dev.origin,
      authorization_endpoint: `${dev.origin}/authorize`,
      token_endpoint: `${dev.origin}/token`,
      userinfo_endpoint: `${dev.origin}/userinfo`,
      end_session_endpoint: `${dev.origin}/logout`,
      response_types_supported: ["code"],
      subject_types_supported: ["public"],
      id_token_signing_alg_values_supported: ["ES256"],
      code_challenge_methods_supported: ["S256"],
      scopes_supported: ["openid", "email", "profile", "offline_access"],
      token_endpoint_auth_methods_supported: expect.arrayContaining(["none", "client_secret_basic"]),
    });
    // openid-client compares the issuer with the URL it discovered from, byte for byte (RFC 8414 §3.3).
    expect(dev.config.serverMetadata().issuer).toBe(dev.origin);
  });

  it("signs in with PKCE, state and nonce; jose verifies the id_token; userinfo answers the same sub", async () => {
    const email = nextEmail("rp-flow");
    const started = nowSeconds();
    const { auth, callback, tokens } = await codeFlow(dev.config, email);
    expect(`${callback.origin}${callback.pathname}`).toBe(RP_REDIRECT);
    expect(callback.searchParams.get("state")).toBe(auth.state);
    expect(tokens.token_type.toLowerCase()).toBe("bearer");
    expect(tokens.refresh_token).toBeUndefined();

    const idToken = tokens.id_token ?? "";
    const claims = await verifyIdToken(dev.config, idToken, {
      audience: dev.publicClient.client_id,
      nonce: auth.nonce,
    });
    expect(claims).toMatchObject({ iss: dev.origin, aud: dev.publicClient.client_id, nonce: auth.nonce, email });
    expect(claims.auth_time).toBeGreaterThanOrEqual(started - 1);
    expect(claims.auth_time).toBeLessThanOrEqual(nowSeconds());
    expect(claims.exp).toBeGreaterThan(nowSeconds());
    // openid-client read the same claims (it checked iss, aud, exp, iat and nonce itself).
    expect(tokens.claims()?.sub).toBe(claims.sub);

    const info = await oidc.fetchUserInfo(dev.config, tokens.access_token, claims.sub ?? "");
    expect(info).toMatchObject({ sub: claims.sub, email, email_verified: true });

    // The controls: the same verification fails for another audience, another nonce, or a changed signature.
    const other = { audience: "another-client", nonce: auth.nonce };
    await expect(verifyIdToken(dev.config, idToken, other)).rejects.toThrow(/aud/);
    const replayed = { audience: dev.publicClient.client_id, nonce: oidc.randomNonce() };
    await expect(verifyIdToken(dev.config, idToken, replayed)).rejects.toThrow(/nonce/);
    const [head, body, signature = ""] = idToken.split(".");
    const forged = `${head}.${body}.${signature.startsWith("A") ? "B" : "A"}${signature.slice(1)}`;
    const expected = { audience: dev.publicClient.client_id, nonce: auth.nonce };
    await expect(verifyIdToken(dev.config, forged, expected)).rejects.toThrow(/signature/);
    // A userinfo answer about someone else is refused by the relying party.
    await expect(oidc.fetchUserInfo(dev.config, tokens.access_token, "someone-else")).rejects.toMatchObject({
      code: "OAUTH_JSON_ATTRIBUTE_COMPARISON_FAILED",
      cause: { cause: { attribute: "sub" } },
    });
  });

  it("gives a refresh token only with offline_access; the refreshed access token reads userinfo for the same sub", async () => {
    const { tokens } = await codeFlow(dev.config, nextEmail("rp-offline"), { scope: "openid email offline_access" });
    const refreshToken = tokens.refresh_token ?? "";
    expect(refreshToken).not.toBe("");
    const sub = tokens.claims()?.sub ?? "";
    const refreshed = await oidc.refreshTokenGrant(dev.config, refreshToken);
    expect(refreshed.refresh_token).toEqual(expect.any(String));
    expect(refreshed.refresh_token).not.toBe(refreshToken);
    expect((await oidc.fetchUserInfo(dev.config, refreshed.access_token, sub)).sub).toBe(sub);
    // The next refresh uses the new token; the old one was rotated away.
    const again = await oidc.refreshTokenGrant(dev.config, refreshed.refresh_token ?? "");
    expect((await oidc.fetchUserInfo(dev.config, again.access_token, sub)).sub).toBe(sub);
  });

  it("prompt=login shows the sign-in page again in a browser that just signed in, and auth_time is the new sign-in's", async () => {
    const email = nextEmail("rp-prompt-login");
    const first = await codeFlow(dev.config, email);
    const firstAuthTime = decodeJwt(first.tokens.id_token ?? "").auth_time as number;
    await pause(1100);
    // The same browser, with every cookie of the first sign-in: signInAt insists on the code form, not a redirect.
    const second = await codeFlow(dev.config, email, { prompt: "login" }, first.browser);
    const claims = await verifyIdToken(dev.config, second.tokens.id_token ?? "", {
      audience: dev.publicClient.client_id,
      nonce: second.auth.nonce,
    });
    expect(claims.auth_time).toBeGreaterThan(firstAuthTime);
    expect(claims.sub).toBe(decodeJwt(first.tokens.id_token ?? "").sub);
  });

  it("max_age forces a fresh sign-in once the last one is older, and max_age=0 always", async () => {
    const email = nextEmail("rp-max-age");
    const first = await codeFlow(dev.config, email);
    const firstAuthTime = decodeJwt(first.tokens.id_token ?? "").auth_time as number;
    await pause(2100);
    for (const maxAge of [1, 0]) {
      const auth = await authorization(dev.config, { max_age: String(maxAge) });
      const callback = callbackUrl(await signInAt(first.browser, auth.url, email));
      const tokens = await oidc.authorizationCodeGrant(dev.config, callback, {
        pkceCodeVerifier: auth.verifier,
        expectedState: auth.state,
        expectedNonce: auth.nonce,
        maxAge,
      });
      const claims = await verifyIdToken(dev.config, tokens.id_token ?? "", {
        audience: dev.publicClient.client_id,
        nonce: auth.nonce,
      });
      // The sign-in this authorization showed, not the one before it, and no older than max_age allows.
      expect(claims.auth_time).toBeGreaterThan(firstAuthTime);
      expect(nowSeconds() - (claims.auth_time as number)).toBeLessThanOrEqual(maxAge + 2);
    }
  });

  it("prompt=none answers login_required at the redirect URI, with state, without a page or a cookie", async () => {
    const auth = await authorization(dev.config, { prompt: "none" });
    const response = await fetch(auth.url, { redirect: "manual" });
    const callback = callbackUrl(response);
    expect(`${callback.origin}${callback.pathname}`).toBe(RP_REDIRECT);
    expect(callback.searchParams.get("state")).toBe(auth.state);
    expect(callback.searchParams.get("code")).toBeNull();
    expect(response.headers.getSetCookie()).toEqual([]);
    // openid-client reads the callback as the provider's error.
    const exchange = oidc.authorizationCodeGrant(dev.config, callback, {
      pkceCodeVerifier: auth.verifier,
      expectedState: auth.state,
      expectedNonce: auth.nonce,
    });
    expect(await refusal(exchange)).toBe("login_required");
  });

  it("ends the session at end_session_endpoint with id_token_hint, back at the registered URI with state", async () => {
    const { tokens } = await codeFlow(dev.config, nextEmail("rp-logout"), { scope: "openid email offline_access" });
    const sub = tokens.claims()?.sub ?? "";
    const logout = oidc.buildEndSessionUrl(dev.config, {
      id_token_hint: tokens.id_token ?? "",
      post_logout_redirect_uri: RP_LOGOUT,
      state: "bye",
    });
    expect(logout.toString().startsWith(`${dev.origin}/logout?`)).toBe(true);
    const response = await fetch(logout, { redirect: "manual" });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe(`${RP_LOGOUT}?state=bye`);
    // The session is over: its refresh token and its access token are refused.
    expect(await refusal(oidc.refreshTokenGrant(dev.config, tokens.refresh_token ?? ""))).toBe("invalid_grant");
    expect(await refusal(oidc.fetchUserInfo(dev.config, tokens.access_token, sub))).toBe("invalid_token");
    // Asked again with the same hint, the provider still signs out and returns (a retried logout is harmless).
    const repeated = await fetch(logout, { redirect: "manual" });
    expect(repeated.headers.get("location")).toBe(`${RP_LOGOUT}?state=bye`);
  });

  it("a confidential client authenticates its exchange and refresh with client_secret_basic, never in the form", async () => {
    const client = await registerClientAt(dev.origin, dev.adminToken, { type: "confidential" });
    expect(client.client_secret).toEqual(expect.any(String));
    const tokenRequests: { authorization: string | null; body: string }[] = [];
    const recording: oidc.CustomFetch = (url, options) => {
      if (url.endsWith("/token")) {
        const headers = new Headers(options.headers);
        tokenRequests.push({ authorization: headers.get("authorization"), body: String(options.body) });
      }
      return fetch(url, options as RequestInit);
    };
    const basic = oidc.ClientSecretBasic(client.client_secret ?? "");
    const confidential = await discover(dev.origin, client.client_id, basic, recording);
    confidential[oidc.customFetch] = recording;
    const scope = "openid email offline_access";
    const { auth, tokens } = await codeFlow(confidential, nextEmail("rp-confidential"), { scope });
    const claims = await verifyIdToken(confidential, tokens.id_token ?? "", {
      audience: client.client_id,
      nonce: auth.nonce,
    });
    expect(claims.aud).toBe(client.client_id);
    const refreshed = await oidc.refreshTokenGrant(confidential, tokens.refresh_token ?? "");
    expect((await oidc.fetchUserInfo(confidential, refreshed.access_token, claims.sub ?? "")).sub).toBe(claims.sub);
    // The code exchange and the refresh: both authenticated by HTTP Basic.
    expect(tokenRequests).toHaveLength(2);
    for (const request of tokenRequests) {
      expect(request.authorization).toMatch(/^Basic /);
      expect(request.body).not.toContain("client_secret");
    }
  });

  it("a third-party client shows the consent screen once, and again for prompt=consent; allowed, the code comes back", async () => {
    const client = await registerClientAt(dev.origin, dev.adminToken, { name: "Partner Notes", first_party: false });
    const thirdParty = await discover(dev.origin, client.client_id);
    const email = nextEmail("rp-consent");
    const auth = await authorization(thirdParty);
    const browser = new FormBrowser(dev.origin);
    const page = await signInAt(browser, auth.url, email);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain("Partner Notes");
    const callback = callbackUrl(await browser.post("/consent", { decision: "allow" }));
    const tokens = await oidc.authorizationCodeGrant(thirdParty, callback, {
      pkceCodeVerifier: auth.verifier,
      expectedState: auth.state,
      expectedNonce: auth.nonce,
    });
    await verifyIdToken(thirdParty, tokens.id_token ?? "", { audience: client.client_id, nonce: auth.nonce });
    // Remembered: the next sign-in, in a new browser, goes straight back with a code.
    const next = await codeFlow(thirdParty, email);
    expect(next.tokens.claims()?.sub).toBe(tokens.claims()?.sub);
    // Unless the app asks with prompt=consent (OpenID Connect Core §3.1.2.1): then the screen shows again.
    const asked = await authorization(thirdParty, { prompt: "consent" });
    const again = await signInAt(new FormBrowser(dev.origin), asked.url, email);
    expect(again.status).toBe(200);
    expect(await again.text()).toContain("Partner Notes");
  });
});
