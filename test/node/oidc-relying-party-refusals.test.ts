/**
 * What the OpenID Connect provider refuses, as a standard relying party (openid-client 6) meets it against
 * `npm run dev`: a wrong secret, an unregistered redirect or logout URI, a public client without PKCE, a code used
 * twice (one after the other and both at once), another client's code. Each refusal is checked to change nothing a
 * caller can see: no cookie, no redirect, no session for the person (the admin's view of them), tokens still good.
 */
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
  sessionsOf,
  signInAt,
} from "../support/oidc-relying-party";
import { nextEmail } from "../support/people";
import { relyingPartyDevServer } from "../support/relying-party-dev-server";
import { FormBrowser } from "../support/sign-in-client";

describe("what the provider refuses a relying party, under npm run dev", () => {
  const dev = relyingPartyDevServer();

  /** A person signs in for `rp`; the callback with the code, not yet exchanged, and the checks to exchange it with. */
  async function unexchangedCode(rp: oidc.Configuration, email: string, params: Record<string, string> = {}) {
    const auth = await authorization(rp, params);
    const callback = callbackUrl(await signInAt(new FormBrowser(dev.origin), auth.url, email));
    expect(callback.searchParams.get("code")).toEqual(expect.any(String));
    const checks = { pkceCodeVerifier: auth.verifier, expectedState: auth.state, expectedNonce: auth.nonce };
    return { auth, callback, checks };
  }

  /** An /authorize refused on the provider's own page: 400, no redirect anywhere, no cookie. */
  async function expectRefusedPage(url: URL | string, words?: RegExp) {
    const response = await fetch(url, { redirect: "manual" });
    expect(response.status, url.toString()).toBe(400);
    expect(response.headers.get("location")).toBeNull();
    expect(response.headers.getSetCookie()).toEqual([]);
    if (words) expect(await response.text()).toMatch(words);
  }

  it("refuses a wrong or missing client secret (also several at once) without spending the code or the refresh token", async () => {
    const client = await registerClientAt(dev.origin, dev.adminToken, { type: "confidential" });
    const secret = client.client_secret ?? "";
    const email = nextEmail("rp-wrong-secret");
    const rightConfig = await discover(dev.origin, client.client_id, oidc.ClientSecretBasic(secret));
    const { callback, checks } = await unexchangedCode(rightConfig, email, { scope: "openid offline_access" });
    const wrongs = await Promise.all(
      [oidc.ClientSecretBasic(`${secret}x`), oidc.ClientSecretBasic("cs_wrong"), oidc.ClientSecretPost("nope")].map(
        (auth) => discover(dev.origin, client.client_id, auth),
      ),
    );
    // Without a secret at all, the confidential client is refused too.
    wrongs.push(await discover(dev.origin, client.client_id));
    const refused = await Promise.all(wrongs.map((rp) => refusal(oidc.authorizationCodeGrant(rp, callback, checks))));
    expect(refused).toEqual(["invalid_client", "invalid_client", "invalid_client", "invalid_client"]);
    expect(await refusal(oidc.authorizationCodeGrant(wrongs[0] as oidc.Configuration, callback, checks))).toBe(
      "invalid_client",
    );
    expect(await sessionsOf(dev.origin, dev.adminToken, email)).toEqual([]);
    // The code was not touched: the right secret still exchanges it, and that makes the person's only session.
    const tokens = await oidc.authorizationCodeGrant(rightConfig, callback, checks);
    expect(tokens.id_token).toEqual(expect.any(String));
    expect(await sessionsOf(dev.origin, dev.adminToken, email)).toHaveLength(1);
    // A refresh with a wrong secret is refused too, and the refresh token stays good for the right one.
    const refreshToken = tokens.refresh_token ?? "";
    expect(await refusal(oidc.refreshTokenGrant(wrongs[0] as oidc.Configuration, refreshToken))).toBe("invalid_client");
    expect((await oidc.refreshTokenGrant(rightConfig, refreshToken)).refresh_token).toEqual(expect.any(String));
  });

  it("refuses an unregistered redirect URI on its own page, never redirecting there", async () => {
    const candidates = [`${RP_REDIRECT}/`, `${RP_REDIRECT}?x=1`, "https://rp.example/other", `${dev.origin}/callback`];
    const urls = await Promise.all(candidates.map((redirect_uri) => authorization(dev.config, { redirect_uri })));
    await Promise.all(urls.map((auth) => expectRefusedPage(auth.url, /not allowed/)));
    // prompt=none, which otherwise answers at the redirect URI, is refused on the page too.
    const silent = await authorization(dev.config, { redirect_uri: "https://rp.example/other", prompt: "none" });
    await expectRefusedPage(silent.url);
  });

  it("refuses a public client without PKCE or with plain PKCE; a code without its verifier makes no session", async () => {
    const auth = await authorization(dev.config);
    const withoutPkce = new URL(auth.url);
    withoutPkce.searchParams.delete("code_challenge");
    withoutPkce.searchParams.delete("code_challenge_method");
    const plain = new URL(auth.url);
    plain.searchParams.set("code_challenge", auth.verifier);
    plain.searchParams.set("code_challenge_method", "plain");
    await Promise.all([withoutPkce, plain].map((url) => expectRefusedPage(url, /PKCE/)));

    const email = nextEmail("rp-no-verifier");
    const first = await unexchangedCode(dev.config, email);
    const withoutVerifier = { ...first.checks, pkceCodeVerifier: undefined };
    expect(await refusal(oidc.authorizationCodeGrant(dev.config, first.callback, withoutVerifier))).toBe(
      "invalid_grant",
    );
    const second = await unexchangedCode(dev.config, email);
    const wrongVerifier = { ...second.checks, pkceCodeVerifier: oidc.randomPKCECodeVerifier() };
    expect(await refusal(oidc.authorizationCodeGrant(dev.config, second.callback, wrongVerifier))).toBe(
      "invalid_grant",
    );
    expect(await sessionsOf(dev.origin, dev.adminToken, email)).toEqual([]);
  });

  it("takes a code once: a second exchange is invalid_grant and ends the first one's session, and of two at once only one gets tokens", async () => {
    const email = nextEmail("rp-code-twice");
    const once = await unexchangedCode(dev.config, email);
    expect((await oidc.authorizationCodeGrant(dev.config, once.callback, once.checks)).access_token).toEqual(
      expect.any(String),
    );
    expect(await refusal(oidc.authorizationCodeGrant(dev.config, once.callback, once.checks))).toBe("invalid_grant");
    // The replay ended the session the first exchange started (RFC 6749 §4.1.2): whoever replays may hold its tokens.
    expect(await sessionsOf(dev.origin, dev.adminToken, email)).toEqual([]);

    const racing = nextEmail("rp-code-race");
    const raced = await unexchangedCode(dev.config, racing);
    const both = await Promise.allSettled(
      [1, 2].map(() => oidc.authorizationCodeGrant(dev.config, raced.callback, raced.checks)),
    );
    expect(both.map((outcome) => outcome.status).sort()).toEqual(["fulfilled", "rejected"]);
    const loser = both.find((outcome) => outcome.status === "rejected");
    expect(await refusal(Promise.reject(loser?.reason))).toBe("invalid_grant");
    // At most the winner's session: the loser ends it when the winner's exchange is already on record.
    expect((await sessionsOf(dev.origin, dev.adminToken, racing)).length).toBeLessThanOrEqual(1);
  });

  it("refuses another client's code, and no session starts for the person", async () => {
    const other = await registerClientAt(dev.origin, dev.adminToken);
    const otherConfig = await discover(dev.origin, other.client_id);
    const email = nextEmail("rp-other-client");
    const { callback, checks } = await unexchangedCode(dev.config, email);
    expect(await refusal(oidc.authorizationCodeGrant(otherConfig, callback, checks))).toBe("invalid_client");
    expect(await sessionsOf(dev.origin, dev.adminToken, email)).toEqual([]);
  });

  it("refuses an unregistered post_logout_redirect_uri on its own page, and the session lives on", async () => {
    const { tokens } = await codeFlow(dev.config, nextEmail("rp-logout-refused"), {
      scope: "openid email offline_access",
    });
    const sub = tokens.claims()?.sub ?? "";
    const hint = tokens.id_token ?? "";
    const targets = [`${RP_LOGOUT}/x`, RP_REDIRECT, "https://elsewhere.example/signed-out", `${dev.origin}/`];
    const urls = targets.map((post_logout_redirect_uri) =>
      oidc.buildEndSessionUrl(dev.config, { id_token_hint: hint, post_logout_redirect_uri, state: "s" }),
    );
    await Promise.all(urls.map((url) => expectRefusedPage(url, /not allowed/)));
    expect((await oidc.fetchUserInfo(dev.config, tokens.access_token, sub)).sub).toBe(sub);
    const refreshed = await oidc.refreshTokenGrant(dev.config, tokens.refresh_token ?? "");
    expect((await oidc.fetchUserInfo(dev.config, refreshed.access_token, sub)).sub).toBe(sub);
  });
});
