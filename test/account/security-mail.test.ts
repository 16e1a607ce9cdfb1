/**
 * Decision 0020, through HTTP: every security change is mailed to the account's address (both addresses for a
 * new email), even with security notifications turned off; the mail names the change, the time, the device and
 * what to do if it was not them, and its subject names nobody.
 */
import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { Browser } from "../support/browser";
import { type Answer, call, newUser, type User } from "../support/http";
import { nextEmail } from "../support/people";
import { latestCode } from "../support/sign-in";
import { expectSecurityMail } from "../support/step-up";
import { totpAt } from "../support/two-factor";

const FIREFOX_ON_LINUX = "Mozilla/5.0 (X11; Linux x86_64; rv:132.0) Gecko/20100101 Firefox/132.0";

/** An API call from a browser that says what it is, as the web app's calls do. */
async function callFrom(userAgent: string, user: User, method: string, path: string, body?: unknown): Promise<Answer> {
  const response = await SELF.fetch(`http://localhost/api${path}`, {
    method,
    headers: {
      authorization: `Bearer ${user.token}`,
      "user-agent": userAgent,
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : {} };
}

/** A person who turned every optional mail off: these mails go out anyway. */
async function personWithoutSecurityMail(label: string): Promise<User> {
  const user = await newUser(label, { first: "Quinn", last: "Quiet" });
  const muted = await call(user, "PATCH", "/me", {
    preferences: { notifications: { invitations: false, security: false } },
  });
  expect(muted.status).toBe(200);
  return user;
}

describe("security-change mail", () => {
  it("tells of two-factor turned on, new backup codes and two-factor turned off, with the device", async () => {
    const user = await personWithoutSecurityMail("mail-2fa");
    const setup = await callFrom(FIREFOX_ON_LINUX, user, "POST", "/me/2fa");
    const secret = setup.body.secret as string;
    const on = await callFrom(FIREFOX_ON_LINUX, user, "POST", "/me/2fa/verify", { code: totpAt(secret) });
    expect(on.status).toBe(200);
    const onMail = await expectSecurityMail(user.email, /two-factor authentication was turned on/i, "Firefox on Linux");
    expect(onMail.subject).not.toMatch(/Quinn|Quiet/);

    const [backup] = on.body.backup_codes as string[];
    const fresh = await callFrom(FIREFOX_ON_LINUX, user, "POST", "/me/2fa/backup-codes", { code: backup });
    expect(fresh.status).toBe(200);
    await expectSecurityMail(user.email, /new backup codes/i, "Firefox on Linux");

    const off = await call(user, "DELETE", "/me/2fa", { code: totpAt(secret, 1) });
    expect(off.status).toBe(204);
    await expectSecurityMail(user.email, /two-factor authentication was turned off/i, "an unknown device");
  });

  it("tells of a password changed through the reset flow, naming the browser that did it", async () => {
    const user = await personWithoutSecurityMail("mail-reset");
    const browser = new Browser();
    expect((await browser.get("/password/change")).status).toBe(200);
    await browser.post("/password/change", { action: "code", email: user.email });
    await browser.post("/password/change", { action: "verify", code: await latestCode(user.email) });
    const newPassword = "a-brand-new-password-77";
    await browser.post("/password/change", { action: "update", password: newPassword, repeat: newPassword });
    const mail = await expectSecurityMail(user.email, /password was changed/i, "test-browser/1.0");
    expect(mail.text).toContain("every device was signed out");
  });

  it("tells both the old and the new address of an email change", async () => {
    const user = await personWithoutSecurityMail("mail-email");
    const next = nextEmail("mail-email-new");
    expect((await call(user, "POST", "/me/email", { email: next })).status).toBe(202);
    const code = await latestCode(next);
    const verified = await callFrom(FIREFOX_ON_LINUX, user, "POST", "/me/email/verify", { code });
    expect(verified.status).toBe(200);
    const old = await expectSecurityMail(user.email, /email was changed/i, "Firefox on Linux");
    expect(old.text).toContain("no longer signs in");
    await expectSecurityMail(next, /now your account's email/i, "Firefox on Linux");
  });
});
