/** Two-factor for the Workers tests: turning it on through the API, codes made with the same library, and the object. */
import { env, runInDurableObject } from "cloudflare:test";
import { expect } from "vitest";
import type { Account } from "../../src/account/account";
import { totpCode } from "../../src/account/two-factor";
import { call, type User } from "./http";
import { findMail } from "./step-up";

export interface TwoFactorOn {
  secret: string;
  backupCodes: string[];
}

/** The TOTP code `steps` 30-second steps from now (one step ahead is still accepted, and is a step not used yet). */
export const totpAt = (secret: string, steps = 0) => totpCode(secret, new Date(Date.now() + steps * 30_000));

/** Sets up and verifies two-factor for `user` through the API; the verifying code used the current step. */
export async function turnOnTwoFactor(user: User): Promise<TwoFactorOn> {
  const setup = await call(user, "POST", "/me/2fa");
  expect(setup.status).toBe(200);
  const secret = setup.body.secret as string;
  const verified = await call(user, "POST", "/me/2fa/verify", { code: totpAt(secret) });
  expect(verified.status).toBe(200);
  // The mail that says so goes out after the answer: let it land, so a later "nothing changed" sees it before.
  await findMail(user.email, /two-factor authentication was turned on/i);
  return { secret, backupCodes: verified.body.backup_codes as string[] };
}

export const accountStub = (userId: string) => env.ACCOUNT.get(env.ACCOUNT.idFromName(userId));

/** Runs SQL in the user's Account object (to read what is stored, or to age a session). */
export function inAccount<T>(userId: string, run: (sql: SqlStorage) => T): Promise<T> {
  return runInDurableObject(accountStub(userId), (_instance: Account, state) => run(state.storage.sql));
}
