/**
 * A code mailed to the old address must not outlive an email change (issue 15, defect 6): the change ends every
 * open code of the old address, and the reset step only replaces the password while the code's address is still
 * the account's. Each refused attempt leaves the password, the sessions and the codes as they were.
 */
import { env, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { nextIp, read } from "../support/auth-inspect";
import { Browser } from "../support/browser";
import { call, type User } from "../support/http";
import { tablesOf } from "../support/object-tables";
import { nextEmail, PASSWORD } from "../support/people";
import { sessionOf } from "../support/sessions";
import { latestCode, signInWithPassword, signUpWithPassword } from "../support/sign-in";
import { accountStub } from "../support/two-factor";

const NEW_PASSWORD = "an attacker's passphrase";

async function signedUp(label: string): Promise<User> {
  const email = nextEmail(label);
  const tokens = await signUpWithPassword(email, PASSWORD, new Browser(nextIp()));
  return { id: sessionOf(tokens.access_token).userId, email, token: tokens.access_token };
}

/** Moves the account to a fresh address through the API (a recent sign-in and the code from the new address). */
async function changeEmail(user: User): Promise<string> {
  const next = nextEmail("moved");
  expect((await call(user, "POST", "/me/email", { email: next })).status).toBe(202);
  const verified = await call(user, "POST", "/me/email/verify", { code: await latestCode(next) });
  expect(verified.status, JSON.stringify(verified.body)).toBe(200);
  return next;
}

/** What a refused reset must leave alone: the user row (password hash and its date), the sessions, the codes. */
async function state(user: User, emails: string[]) {
  const row = await env.DB.prepare("select * from users where id = ?").bind(user.id).first();
  const codes = await env.DB.prepare(
    `select * from email_codes where email in (${emails.map(() => "?").join(",")}) order by id`,
  )
    .bind(...emails)
    .all();
  const account = await runInDurableObject(accountStub(user.id), (_instance, storage) => tablesOf(storage.storage.sql));
  return { row, codes: codes.results, account };
}

/** Starts a forgotten-password flow for `email` in `browser` (an unknown email gets an unmailed code). */
async function startReset(browser: Browser, email: string): Promise<void> {
  expect((await browser.get("/password/change")).status).toBe(200);
  expect((await browser.post("/password/change", { action: "code", email })).status).toBe(200);
}

/** Starts a forgotten-password flow for an account's `email`; the code mailed to it. */
async function requestReset(browser: Browser, email: string): Promise<string> {
  await startReset(browser, email);
  return latestCode(email);
}

const setPassword = (browser: Browser) =>
  browser.post("/password/change", { action: "update", password: NEW_PASSWORD, repeat: NEW_PASSWORD });

describe("a reset code of the old address after an email change", () => {
  it("is refused when entered after the change: the change ended it; the password stays", async () => {
    const user = await signedUp("reset-open");
    const browser = new Browser(nextIp());
    const code = await requestReset(browser, user.email);
    const next = await changeEmail(user);
    const before = await state(user, [user.email, next]);

    const entered = await read(await browser.post("/password/change", { action: "verify", code }));
    expect(entered.messages.join(" ")).toContain("This code has expired. Request a new code.");
    expect(entered.html).not.toContain('name="repeat"');
    const update = await read(await setPassword(browser));
    expect(update.location).toBeNull();
    expect(update.html).not.toContain('name="repeat"');

    expect(await state(user, [user.email, next])).toEqual(before);
    const again = await signInWithPassword(next, PASSWORD, new Browser(nextIp()));
    expect(sessionOf(again.access_token).userId).toBe(user.id);
    await expect(signInWithPassword(next, NEW_PASSWORD, new Browser(nextIp()))).rejects.toThrow();
  });

  it("cannot set the password when it was verified before the change: start again", async () => {
    const user = await signedUp("reset-verified");
    const browser = new Browser(nextIp());
    const code = await requestReset(browser, user.email);
    const verified = await read(await browser.post("/password/change", { action: "verify", code }));
    expect(verified.html).toContain('name="repeat"'); // the page now asks for the new password
    const next = await changeEmail(user);
    const before = await state(user, [user.email, next]);

    const update = await read(await setPassword(browser));
    expect(update.location).toBeNull();
    expect(update.messages.join(" ")).toContain("Start again");

    expect(await state(user, [user.email, next])).toEqual(before);
    const again = await signInWithPassword(next, PASSWORD, new Browser(nextIp()));
    expect(sessionOf(again.access_token).userId).toBe(user.id);
  });

  it("ends every open code of the old address, of every purpose, and none of another address", async () => {
    const user = await signedUp("codes-ended");
    const bystander = nextEmail("bystander");
    await requestReset(new Browser(nextIp()), user.email);
    await startReset(new Browser(nextIp()), bystander);
    const open = (email: string) =>
      env.DB.prepare("select count(*) as n from email_codes where email = ? and consumed_at is null and expires_at > ?")
        .bind(email, new Date().toISOString())
        .first("n");
    expect(await open(user.email)).toBeGreaterThan(0);
    await changeEmail(user);
    expect(await open(user.email)).toBe(0);
    expect(await open(bystander)).toBe(1);
  });
});
