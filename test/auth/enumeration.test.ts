/**
 * Nobody learns from the sign-in forms whether an email has an account: sign-in, sign-up and forgotten password
 * answer an unknown email exactly as they answer a known one, and a sign-up attempt on a taken email changes nothing.
 *
 * No assertion here measures time. That an unknown email costs the same scrypt work as a wrong password is not
 * observable over HTTP without timing: src/auth/providers/password.ts calls `dummyVerify` on that path, and
 * src/auth/password-hash.test.ts ("dummyVerify") checks at unit level that it runs a real scrypt verification
 * against a well-formed hash with the current parameters. Here we show the answers are the same.
 */
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { macKey } from "../../src/auth/service-keys";
import { configOf } from "../../src/config";
import { hmacBase64Url } from "../../src/lib/crypto";
import { nextIp, type Page, read } from "../support/auth-inspect";
import { Browser } from "../support/browser";
import { PASSWORD } from "../support/people";
import {
  latestCode,
  mailbox,
  signInWithCode,
  signInWithPassword,
  signUpWithPassword,
  startAuthorization,
} from "../support/sign-in";

const ATTACKER_PASSWORD = "attacker chosen passphrase";

/** The page as it would read for anyone: the email the person typed is blanked out. */
const withoutEmail = (page: Page, email: string) => page.html.replaceAll(email, "EMAIL");

type UserRow = { id: string; password_hash: string | null; password_changed_at: string | null; updated_at: string };

async function userRows(email: string): Promise<UserRow[]> {
  const { results } = await env.DB.prepare(
    "select id, password_hash, password_changed_at, updated_at from users where email = ?",
  )
    .bind(email)
    .all<UserRow>();
  return results;
}

/**
 * Makes `code` the right answer to the latest challenge for this email, as a lucky guess would be: the row's MAC is
 * recomputed with the service's own key (derived from the test AUTH_SECRET). The decoy code of a taken email is never mailed, so this is the only way to
 * show what a correct guess of it would do.
 */
async function forgeLatestCode(email: string, purpose: string, code: string) {
  const challenge = await env.DB.prepare(
    "select id from email_codes where email = ? and purpose = ? order by created_at desc limit 1",
  )
    .bind(email, purpose)
    .first<{ id: string }>();
  if (!challenge) throw new Error(`no ${purpose} challenge for ${email}`);
  const hash = await hmacBase64Url(await macKey(configOf(env).authSecret), "email-code", `${challenge.id}:${code}`);
  await env.DB.prepare("update email_codes set code_hash = ? where id = ?").bind(hash, challenge.id).run();
}

/** Posts the password sign-in form in a fresh browser with an authorization in progress. */
async function signInAttempt(email: string, password: string): Promise<Page> {
  const browser = new Browser(nextIp());
  await startAuthorization(browser, "password");
  expect((await browser.get("/password/authorize")).status).toBe(200);
  return read(await browser.post("/password/authorize", { email, password }));
}

/** Starts a sign-up in a fresh browser; returns the browser and the page that follows the form. */
async function signUpAttempt(email: string, password: string) {
  const browser = new Browser(nextIp());
  await startAuthorization(browser, "password");
  expect((await browser.get("/password/register")).status).toBe(200);
  const page = await read(
    await browser.post("/password/register", { action: "register", email, password, repeat: password }),
  );
  return { browser, page };
}

/** Asks for a password reset code in a fresh browser, with no authorization in progress. */
async function resetAttempt(email: string) {
  const browser = new Browser(nextIp());
  expect((await browser.get("/password/change")).status).toBe(200);
  const page = await read(await browser.post("/password/change", { action: "code", email }));
  return { browser, page };
}

describe("password sign-in", () => {
  it("answers an unknown email with the same status and page as a wrong password for a known email", async () => {
    const known = "signin-known@example.com";
    const unknown = "signin-nobody@example.com";
    await signUpWithPassword(known, PASSWORD, new Browser(nextIp()));

    const wrongPassword = await signInAttempt(known, "not the password at all");
    const unknownEmail = await signInAttempt(unknown, "not the password at all");

    expect(wrongPassword.location).toBeNull();
    expect(unknownEmail.location).toBeNull();
    // OpenAuth's login page answers a refused password with 401; what matters is that both answers are the same.
    expect(unknownEmail.status).toBe(wrongPassword.status);
    expect(wrongPassword.messages).toHaveLength(1);
    expect(unknownEmail.messages).toEqual(wrongPassword.messages);
    expect(withoutEmail(unknownEmail, unknown)).toBe(withoutEmail(wrongPassword, known));
    expect(await userRows(unknown)).toEqual([]);
  });

  it("answers a known email without a password (a code-only account) as it answers an unknown one", async () => {
    const codeOnly = "signin-code-only@example.com";
    const unknown = "signin-nobody-2@example.com";
    await signInWithCode(codeOnly, new Browser(nextIp()));
    const before = await userRows(codeOnly);

    const passwordless = await signInAttempt(codeOnly, "a guess at a password");
    const unknownEmail = await signInAttempt(unknown, "a guess at a password");

    expect(passwordless.location).toBeNull();
    expect(passwordless.status).toBe(unknownEmail.status);
    expect(passwordless.messages).toEqual(unknownEmail.messages);
    expect(withoutEmail(passwordless, codeOnly)).toBe(withoutEmail(unknownEmail, unknown));
    expect(await userRows(codeOnly)).toEqual(before);
  });
});

