/**
 * A token's signature is verified once per isolate (src/auth/verified-tokens.ts); these are the rules that must still
 * hold at every later use of the same token: its expiry, the issuer and audience expected where it is used, and the
 * session behind it (instant revocation).
 */
import { env, SELF } from "cloudflare:test";
import { decodeJwt } from "jose";
import { describe, expect, it } from "vitest";
import { signAccessToken, type UserSubject } from "../../src/auth/access-token";
import { ACCESS_TOKEN_TTL_SECONDS } from "../../src/auth/token-policy";
import { servicesOf } from "../../src/services";
import { nextEmail, PASSWORD } from "../support/people";
import { sessionRow } from "../support/sessions";
import { api, signUpWithPassword } from "../support/sign-in";

async function signedIn() {
  const tokens = await signUpWithPassword(nextEmail("verified-reuse"), PASSWORD);
  const claims = decodeJwt(tokens.access_token);
  return { tokens, sessionId: claims.sid as string, user: claims.properties as UserSubject };
}

/** A token for the same session that expires `seconds` from now (signed as if issued earlier). */
async function tokenExpiringIn(seconds: number, session: { sessionId: string; user: UserSubject }, clientId = "web") {
  const issuedAt = new Date(Date.now() - (ACCESS_TOKEN_TTL_SECONDS - seconds) * 1000);
  const input = { issuer: "http://localhost", clientId, ...session };
  return (await signAccessToken(servicesOf(env).oauthStorage, input, issuedAt)).token;
}

const statuses = (token: string, times: number, origin = "http://localhost") =>
  Promise.all(
    Array.from({ length: times }, () =>
      SELF.fetch(`${origin}/api/me`, { headers: { authorization: `Bearer ${token}` } }).then((r) => r.status),
    ),
  );

describe("a token verified before, used again", () => {
  it("is refused once it expires, repeated and in parallel, though this isolate verified it", async () => {
    const session = await signedIn();
    const token = await tokenExpiringIn(2, session);
    for (let i = 0; i < 3; i++) expect((await api("/api/me", token)).status).toBe(200);
    expect(await statuses(token, 4)).toEqual([200, 200, 200, 200]);
    const rowBefore = await sessionRow(session.tokens.access_token);
    const expiresAt = (decodeJwt(token).exp as number) * 1000;
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, expiresAt - Date.now()) + 50));
    expect((await api("/api/me", token)).status).toBe(401);
    expect(await statuses(token, 4)).toEqual([401, 401, 401, 401]);
    // The refusal touched nothing: the session is as it was.
    expect(await sessionRow(session.tokens.access_token)).toEqual(rowBefore);
    expect((await api("/api/me", session.tokens.access_token)).status).toBe(200);
  });

  it("is refused where another issuer is expected, though it was accepted at ours", async () => {
    const { tokens } = await signedIn();
    expect(await statuses(tokens.access_token, 2)).toEqual([200, 200]);
    expect(await statuses(tokens.access_token, 3, "http://other.example")).toEqual([401, 401, 401]);
    expect((await api("/api/me", tokens.access_token)).status).toBe(200);
  });

  it("is refused at /api for a client that is not ours, though userinfo (any client) verified it", async () => {
    const session = await signedIn();
    const foreign = await tokenExpiringIn(60, session, "another-service");
    await SELF.fetch("http://localhost/userinfo", { headers: { authorization: `Bearer ${foreign}` } });
    await SELF.fetch("http://localhost/userinfo", { headers: { authorization: `Bearer ${foreign}` } });
    expect((await api("/api/me", foreign)).status).toBe(401);
    expect(await statuses(foreign, 3)).toEqual([401, 401, 401]);
  });

  it("is refused at its next request once its session is revoked, repeated and in parallel", async () => {
    const { tokens } = await signedIn();
    expect(await statuses(tokens.access_token, 3)).toEqual([200, 200, 200]);
    expect((await api("/api/me/sign-out", tokens.access_token, { method: "POST" })).status).toBe(204);
    expect((await api("/api/me", tokens.access_token)).status).toBe(401);
    expect(await statuses(tokens.access_token, 4)).toEqual([401, 401, 401, 401]);
  });
});
