/**
 * A completed password reset proves the mailbox and replaces the password the failures were made against, so the
 * next sign-in with the new password is not sent to the emailed-code step-up (issue 16): before, the account's
 * failure budget stayed spent and the sign-in asked for a code the person had never been sent since.
 */
import { describe, expect, it } from "vitest";
import { SIGN_IN_LIMITS } from "../../src/auth/sign-in-limits";
import { nextIp, read } from "../support/auth-inspect";
import { Browser } from "../support/browser";
import { nextEmail, PASSWORD } from "../support/people";
import { codeFromRedirect, latestCode, signUpWithPassword, startAuthorization } from "../support/sign-in";

const ACCOUNT_LIMIT = SIGN_IN_LIMITS.passwordFailuresPerAccount.limit;
const NEW_PASSWORD = "a fresh and much longer passphrase";

async function passwordAttempt(email: string, password: string) {
  const browser = new Browser(nextIp());
  await startAuthorization(browser, "password");
  return browser.post("/password/authorize", { email, password });
}

/** The forgotten-password flow outside any sign-in (as the app's "Change password" starts it). */
async function resetPassword(email: string, password: string) {
  const browser = new Browser(nextIp());
  await browser.get("/password/change");
  expect((await browser.post("/password/change", { action: "code", email })).status).toBe(200);
  const verified = await browser.post("/password/change", { action: "verify", code: await latestCode(email) });
  expect(await verified.text()).toContain('name="repeat"');
  const done = await browser.post("/password/change", { action: "update", password, repeat: password });
  expect(done.status).toBe(302);
}

describe("a sign-in after a completed password reset", () => {
  it("signs in with the new password without a step-up, after the old one was guessed wrong past the limit", {
    timeout: 60_000,
  }, async () => {
    const email = nextEmail("reset-after-failures");
    await signUpWithPassword(email, PASSWORD, new Browser(nextIp()));
    for (let attempt = 0; attempt < ACCOUNT_LIMIT; attempt++) {
      expect((await passwordAttempt(email, `forgotten ${attempt}`)).status).toBe(401);
    }
    // The limit is reached: a further attempt steps up (no redirect, the code form).
    const stepped = await read(await passwordAttempt(email, "forgotten again"));
    expect(stepped.status).toBe(200);
    expect(stepped.html).toContain('name="code"');

    await resetPassword(email, NEW_PASSWORD);

    const next = await passwordAttempt(email, NEW_PASSWORD);
    expect(codeFromRedirect(next)).toBeTruthy();
  });

  it("still steps up after failures when no reset was completed (the check above can fail)", async () => {
    const email = nextEmail("no-reset");
    await signUpWithPassword(email, PASSWORD, new Browser(nextIp()));
    for (let attempt = 0; attempt < ACCOUNT_LIMIT; attempt++) await passwordAttempt(email, `wrong ${attempt}`);
    const page = await read(await passwordAttempt(email, PASSWORD));
    expect(page.status).toBe(200);
    expect(page.html).toContain('name="code"');
  });
});
