/**
 * Every refused case of the OpenID Connect provider, each checked to change nothing: a wrong client secret, an
 * unregistered redirect or logout URI, a public client without PKCE, a code used twice (also at once; a replay ends the first use's session), another
 * client's code, bad tokens at userinfo, and a third-party token at the API.
 */
import { SELF } from "cloudflare:test";
import { decodeJwt } from "jose";
import { describe, expect, it } from "vitest";
import { Browser, ORIGIN } from "../support/browser";
import { call, newUser } from "../support/http";
import {
  authorization,
  callbackUrl,
  codeFlow,
  oidc,
  oidcSnapshot,
  RP_LOGOUT,
  RP_REDIRECT,
  registerClient,
  relyingParty,
  signInAt,
  theAdmin,
} from "../support/oidc";
import { nextEmail } from "../support/people";
import { tokenRequest } from "../support/sign-in";

/** A code for `clientId` at the registered redirect URI, not yet exchanged, with its verifier. */
async function freshCode(clientId: string, params: Record<string, string> = {}) {
  const config = await relyingParty(clientId);
  const auth = await authorization(config, params);
  const callback = callbackUrl(await signInAt(auth.url, nextEmail("oidc-refusal")));
  return { code: callback.searchParams.get("code") ?? "", verifier: auth.verifier };
}

const exchangeFields = (clientId: string, code: string, verifier: string) => ({
  grant_type: "authorization_code",
  code,
  redirect_uri: RP_REDIRECT,
  client_id: clientId,
  code_verifier: verifier,
});

const basic = (id: string, secret: string) => `Basic ${btoa(`${id}:${secret}`)}`;

describe("client authentication at /token", () => {
  it("refuses a wrong or missing secret (basic and post) without spending the code, then accepts the right one", async () => {
    const client = await registerClient({ type: "confidential" });
    const secret = client.client_secret ?? "";
    const { code, verifier } = await freshCode(client.client_id);
    const fields = exchangeFields(client.client_id, code, verifier);
    const before = await oidcSnapshot();
    const attempts = [
      tokenRequest(fields, { authorization: basic(client.client_id, `${secret}x`) }),
      tokenRequest({ ...fields, client_secret: "cs_wrong" }),
      tokenRequest(fields),
      tokenRequest(fields, { authorization: basic(client.client_id, "") }),
    ];
    for (const response of await Promise.all(attempts)) {
      expect(response.status).toBe(401);
      expect(await response.json()).toMatchObject({ error: "invalid_client" });
    }
    const basicRefusal = await tokenRequest(fields, { authorization: basic(client.client_id, "nope") });
    expect(basicRefusal.headers.get("www-authenticate")).toMatch(/^Basic/);
    expect(await oidcSnapshot()).toEqual(before);
    const ok = await tokenRequest(fields, { authorization: basic(client.client_id, secret) });
    expect(ok.status).toBe(200);
  });

  it("refuses a secret sent by a public client", async () => {
    const client = await registerClient();
    const { code, verifier } = await freshCode(client.client_id);
    const fields = exchangeFields(client.client_id, code, verifier);
    const refused = await tokenRequest({ ...fields, client_secret: "anything" });
    expect(refused.status).toBe(401);
    expect((await tokenRequest(fields)).status).toBe(200);
  });
});

