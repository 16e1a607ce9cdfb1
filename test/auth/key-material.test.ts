/**
 * Keys in the database (issue 7, defect 11): a copy of D1 must not be enough to mint tokens. OpenAuth's private keys
 * are stored sealed under AUTH_SECRET, and the refresh-token and code MAC key is derived from it, not stored.
 */
import { env, SELF } from "cloudflare:test";
import { decodeJwt, decodeProtectedHeader } from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import { macKey } from "../../src/auth/service-keys";
import { configOf } from "../../src/config";
import { hmacBase64Url } from "../../src/lib/crypto";
import { PASSWORD } from "../support/people";
import { api, refresh, signUpWithPassword, type Tokens } from "../support/sign-in";

type Row = { key: string; value: string };

/** The oauth_storage rows whose first key segment is `prefix`. */
async function rowsUnder(prefix: string): Promise<Row[]> {
  const { results } = await env.DB.prepare("select key, value from oauth_storage where key like ? || char(31) || '%'")
    .bind(prefix)
    .all<Row>();
  return results;
}

let tokens: Tokens;

// One real sign-up and code exchange: OpenAuth makes its cookie-encryption key on the way, and our /token its
// signing key.
beforeAll(async () => {
  tokens = await signUpWithPassword("keys@example.com", PASSWORD);
});

describe("OpenAuth's key material in D1", () => {
  it("holds the signing and cookie-encryption keys only sealed: no private key in the clear", async () => {
    for (const prefix of ["signing:key", "encryption:key"]) {
      const rows = await rowsUnder(prefix);
      expect(rows.length, prefix).toBeGreaterThan(0);
      for (const row of rows) {
        expect(row.value).not.toMatch(/PRIVATE KEY|privateKey|"d"\s*:/);
        expect(row.value).not.toContain(row.key.split("\x1f")[1]);
        expect(JSON.parse(row.value)).toEqual({
          sealed: "A256GCM",
          iv: expect.stringMatching(/^[A-Za-z0-9_-]{16}$/),
          ciphertext: expect.stringMatching(/^[A-Za-z0-9_-]{200,}$/),
        });
      }
    }
  });

  it("still signs access tokens that verify, under a key the JWKS publishes", async () => {
    const me = await api("/api/me", tokens.access_token);
    expect(me.status).toBe(200);
    const jwks = (await (await SELF.fetch("http://localhost/.well-known/jwks.json")).json()) as {
      keys: { kid: string; d?: string }[];
    };
    const { kid } = decodeProtectedHeader(tokens.access_token);
    expect(jwks.keys.map((key) => key.kid)).toContain(kid);
    expect(jwks.keys.every((key) => key.d === undefined)).toBe(true);
    const [signingRow] = await rowsUnder("signing:key");
    expect(signingRow?.key).toBe(`signing:key\x1f${kid}`);
  });
});

describe("the MAC key", () => {
  it("is derived from AUTH_SECRET: the refresh token is its MAC, and D1 keeps no key table", async () => {
    const sessionId = decodeJwt(tokens.access_token).sid as string;
    const userId = (decodeJwt(tokens.access_token).properties as { id: string }).id;
    const key = await macKey(configOf(env).authSecret);
    const body = `${userId}.${sessionId}.0`;
    expect(tokens.refresh_token).toBe(`${body}.${await hmacBase64Url(key, "refresh-token", body)}`);
    const table = await env.DB.prepare("select name from sqlite_master where name = 'service_keys'").first();
    expect(table).toBeNull();
  });

  it("keeps refresh working", async () => {
    const response = await refresh(tokens.refresh_token);
    expect(response.status).toBe(200);
    const next = (await response.json()) as Tokens;
    expect((await api("/api/me", next.access_token)).status).toBe(200);
  });
});
