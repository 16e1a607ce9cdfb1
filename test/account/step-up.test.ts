/**
 * Decision 0020, through HTTP: a session of any age cannot bind an authenticator, confirm it, make new backup
 * codes or start a password change (403 reauthentication_required, nothing changed); a recent one can.
 */
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { accountTables } from "../support/account-lifecycle";
import { call, newUser, type User } from "../support/http";
import { ageSignIn } from "../support/step-up";
import { totpAt, turnOnTwoFactor } from "../support/two-factor";

/** What a refused step may not change: the person's D1 row, their Account object, and their mail. */
async function stateOf(user: User) {
  return {
    row: await env.DB.prepare("select * from users where id = ?").bind(user.id).first(),
    object: await accountTables(user.id),
    mail: (await env.DB.prepare('select * from dev_mailbox where "to" = ? order by id').bind(user.email).all()).results,
  };
}

async function expectStale(user: User, method: string, path: string, body?: unknown) {
  const before = await stateOf(user);
  const answer = await call(user, method, path, body);
  expect([path, answer.status, answer.body.code]).toEqual([path, 403, "reauthentication_required"]);
  expect(await stateOf(user)).toEqual(before);
}

describe("two-factor needs a sign-in from the last 10 minutes", () => {
  it("refuses starting a setup from an 11-minute-old sign-in, and allows it from a 9-minute-old one", async () => {
    const user = await newUser("stale-setup");
    await ageSignIn(user.id, 11);
    await expectStale(user, "POST", "/me/2fa");
    await ageSignIn(user.id, 9);
    expect((await call(user, "POST", "/me/2fa")).status).toBe(200);
  });

  it("refuses confirming a setup (an attacker's authenticator) from an old sign-in: two-factor stays off", async () => {
    const user = await newUser("stale-verify");
    const setup = await call(user, "POST", "/me/2fa");
    expect(setup.status).toBe(200);
    await ageSignIn(user.id, 11);
    await expectStale(user, "POST", "/me/2fa/verify", { code: totpAt(setup.body.secret as string) });
    expect((await call(user, "GET", "/me")).body.two_factor_enabled).toBe(false);
  });

  it("refuses new backup codes from an old sign-in, even with a right code", async () => {
    const user = await newUser("stale-backup");
    const { backupCodes } = await turnOnTwoFactor(user);
    await ageSignIn(user.id, 11);
    await expectStale(user, "POST", "/me/2fa/backup-codes", { code: backupCodes[0] });
    await ageSignIn(user.id, 1);
    expect((await call(user, "POST", "/me/2fa/backup-codes", { code: backupCodes[0] })).status).toBe(200);
  });
});

describe("POST /api/me/password/change", () => {
  it("refuses an old sign-in with 403 reauthentication_required", async () => {
    const user = await newUser("stale-password");
    await ageSignIn(user.id, 11);
    await expectStale(user, "POST", "/me/password/change");
  });

  it("answers a recent sign-in with the issuer's password change, returning to the security settings", async () => {
    const user = await newUser("password-step");
    const answer = await call(user, "POST", "/me/password/change");
    expect(answer.status).toBe(200);
    const location = new URL(answer.body.location as string, "http://localhost");
    expect(location.pathname).toBe("/password/change");
    expect(location.searchParams.get("redirect_uri")).toBe("http://localhost/settings/security");
  });

  it("is 401 without a token", async () => {
    expect((await call(null, "POST", "/me/password/change")).status).toBe(401);
  });
});