describe("codes", () => {
  it("works once: a second exchange is invalid_grant, and of two at once only one succeeds", async () => {
    const client = await registerClient();
    const first = await freshCode(client.client_id);
    const fields = exchangeFields(client.client_id, first.code, first.verifier);
    expect((await tokenRequest(fields)).status).toBe(200);
    const again = await tokenRequest(fields);
    expect(again.status).toBe(400);
    expect(await again.json()).toMatchObject({ error: "invalid_grant" });

    const second = await freshCode(client.client_id);
    const both = await Promise.all(
      [1, 2].map(() => tokenRequest(exchangeFields(client.client_id, second.code, second.verifier))),
    );
    expect(both.map((r) => r.status).sort()).toEqual([200, 400]);
  });

  it("ends the session of a code's first use when the code comes back: its access and refresh tokens stop working", async () => {
    const client = await registerClient();
    const { code, verifier } = await freshCode(client.client_id, { scope: "openid email offline_access" });
    const fields = exchangeFields(client.client_id, code, verifier);
    const first = await tokenRequest(fields);
    const tokens = (await first.json()) as { access_token: string; refresh_token: string };
    const userinfo = () =>
      SELF.fetch(`${ORIGIN}/userinfo`, { headers: { authorization: `Bearer ${tokens.access_token}` } });
    expect((await userinfo()).status).toBe(200);

    // Replayed twice, once at the same time as an unrelated exchange: refused each time, the first session ended.
    const other = await freshCode(client.client_id);
    const [replay, unrelated] = await Promise.all([
      tokenRequest(fields),
      tokenRequest(exchangeFields(client.client_id, other.code, other.verifier)),
    ]);
    expect(replay.status).toBe(400);
    expect(await replay.json()).toMatchObject({ error: "invalid_grant" });
    expect((await tokenRequest(fields)).status).toBe(400);
    expect((await userinfo()).status).toBe(401);
    const refreshed = await tokenRequest({
      grant_type: "refresh_token",
      refresh_token: tokens.refresh_token,
      client_id: client.client_id,
    });
    expect(refreshed.status).toBe(400);
    expect(await refreshed.json()).toMatchObject({ error: "invalid_grant", error_description: "Session is revoked" });

    // The unrelated sign-in's session stands.
    const theirs = (await unrelated.json()) as { access_token: string };
    const theirInfo = await SELF.fetch(`${ORIGIN}/userinfo`, {
      headers: { authorization: `Bearer ${theirs.access_token}` },
    });
    expect(theirInfo.status).toBe(200);
  });

  it("ends nothing for a code that was never issued", async () => {
    const client = await registerClient();
    const { tokens } = await codeFlow(await relyingParty(client.client_id), nextEmail("oidc-unknown-code"));
    const refused = await tokenRequest(exchangeFields(client.client_id, crypto.randomUUID(), "v".repeat(43)));
    expect(refused.status).toBe(400);
    const info = await SELF.fetch(`${ORIGIN}/userinfo`, {
      headers: { authorization: `Bearer ${tokens.access_token}` },
    });
    expect(info.status).toBe(200);
  });

  it("refuses another client's code", async () => {
    const [mine, theirs] = await Promise.all([registerClient(), registerClient()]);
    const { code, verifier } = await freshCode(theirs.client_id);
    const grantsBefore = (await oidcSnapshot()).grants;
    const refused = await tokenRequest(exchangeFields(mine.client_id, code, verifier));
    expect(refused.status).toBe(401);
    expect(await refused.json()).toMatchObject({ error: "invalid_client" });
    expect((await oidcSnapshot()).grants).toBe(grantsBefore);
  });
});

describe("/authorize", () => {
  it("refuses an unregistered redirect URI on its own page, never redirecting", async () => {
    const client = await registerClient();
    const config = await relyingParty(client.client_id);
    for (const redirect_uri of [
      `${RP_REDIRECT}/`,
      `${RP_REDIRECT}?x=1`,
      "https://rp.example/other",
      `${ORIGIN}/callback`,
    ]) {
      const auth = await authorization(config, { redirect_uri, prompt: "none" });
      const response = await SELF.fetch(auth.url, { redirect: "manual" });
      expect(response.status).toBe(400);
      expect(response.headers.get("location")).toBeNull();
      expect(response.headers.getSetCookie()).toEqual([]);
    }
  });

  it("refuses a public client without PKCE, and accepts a confidential one without it", async () => {
    const [publicClient, confidential] = await Promise.all([
      registerClient(),
      registerClient({ type: "confidential" }),
    ]);
    const withoutPkce = (clientId: string) =>
      `${ORIGIN}/authorize?${new URLSearchParams({ client_id: clientId, redirect_uri: RP_REDIRECT, response_type: "code", scope: "openid", state: "s", provider: "code" })}`;
    const refused = await SELF.fetch(withoutPkce(publicClient.client_id), { redirect: "manual" });
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain("PKCE");
    const browser = new Browser();
    const accepted = await browser.follow(await browser.get(withoutPkce(confidential.client_id)));
    expect(accepted.status).toBe(200);
    expect(new URL(accepted.url).pathname).toBe("/code/authorize");
  });

  it("refuses a deleted client", async () => {
    const client = await registerClient();
    expect((await call(await theAdmin(), "DELETE", `/admin/clients/${client.client_id}`)).status).toBe(204);
    const auth = await authorization(await relyingParty(client.client_id));
    expect((await SELF.fetch(auth.url, { redirect: "manual" })).status).toBe(400);
  });
});

