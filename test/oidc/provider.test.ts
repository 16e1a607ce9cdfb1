/**
 * The OpenID Connect provider as a standard relying party sees it: openid-client 6 inside the Workers runtime,
 * its HTTP sent to the worker (SELF), the person signing in by emailed code in a form browser, the id_token
 * verified with jose against the JWKS.
 */
import { SELF } from "cloudflare:test";
import { decodeJwt } from "jose";
import { describe, expect, it } from "vitest";
import { ORIGIN } from "../support/browser";
import {
  authorization,
  callbackUrl,
  codeFlow,
  oidc,
  RP_LOGOUT,
  RP_REDIRECT,
  registerClient,
  relyingParty,
  signInAt,
  verifyIdToken,
} from "../support/oidc";
import { nextEmail } from "../support/people";

describe("discovery", () => {
  it("publishes the provider's metadata with the exact issuer, ES256 and the endpoints", async () => {
    const response = await SELF.fetch(`${ORIGIN}/.well-known/openid-configuration`);
    expect(response.status).toBe(200);
    expect(response.headers.get("access-control-allow-origin")).toBe("*");
    const metadata = (await response.json()) as Record<string, unknown>;
    expect(metadata).toMatchObject({
      issuer: ORIGIN,
      authorization_endpoint: `${ORIGIN}/authorize`,
      token_endpoint: `${ORIGIN}/token`,
      userinfo_endpoint: `${ORIGIN}/userinfo`,
      jwks_uri: `${ORIGIN}/.well-known/jwks.json`,
      end_session_endpoint: `${ORIGIN}/logout`,
      response_types_supported: ["code"],
      subject_types_supported: ["public"],
      id_token_signing_alg_values_supported: ["ES256"],
      code_challenge_methods_supported: ["S256"],
      scopes_supported: ["openid", "email", "profile", "offline_access"],
      token_endpoint_auth_methods_supported: ["none", "client_secret_basic", "client_secret_post"],
    });
    const config = await relyingParty("web");
    expect(config.serverMetadata().issuer).toBe(ORIGIN);
  });
});