describe("password sign-up", () => {
  it("shows the same code page for a taken email as for a new one, and mails the owner a notice instead of a code", async () => {
    const owner = "signup-owner@example.com";
    const newcomer = "signup-newcomer@example.com";
    await signUpWithPassword(owner, PASSWORD, new Browser(nextIp()));
    const ownerMail = (await mailbox(owner)).length;

    const taken = await signUpAttempt(owner, ATTACKER_PASSWORD);
    const fresh = await signUpAttempt(newcomer, ATTACKER_PASSWORD);

    expect(taken.page.status).toBe(200);
    expect(taken.page.status).toBe(fresh.page.status);
    expect(taken.page.location).toBeNull();
    expect(taken.page.html).toContain('name="code"');
    expect(taken.page.messages).toEqual(fresh.page.messages);
    expect(withoutEmail(taken.page, owner)).toBe(withoutEmail(fresh.page, newcomer));

    const mail = await mailbox(owner);
    expect(mail).toHaveLength(ownerMail + 1);
    expect(mail[0]?.subject).toContain("tried to sign up");
    expect(`${mail[0]?.subject} ${mail[0]?.text}`).not.toMatch(/\b\d{6}\b/);
    // The newcomer, by contrast, got a code.
    expect(await latestCode(newcomer)).toMatch(/^\d{6}$/);
  });

  it("refuses the attacker's guessed codes for a taken email, even a right guess, and changes nothing", async () => {
    const owner = "signup-guessed@example.com";
    await signUpWithPassword(owner, PASSWORD, new Browser(nextIp()));
    const before = await userRows(owner);
    expect(before).toHaveLength(1);

    const { browser } = await signUpAttempt(owner, ATTACKER_PASSWORD);
    for (const [index, guess] of ["000000", "123456", "999999"].entries()) {
      const page = await read(await browser.post("/password/register", { action: "verify", code: guess }));
      expect(page.location).toBeNull();
      expect(page.messages).toContain(
        `That code is not right. ${4 - index} ${4 - index === 1 ? "try" : "tries"} left.`,
      );
    }
    await forgeLatestCode(owner, "register", "424242");
    const lucky = await read(await browser.post("/password/register", { action: "verify", code: "424242" }));

    expect(lucky.location).toBeNull();
    expect(lucky.messages.join(" ")).toContain("not valid");
    expect(await userRows(owner)).toEqual(before);
    // The owner's password still works; the attacker's never did.
    await signInWithPassword(owner, PASSWORD, new Browser(nextIp()));
    const attacker = await signInAttempt(owner, ATTACKER_PASSWORD);
    expect(attacker.location).toBeNull();
    expect(await userRows(owner)).toEqual(before);
  });
});

describe("forgotten password", () => {
  it("shows the same code page for an unknown email as for a known one, and mails nothing", async () => {
    const known = "reset-known@example.com";
    const unknown = "reset-nobody@example.com";
    await signUpWithPassword(known, PASSWORD, new Browser(nextIp()));
    const knownMail = (await mailbox(known)).length;

    const forKnown = await resetAttempt(known);
    const forUnknown = await resetAttempt(unknown);

    expect(forUnknown.page.status).toBe(200);
    expect(forUnknown.page.status).toBe(forKnown.page.status);
    expect(forUnknown.page.location).toBeNull();
    expect(forUnknown.page.html).toContain('name="code"');
    expect(forUnknown.page.messages).toEqual(forKnown.page.messages);
    expect(withoutEmail(forUnknown.page, unknown)).toBe(withoutEmail(forKnown.page, known));
    expect(await mailbox(unknown)).toEqual([]);
    expect(await mailbox(known)).toHaveLength(knownMail + 1);

    // A wrong code reads the same for both, too.
    const wrongKnown = await read(
      await forKnown.browser.post("/password/change", { action: "verify", code: "000000" }),
    );
    const wrongUnknown = await read(
      await forUnknown.browser.post("/password/change", { action: "verify", code: "000000" }),
    );
    expect(wrongUnknown.status).toBe(wrongKnown.status);
    expect(withoutEmail(wrongUnknown, unknown)).toBe(withoutEmail(wrongKnown, known));
  });

  it("refuses even a right guess of the unmailed code for an unknown email, and creates nothing", async () => {
    const unknown = "reset-nobody-guessed@example.com";
    const { browser } = await resetAttempt(unknown);
    await forgeLatestCode(unknown, "reset", "424242");

    const lucky = await read(await browser.post("/password/change", { action: "verify", code: "424242" }));
    const update = await read(
      await browser.post("/password/change", {
        action: "update",
        password: ATTACKER_PASSWORD,
        repeat: ATTACKER_PASSWORD,
      }),
    );

    expect(lucky.location).toBeNull();
    expect(lucky.messages.join(" ")).toContain("not valid");
    expect(lucky.html).not.toContain('name="repeat"');
    expect(update.location).toBeNull();
    expect(await userRows(unknown)).toEqual([]);
    expect(await mailbox(unknown)).toEqual([]);
  });
});
