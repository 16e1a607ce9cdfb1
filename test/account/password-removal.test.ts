/**
 * `DELETE /api/me/password` and the last passkey (decision 0031): a person with a passkey may remove their password,
 * but never their last own way to sign in (409 last_sign_in_method); the emailed code is not counted.
 */
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { nextIp } from "../support/auth-inspect";
import { Browser, ORIGIN, selfFetch } from "../support/browser";
import { call, newUser, type User } from "../support/http";
import { addPasskey, passkeySnapshot, signInWithPasskey } from "../support/passkeys";
import { nextEmail, PASSWORD } from "../support/people";
import { sessionOf } from "../support/sessions";
import { signUpWithPassword } from "../support/sign-in";
import { signInWithPassword } from "../support/sign-in-client";
import { ageSignIn } from "../support/step-up";

async function passwordUser(label: string): Promise<User> {
  const email = nextEmail(label);
  const tokens = await signUpWithPassword(email, PASSWORD, new Browser(nextIp()));
  return { id: sessionOf(tokens.access_token).userId, email, token: tokens.access_token };
}

const passwordHash = async (userId: string) =>
  (await env.DB.prepare("select password_hash from users where id = ?").bind(userId).first<{ password_hash: string }>())
    ?.password_hash ?? null;

const removePassword = (user: User) => call(user, "DELETE", "/me/password");

async function expectPasswordSignIn(user: User, works: boolean) {
  const attempt = signInWithPassword(ORIGIN, user.email, PASSWORD, {
    browser: new Browser(nextIp()),
    fetch: selfFetch,
  });
  if (works) await expect(attempt).resolves.toMatchObject({ token_type: "Bearer" });
  else await expect(attempt).rejects.toThrow();
}

describe("DELETE /api/me/password", () => {
  it("removes the password of an account with a passkey: password sign-in stops, the passkey still signs in", async () => {
    const user = await passwordUser("pw-remove");
    const { authenticator } = await addPasskey(user);
    const answer = await removePassword(user);
    expect(answer.status).toBe(204);
    expect(await passwordHash(user.id)).toBeNull();
    await expectPasswordSignIn(user, false);
    expect(sessionOf((await signInWithPasskey(authenticator)).access_token).userId).toBe(user.id);
  });

  it("refuses the last way to sign in: without a passkey, 409 last_sign_in_method, the password stays", async () => {
    const user = await passwordUser("pw-last");
    const hash = await passwordHash(user.id);
    const answer = await removePassword(user);
    expect(answer.status).toBe(409);
    expect(answer.body.code).toBe("last_sign_in_method");
    expect(await passwordHash(user.id)).toBe(hash);
    await expectPasswordSignIn(user, true);
  });

  it("refuses with an old sign-in (403) and changes nothing", async () => {
    const user = await passwordUser("pw-old");
    await addPasskey(user);
    await ageSignIn(user.id, 11);
    const hash = await passwordHash(user.id);
    const before = await passkeySnapshot(user.id);
    const answer = await removePassword(user);
    expect(answer.status).toBe(403);
    expect(answer.body.code).toBe("reauthentication_required");
    expect(await passwordHash(user.id)).toBe(hash);
    expect(await passkeySnapshot(user.id)).toEqual(before);
  });

  it("answers 404 when there is no password (again, or never set)", async () => {
    const user = await passwordUser("pw-twice");
    await addPasskey(user);
    expect((await removePassword(user)).status).toBe(204);
    expect((await removePassword(user)).status).toBe(404);
    const codeOnly = await newUser("pw-none");
    await addPasskey(codeOnly);
    expect((await removePassword(codeOnly)).status).toBe(404);
  });
});

describe("the last passkey", () => {
  it("refuses removing the last passkey of an account without a password (409), nothing changed", async () => {
    const user = await passwordUser("pk-last");
    const { passkey } = await addPasskey(user);
    expect((await removePassword(user)).status).toBe(204);
    const before = await passkeySnapshot(user.id);
    const answer = await call(user, "DELETE", `/me/passkeys/${passkey.id}`);
    expect(answer.status).toBe(409);
    expect(answer.body.code).toBe("last_sign_in_method");
    expect(await passkeySnapshot(user.id)).toEqual(before);
  });

  it("removes the last passkey while the password remains", async () => {
    const user = await passwordUser("pk-last-pw");
    const { passkey } = await addPasskey(user);
    expect((await call(user, "DELETE", `/me/passkeys/${passkey.id}`)).status).toBe(204);
  });

  it("keeps one method when the password and the last passkey are removed at once", async () => {
    for (let round = 0; round < 3; round++) {
      const user = await passwordUser("pk-race");
      const { passkey } = await addPasskey(user);
      const [password, key] = await Promise.all([
        removePassword(user),
        call(user, "DELETE", `/me/passkeys/${passkey.id}`),
      ]);
      expect([password.status, key.status].sort()).toEqual([204, 409]);
      const passkeys = (await call(user, "GET", "/me/passkeys")).body.passkeys as unknown[];
      const hash = await passwordHash(user.id);
      expect(passkeys.length + (hash ? 1 : 0)).toBe(1);
    }
  });
});
