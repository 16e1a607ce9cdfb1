import { env, SELF } from "cloudflare:test";
import { decodeJwt, decodeProtectedHeader, generateKeyPair, SignJWT } from "jose";
import { describe, expect, it } from "vitest";
import { deleteAccount } from "../../src/account/deletion";
import { setAccountStanding } from "../../src/account/standing";
import { signAccessToken } from "../../src/auth/access-token";
import { REFRESH_REUSE_GRACE_SECONDS } from "../../src/auth/token-policy";
import { servicesOf } from "../../src/services";
import { Browser, REDIRECT_URI } from "../support/browser";
import { nextEmail, PASSWORD } from "../support/people";
import { sessionOf, sessionRow, updateSession } from "../support/sessions";
import {
  api,
  codeFromRedirect,
  exchange,
  latestCode,
  refresh,
  signInWithCode,
  signInWithPassword,
  signUpWithPassword,
  startAuthorization,
  type Tokens,
  tokenRequest,
} from "../support/sign-in";

/** Moves the last rotation of a session into the past, as if the reuse grace had run out. */
async function endReuseGrace(tokens: Tokens) {
  const past = new Date(Date.now() - (REFRESH_REUSE_GRACE_SECONDS + 1) * 1000).toISOString();
  await updateSession(tokens.access_token, { rotated_at: past });
}

/** A user's id, from their tokens. */
const userIdOf = (tokens: Tokens) => sessionOf(tokens.access_token).userId;