describe("logout", () => {
  it("refuses an unregistered post_logout_redirect_uri, a missing or forged hint, and the session lives on", async () => {
    const client = await registerClient();
    const config = await relyingParty(client.client_id);
    const { tokens } = await codeFlow(config, nextEmail("oidc-logout-refused"));
    const sub = decodeJwt(tokens.id_token ?? "").sub ?? "";
    const hint = tokens.id_token ?? "";
    const [head = "", body = ""] = hint.split(".");
    const urls = [
      oidc.buildEndSessionUrl(config, { id_token_hint: hint, post_logout_redirect_uri: `${RP_LOGOUT}/x` }),
      oidc.buildEndSessionUrl(config, { id_token_hint: hint, post_logout_redirect_uri: RP_REDIRECT }),
      oidc.buildEndSessionUrl(config, { post_logout_redirect_uri: RP_LOGOUT }),
      oidc.buildEndSessionUrl(config, { id_token_hint: `${head}.${body}.AAAA`, post_logout_redirect_uri: RP_LOGOUT }),
      oidc.buildEndSessionUrl(config, { id_token_hint: hint, client_id: "web" }),
    ];
    for (const url of urls) {
      const response = await SELF.fetch(url, { redirect: "manual" });
      expect(response.status, url.toString()).toBe(400);
      expect(response.headers.get("location")).toBeNull();
    }
    expect((await oidc.fetchUserInfo(config, tokens.access_token, sub)).sub).toBe(sub);
  });
});

describe("/userinfo", () => {
  const userinfo = (token: string, method = "GET") =>
    SELF.fetch(`${ORIGIN}/userinfo`, { method, headers: { authorization: `Bearer ${token}` } });

  it("answers 401 invalid_token for a missing, forged or tampered token", async () => {
    const client = await registerClient();
    const { tokens } = await codeFlow(await relyingParty(client.client_id), nextEmail("oidc-userinfo"));
    const tampered = `${tokens.access_token.slice(0, -4)}AAAA`;
    for (const response of [
      await SELF.fetch(`${ORIGIN}/userinfo`),
      await userinfo("not-a-token"),
      await userinfo(tampered),
      await userinfo(tampered, "POST"),
    ]) {
      expect(response.status).toBe(401);
      expect(response.headers.get("www-authenticate")).toMatch(/^Bearer error="invalid_token"/);
    }
    expect((await userinfo(tokens.access_token, "POST")).status).toBe(200);
  });

  it("refuses the web app's token (no openid scope) with insufficient_scope", async () => {
    const person = await newUser("oidc-web-token");
    const response = await userinfo(person.token);
    expect(response.status).toBe(403);
    expect(response.headers.get("www-authenticate")).toMatch(/insufficient_scope/);
  });

  it("keeps registered clients' tokens out of the API", async () => {
    const client = await registerClient();
    const { tokens } = await codeFlow(await relyingParty(client.client_id), nextEmail("oidc-api"));
    const response = await SELF.fetch(`${ORIGIN}/api/me`, {
      headers: { authorization: `Bearer ${tokens.access_token}` },
    });
    expect(response.status).toBe(401);
  });
});