describe("the code flow with a public client", () => {
  it("signs in with PKCE, state and nonce; the id_token verifies; userinfo has the same sub", async () => {
    const client = await registerClient();
    const config = await relyingParty(client.client_id);
    const email = nextEmail("oidc-flow");
    const before = Math.floor(Date.now() / 1000);
    const { auth, tokens } = await codeFlow(config, email);
    expect(tokens.id_token).toEqual(expect.any(String));
    expect(tokens.refresh_token).toBeUndefined();

    const claims = await verifyIdToken(tokens.id_token ?? "", client.client_id);
    expect(claims).toMatchObject({
      iss: ORIGIN,
      aud: client.client_id,
      nonce: auth.nonce,
      email,
      email_verified: true,
      amr: ["otp"],
    });
    expect(claims.acr).toBeUndefined();
    expect(claims.auth_time).toBeGreaterThanOrEqual(before - 1);
    expect(claims.auth_time).toBeLessThanOrEqual(Math.floor(Date.now() / 1000));
    expect((claims.exp ?? 0) - (claims.iat ?? 0)).toBe(3600);
    const header = JSON.parse(atob((tokens.id_token ?? "").split(".")[0] ?? ""));
    expect(header).toMatchObject({ alg: "ES256", kid: expect.any(String) });

    const info = await oidc.fetchUserInfo(config, tokens.access_token, claims.sub ?? "");
    expect(info).toMatchObject({ sub: claims.sub, email, email_verified: true });
    // The token answers only the scopes it was given: without profile, no names.
    const narrow = await codeFlow(config, nextEmail("oidc-narrow"), { scope: "openid" });
    const narrowClaims = await verifyIdToken(narrow.tokens.id_token ?? "", client.client_id);
    expect(narrowClaims.email).toBeUndefined();
    const narrowInfo = await oidc.fetchUserInfo(config, narrow.tokens.access_token, narrowClaims.sub ?? "");
    expect(Object.keys(narrowInfo)).toEqual(["sub"]);
  });

  it("gives a refresh token with offline_access, and the refreshed access token still reads userinfo", async () => {
    const client = await registerClient();
    const config = await relyingParty(client.client_id);
    const { tokens } = await codeFlow(config, nextEmail("oidc-offline"), { scope: "openid email offline_access" });
    expect(tokens.refresh_token).toEqual(expect.any(String));
    const sub = decodeJwt(tokens.id_token ?? "").sub ?? "";
    const refreshed = await oidc.refreshTokenGrant(config, tokens.refresh_token ?? "");
    expect(refreshed.refresh_token).toEqual(expect.any(String));
    expect(refreshed.refresh_token).not.toBe(tokens.refresh_token);
    expect(refreshed.scope).toBe("openid email offline_access");
    expect((await oidc.fetchUserInfo(config, refreshed.access_token, sub)).sub).toBe(sub);
  });

  it("answers prompt=none with login_required at the redirect URI, without a page", async () => {
    const client = await registerClient();
    const config = await relyingParty(client.client_id);
    const auth = await authorization(config, { prompt: "none" });
    const response = await SELF.fetch(auth.url, { redirect: "manual" });
    const location = callbackUrl(response);
    expect(`${location.origin}${location.pathname}`).toBe(RP_REDIRECT);
    expect(location.searchParams.get("error")).toBe("login_required");
    expect(location.searchParams.get("state")).toBe(auth.state);
  });

  it("shows the sign-in form for prompt=login and max_age=0, and auth_time is that sign-in's", async () => {
    const client = await registerClient();
    const config = await relyingParty(client.client_id);
    const email = nextEmail("oidc-fresh");
    await codeFlow(config, email);
    for (const params of [{ prompt: "login" }, { max_age: "0" }] as Record<string, string>[]) {
      const started = Math.floor(Date.now() / 1000);
      const auth = await authorization(config, params);
      const callback = callbackUrl(await signInAt(auth.url, email));
      const tokens = await oidc.authorizationCodeGrant(config, callback, {
        pkceCodeVerifier: auth.verifier,
        expectedState: auth.state,
        expectedNonce: auth.nonce,
        maxAge: params.max_age ? 5 : undefined,
      });
      const claims = await verifyIdToken(tokens.id_token ?? "", client.client_id);
      expect(claims.auth_time).toBeGreaterThanOrEqual(started - 1);
    }
  });

  it("ends the session at end_session_endpoint and returns to the registered URI with state", async () => {
    const client = await registerClient();
    const config = await relyingParty(client.client_id);
    const { tokens } = await codeFlow(config, nextEmail("oidc-logout"), { scope: "openid email offline_access" });
    const sub = decodeJwt(tokens.id_token ?? "").sub ?? "";
    const url = oidc.buildEndSessionUrl(config, {
      id_token_hint: tokens.id_token ?? "",
      post_logout_redirect_uri: RP_LOGOUT,
      state: "bye",
    });
    const response = await SELF.fetch(url, { redirect: "manual" });
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe(`${RP_LOGOUT}?state=bye`);
    await expect(oidc.fetchUserInfo(config, tokens.access_token, sub)).rejects.toThrow();
    await expect(oidc.refreshTokenGrant(config, tokens.refresh_token ?? "")).rejects.toThrow();
  });
});

describe("a confidential client", () => {
  it("authenticates with client_secret_basic and client_secret_post", async () => {
    const client = await registerClient({ type: "confidential" });
    expect(client.client_secret).toEqual(expect.any(String));
    for (const auth of [
      oidc.ClientSecretBasic(client.client_secret ?? ""),
      oidc.ClientSecretPost(client.client_secret ?? ""),
    ]) {
      const config = await relyingParty(client.client_id, auth);
      const { tokens } = await codeFlow(config, nextEmail("oidc-confidential"));
      expect((await verifyIdToken(tokens.id_token ?? "", client.client_id)).aud).toBe(client.client_id);
    }
  });
});