describe("the token endpoint", () => {
  it("answers as RFC 6749 §5.1 requires, with no-store", async () => {
    const browser = new Browser();
    const verifier = await startAuthorization(browser, "password");
    await browser.get("/password/register");
    await browser.post("/password/register", {
      action: "register",
      email: "rfc@example.com",
      password: PASSWORD,
      repeat: PASSWORD,
    });
    const done = await browser.post("/password/register", {
      action: "verify",
      code: await latestCode("rfc@example.com"),
    });
    const response = await tokenRequest({
      grant_type: "authorization_code",
      code: codeFromRedirect(done),
      redirect_uri: REDIRECT_URI,
      client_id: "web",
      code_verifier: verifier,
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    const body = (await response.json()) as Record<string, unknown>;
    expect(Object.keys(body).sort()).toEqual(["access_token", "expires_in", "refresh_token", "token_type"]);
    expect(body.token_type).toBe("Bearer");
  });

  it("issues an ES256 access token of 15 minutes or less with iat, exp, sid, audience and the user subject", async () => {
    const tokens = await signUpWithPassword("claims@example.com", PASSWORD);
    expect(decodeProtectedHeader(tokens.access_token).alg).toBe("ES256");
    const claims = decodeJwt(tokens.access_token);
    expect((claims.exp ?? 0) - (claims.iat ?? Number.POSITIVE_INFINITY)).toBeLessThanOrEqual(15 * 60);
    expect(claims.exp).toBeGreaterThan(claims.iat ?? 0);
    expect(claims).toMatchObject({ iss: "http://localhost", aud: "web", type: "user", mode: "access" });
    const properties = claims.properties as Record<string, string>;
    expect(properties).toMatchObject({ email: "claims@example.com", first_name: "", last_name: "" });
    expect(claims.sub).toBe(properties.id);
    expect(properties.id).toMatch(/^usr_/);
    expect(properties.created_date).toMatch(/^\d{4}-/);
    expect(claims.sid).toMatch(/^ses_/);
  });

  it("exchanges an authorization code once", async () => {
    const browser = new Browser();
    const verifier = await startAuthorization(browser, "password");
    await signUpWithPassword("once@example.com", PASSWORD);
    const done = await browser.post("/password/authorize", { email: "once@example.com", password: PASSWORD });
    const code = codeFromRedirect(done);
    const fields = {
      grant_type: "authorization_code",
      code,
      redirect_uri: REDIRECT_URI,
      client_id: "web",
      code_verifier: verifier,
    };
    const [first, second] = await Promise.all([tokenRequest(fields), tokenRequest(fields)]);
    expect([first.status, second.status].sort()).toEqual([200, 400]);
    const again = await tokenRequest(fields);
    expect(await again.json()).toMatchObject({ error: "invalid_grant" });
  });

  it("refuses a code exchange with the wrong PKCE verifier, redirect URI or client, and the code stays unusable", async () => {
    const browser = new Browser();
    const verifier = await startAuthorization(browser, "password");
    await signUpWithPassword("pkce@example.com", PASSWORD);
    const code = codeFromRedirect(
      await browser.post("/password/authorize", { email: "pkce@example.com", password: PASSWORD }),
    );
    const base = {
      grant_type: "authorization_code",
      code,
      redirect_uri: REDIRECT_URI,
      client_id: "web",
      code_verifier: verifier,
    };
    const wrongVerifier = await tokenRequest({ ...base, code_verifier: "x".repeat(43) });
    expect(wrongVerifier.status).toBe(400);
    expect(await wrongVerifier.json()).toMatchObject({ error: "invalid_grant" });
    // The failed attempt consumed the code: an attacker who saw it cannot keep trying verifiers.
    expect((await tokenRequest(base)).status).toBe(400);
  });

  it("refuses unknown grant types and non-form bodies", async () => {
    expect(await (await tokenRequest({ grant_type: "password", username: "a", password: "b" })).json()).toMatchObject({
      error: "unsupported_grant_type",
    });
    const json = await SELF.fetch("http://localhost/token", {
      method: "POST",
      body: JSON.stringify({ grant_type: "refresh_token" }),
      headers: { "content-type": "application/json" },
    });
    expect(json.status).toBe(400);
  });
});

describe("refresh tokens", () => {
  it("rotate on every use, and the new access token works", async () => {
    const first = await signUpWithPassword("rotate@example.com", PASSWORD);
    const response = await refresh(first.refresh_token);
    expect(response.status).toBe(200);
    const second = (await response.json()) as Tokens;
    expect(second.token_type).toBe("Bearer");
    expect(second.refresh_token).not.toBe(first.refresh_token);
    expect(sessionOf(second.access_token).sessionId).toBe(sessionOf(first.access_token).sessionId);
    expect((await api("/api/me", second.access_token)).status).toBe(200);
    const third = (await (await refresh(second.refresh_token)).json()) as Tokens;
    expect(third.refresh_token).not.toBe(second.refresh_token);
  });

  it("give the same successor to a retry within the reuse grace (two tabs refreshing at once)", async () => {
    const first = await signUpWithPassword("tabs@example.com", PASSWORD);
    const [a, b] = await Promise.all([refresh(first.refresh_token), refresh(first.refresh_token)]);
    expect(a.status).toBe(200);
    expect(b.status).toBe(200);
    const [ta, tb] = (await Promise.all([a.json(), b.json()])) as Tokens[];
    expect(ta?.refresh_token).toBe(tb?.refresh_token);
    expect((await refresh(ta?.refresh_token ?? "")).status).toBe(200);
  });

  it("revoke the whole session when a used token comes back after the grace", async () => {
    const first = await signUpWithPassword("reuse@example.com", PASSWORD);
    const second = (await (await refresh(first.refresh_token)).json()) as Tokens;
    await endReuseGrace(first);

    const replayed = await refresh(first.refresh_token);
    expect(replayed.status).toBe(400);
    expect(await replayed.json()).toMatchObject({ error: "invalid_grant" });
    // The legitimate holder's newer tokens die with the session: refresh and access alike.
    expect((await refresh(second.refresh_token)).status).toBe(400);
    expect((await api("/api/me", second.access_token)).status).toBe(401);
    expect((await api("/api/me", first.access_token)).status).toBe(401);
    expect((await sessionRow(first.access_token))?.revoked_reason).toBe("refresh_token_reuse");
  });

  it("revoke only that session, not the user's other sessions", async () => {
    const kept = await signUpWithPassword("two-sessions@example.com", PASSWORD);
    const stolen = await signInWithPassword("two-sessions@example.com", PASSWORD);
    await refresh(stolen.refresh_token);
    await endReuseGrace(stolen);
    expect((await refresh(stolen.refresh_token)).status).toBe(400);
    expect((await api("/api/me", kept.access_token)).status).toBe(200);
    expect((await refresh(kept.refresh_token)).status).toBe(200);
  });

  it("refuse forged, truncated and foreign refresh tokens without touching any session", async () => {
    const tokens = await signUpWithPassword("forged@example.com", PASSWORD);
    const [userId, sessionId, generation, mac = ""] = tokens.refresh_token.split(".");
    const forged = [
      `${userId}.${sessionId}.${Number(generation) + 1}.${mac}`,
      `${userId}.${sessionId}.${generation}.${mac.slice(0, -2)}AA`,
      `${userId}.${sessionId}.${generation}`,
      `usr_someoneelse000000000000.${sessionId}.${generation}.${mac}`,
      "usr_x:00000000-0000-0000-0000-000000000000",
      "",
    ];
    for (const token of forged) expect((await refresh(token)).status).toBe(400);
    expect((await refresh(tokens.refresh_token)).status).toBe(200);
  });

  it("must name the client the session was issued to, and a refusal changes nothing", async () => {
    const tokens = await signUpWithPassword("refresh-client@example.com", PASSWORD);
    const before = await sessionRow(tokens.access_token);

    // No client_id: the public client did not identify itself (RFC 6749 §5.2 invalid_client, 401).
    const anonymous = await tokenRequest({ grant_type: "refresh_token", refresh_token: tokens.refresh_token });
    expect(anonymous.status).toBe(401);
    expect(await anonymous.json()).toMatchObject({ error: "invalid_client" });
    // Another client's id: the token "was issued to another client" (§5.2 invalid_grant).
    for (const client_id of ["other-app", "WEB", " web"]) {
      const foreign = await tokenRequest({
        grant_type: "refresh_token",
        refresh_token: tokens.refresh_token,
        client_id,
      });
      expect(foreign.status).toBe(400);
      expect(await foreign.json()).toMatchObject({ error: "invalid_grant" });
    }

    expect(await sessionRow(tokens.access_token)).toEqual(before);
    expect((await api("/api/me", tokens.access_token)).status).toBe(200);
    expect((await refresh(tokens.refresh_token)).status).toBe(200);
  });

  it("refuse a session past its absolute lifetime", async () => {
    const tokens = await signUpWithPassword("lifetime@example.com", PASSWORD);
    await updateSession(tokens.access_token, { expires_at: new Date(Date.now() - 1000).toISOString() });
    expect((await refresh(tokens.refresh_token)).status).toBe(400);
    expect((await api("/api/me", tokens.access_token)).status).toBe(401);
  });
});

describe("access tokens at /api", () => {
  async function validClaims() {
    const tokens = await signUpWithPassword(nextEmail("jwt"), PASSWORD);
    return { tokens, claims: decodeJwt(tokens.access_token), header: decodeProtectedHeader(tokens.access_token) };
  }

  const expectUnauthorized = async (token: string) => {
    const response = await api("/api/me", token);
    expect(response.status).toBe(401);
    expect(response.headers.get("content-type")).toBe("application/problem+json");
    expect(await response.json()).toMatchObject({ code: "unauthorized" });
  };

  it("refuses no token and a malformed header", async () => {
    const none = await SELF.fetch("http://localhost/api/me");
    expect(none.status).toBe(401);
    expect(none.headers.get("www-authenticate")).toContain("Bearer");
    await expectUnauthorized("not-a-jwt");
  });

  it("refuses a tampered token", async () => {
    const { tokens } = await validClaims();
    const [header, payload, signature] = tokens.access_token.split(".");
    const claims = JSON.parse(atob((payload ?? "").replace(/-/g, "+").replace(/_/g, "/")));
    claims.properties.email = "admin@example.com";
    const tampered = btoa(JSON.stringify(claims)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
    await expectUnauthorized(`${header}.${tampered}.${signature}`);
  });

  it("refuses alg none", async () => {
    const { claims } = await validClaims();
    const encode = (value: object) =>
      btoa(JSON.stringify(value)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
    await expectUnauthorized(`${encode({ alg: "none", typ: "JWT" })}.${encode(claims)}.`);
  });

  it("refuses an HS256 token keyed with the public key (algorithm confusion)", async () => {
    const { claims, header } = await validClaims();
    const jwks = (await (await SELF.fetch("http://localhost/.well-known/jwks.json")).json()) as { keys: object[] };
    const secret = new TextEncoder().encode(JSON.stringify(jwks.keys[0]));
    const token = await new SignJWT(claims)
      .setProtectedHeader({ alg: "HS256", kid: header.kid, typ: "JWT" })
      .sign(secret);
    await expectUnauthorized(token);
  });

  it("refuses an expired token", async () => {
    const { claims } = await validClaims();
    const { oauthStorage } = servicesOf(env);
    const old = await signAccessToken(
      oauthStorage,
      {
        issuer: "http://localhost",
        clientId: "web",
        sessionId: claims.sid as string,
        user: claims.properties as never,
      },
      new Date(Date.now() - 60 * 60 * 1000),
    );
    await expectUnauthorized(old.token);
  });

  it("refuses a token for another audience, and accepts the same token for ours", async () => {
    const { claims } = await validClaims();
    const { oauthStorage } = servicesOf(env);
    const input = { issuer: "http://localhost", sessionId: claims.sid as string, user: claims.properties as never };
    await expectUnauthorized((await signAccessToken(oauthStorage, { ...input, clientId: "another-service" })).token);
    const ours = await signAccessToken(oauthStorage, { ...input, clientId: "web" });
    expect((await api("/api/me", ours.token)).status).toBe(200);
  });

  it("refuses a token from another issuer", async () => {
    const { claims } = await validClaims();
    const { oauthStorage } = servicesOf(env);
    const input = { clientId: "web", sessionId: claims.sid as string, user: claims.properties as never };
    await expectUnauthorized((await signAccessToken(oauthStorage, { ...input, issuer: "https://evil.example" })).token);
  });

  it("refuses a token signed by another key", async () => {
    const { claims, header } = await validClaims();
    const { privateKey } = await generateKeyPair("ES256");
    const token = await new SignJWT(claims)
      .setProtectedHeader({ alg: "ES256", kid: header.kid, typ: "JWT" })
      .sign(privateKey);
    await expectUnauthorized(token);
    const unknownKid = await new SignJWT(claims)
      .setProtectedHeader({ alg: "ES256", kid: "nope", typ: "JWT" })
      .sign(privateKey);
    await expectUnauthorized(unknownKid);
  });
});

describe("accounts that may not use their tokens", () => {
  it("refuses a deactivated user at the API and at refresh, at once", async () => {
    const tokens = await signUpWithPassword("deactivated@example.com", PASSWORD);
    await setAccountStanding(servicesOf(env), userIdOf(tokens), { isActive: false });
    expect((await api("/api/me", tokens.access_token)).status).toBe(401);
    expect((await refresh(tokens.refresh_token)).status).toBe(400);
  });

  it("refuses a deactivated user at sign-in", async () => {
    const tokens = await signUpWithPassword("off@example.com", PASSWORD);
    await setAccountStanding(servicesOf(env), userIdOf(tokens), { isActive: false });
    const browser = new Browser();
    await startAuthorization(browser, "password");
    const page = await browser.post("/password/authorize", { email: "off@example.com", password: PASSWORD });
    // OpenAuth's sign-in page answers a refused attempt with 401.
    expect(page.status).toBe(401);
    expect(page.headers.get("location")).toBeNull();
    expect(await page.text()).toContain("deactivated");
  });

  it("lets a deleted account see /api/me with deleted_at and nothing else", async () => {
    const first = await signUpWithPassword("deleted@example.com", PASSWORD);
    const scheduled = await deleteAccount(servicesOf(env), { by: "self", userId: userIdOf(first) });
    const purge_after = scheduled?.purge_after;
    expect((await api("/api/me", first.access_token)).status).toBe(401); // deleting ended the session
    const tokens = await signInWithPassword("deleted@example.com", PASSWORD);
    const me = await api("/api/me", tokens.access_token);
    expect(me.status).toBe(200);
    expect(await me.json()).toMatchObject({ deleted_at: expect.any(String), purge_after });
    for (const path of ["/api/me/sessions", "/api/workspaces"]) {
      const refused = await api(path, tokens.access_token);
      expect(refused.status, path).toBe(403);
      expect(await refused.json()).toMatchObject({ code: "account_deleted" });
    }
  });
});

describe("code sign-in", () => {
  it("creates an account for an unknown email, then signs into the same account", async () => {
    const first = await signInWithCode("newcomer@example.com");
    const second = await signInWithCode("newcomer@example.com");
    const id = (decodeJwt(first.access_token).properties as { id: string }).id;
    expect((decodeJwt(second.access_token).properties as { id: string }).id).toBe(id);
    const rows = await env.DB.prepare("select id, email_verified_at from users where email = ?")
      .bind("newcomer@example.com")
      .all();
    expect(rows.results).toHaveLength(1);
    expect(rows.results[0]?.email_verified_at).toBeTruthy();
  });

  it("signs into an existing password account by code", async () => {
    const byPassword = await signUpWithPassword("both@example.com", PASSWORD);
    const byCode = await signInWithCode("both@example.com");
    expect(decodeJwt(byCode.access_token).sub).toBe(decodeJwt(byPassword.access_token).sub);
  });
});

describe("forgotten password", () => {
  async function resetPassword(email: string, newPassword: string, browser = new Browser()) {
    await browser.get("/password/change");
    expect((await browser.post("/password/change", { action: "code", email })).status).toBe(200);
    expect((await browser.post("/password/change", { action: "verify", code: await latestCode(email) })).status).toBe(
      200,
    );
    return browser.post("/password/change", { action: "update", password: newPassword, repeat: newPassword });
  }

  it("revokes every session of our own subject: old refresh and access tokens stop working", async () => {
    const before = await signUpWithPassword("forgot@example.com", PASSWORD);
    const other = await signInWithCode("forgot@example.com");
    const done = await resetPassword("forgot@example.com", "a brand new passphrase");
    expect(done.status).toBe(302);
    for (const tokens of [before, other]) {
      expect((await refresh(tokens.refresh_token)).status).toBe(400);
      expect((await api("/api/me", tokens.access_token)).status).toBe(401);
    }
    const after = await signInWithPassword("forgot@example.com", "a brand new passphrase");
    expect((await api("/api/me", after.access_token)).status).toBe(200);
  });

  it("refuses the old password afterwards, and mails a notice", async () => {
    await signUpWithPassword("notice@example.com", PASSWORD);
    await resetPassword("notice@example.com", "another new passphrase");
    const browser = new Browser();
    await startAuthorization(browser, "password");
    const page = await browser.post("/password/authorize", { email: "notice@example.com", password: PASSWORD });
    expect(page.status).toBe(401);
    expect(page.headers.get("location")).toBeNull();
    const { mailbox } = await import("../support/sign-in");
    expect((await mailbox("notice@example.com"))[0]?.subject).toBe("Your password was changed");
  });

  it("signs the person in when the reset started from a sign-in", async () => {
    await signUpWithPassword("reset-signin@example.com", PASSWORD);
    const browser = new Browser();
    const verifier = await startAuthorization(browser, "password");
    const done = await resetPassword("reset-signin@example.com", "fresh passphrase here", browser);
    const tokens = await exchange(codeFromRedirect(done), verifier);
    expect((await api("/api/me", tokens.access_token)).status).toBe(200);
  });

  it("cannot be replayed: the update step works once", async () => {
    await signUpWithPassword("replay-reset@example.com", PASSWORD);
    const browser = new Browser();
    await browser.get("/password/change");
    await browser.post("/password/change", { action: "code", email: "replay-reset@example.com" });
    await browser.post("/password/change", { action: "verify", code: await latestCode("replay-reset@example.com") });
    const cookie = browser.cookies.get("password-reset") ?? "";
    const first = await browser.post("/password/change", {
      action: "update",
      password: "first new passphrase",
      repeat: "first new passphrase",
    });
    expect(first.status).toBe(302);
    // Replaying the encrypted state cookie of the update step must not set a password again.
    const replay = await SELF.fetch("http://localhost/password/change", {
      method: "POST",
      body: new URLSearchParams({
        action: "update",
        password: "attacker passphrase",
        repeat: "attacker passphrase",
      }).toString(),
      headers: { "content-type": "application/x-www-form-urlencoded", cookie: `password-reset=${cookie}` },
      redirect: "manual",
    });
    expect(replay.status).toBe(400);
    expect(await replay.text()).toContain("Start again");
    expect((await signInWithPassword("replay-reset@example.com", "first new passphrase")).token_type).toBe("Bearer");
  });
});

describe("CORS", () => {
  it("answers the app's own origin and refuses others", async () => {
    const preflight = (origin: string) =>
      SELF.fetch("http://localhost/api/me", {
        method: "OPTIONS",
        headers: { origin, "access-control-request-method": "GET", "access-control-request-headers": "authorization" },
      });
    expect((await preflight("http://localhost")).headers.get("access-control-allow-origin")).toBe("http://localhost");
    expect((await preflight("https://evil.example")).headers.get("access-control-allow-origin")).toBeNull();
    const token = await SELF.fetch("http://localhost/token", {
      method: "OPTIONS",
      headers: { origin: "https://evil.example", "access-control-request-method": "POST" },
    });
    expect(token.headers.get("access-control-allow-origin")).toBeNull();
  });
});
