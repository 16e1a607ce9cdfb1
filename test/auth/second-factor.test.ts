/**
 * The sign-in's second step for accounts with two-factor on, on every path (password, emailed code, after a reset),
 * through HTTP as a browser: the form instead of the redirect, codes right and wrong, replays, the lock, and the ways
 * someone might try to go around it.
 */
import { describe, expect, it } from "vitest";
import { Browser } from "../support/browser";
import { call, newUser, type User } from "../support/http";
import { nextEmail, PASSWORD } from "../support/people";
import {
  api,
  codeFromRedirect,
  exchange,
  latestCode,
  signUpWithPassword,
  startAuthorization,
} from "../support/sign-in";
import { answerSecondFactor, secondFactorAction } from "../support/sign-in-client";
import { totpAt, turnOnTwoFactor } from "../support/two-factor";

/** A password account with two-factor on, signed in once (through the API setup). */
async function passwordUserWithTwoFactor(label: string) {
  const email = nextEmail(label);
  const tokens = await signUpWithPassword(email, PASSWORD);
  const id = JSON.parse(atob((tokens.access_token.split(".")[1] ?? "").replace(/-/g, "+").replace(/_/g, "/"))).sub;
  const user: User = { id, email, token: tokens.access_token };
  return { user, ...(await turnOnTwoFactor(user)) };
}

/** Password sign-in up to the second step: the browser, the PKCE verifier and the form page. */
async function passwordFirstFactor(email: string, browser = new Browser()) {
  const verifier = await startAuthorization(browser, "password");
  const page = await browser.post("/password/authorize", { email, password: PASSWORD });
  return { browser, verifier, page };
}

async function expectSecondStepForm(page: Response, action: string) {
  expect(page.status).toBe(200);
  expect(page.headers.get("location")).toBeNull();
  const html = await page.clone().text();
  expect(secondFactorAction(html)).toBe(action);
  return html;
}

async function messageOf(page: Response): Promise<string> {
  return /data-slot="message">([^<]*)</.exec(await page.clone().text())?.[1] ?? "";
}

describe("the second step at sign-in", () => {
  it("password sign-in answers the code form, not the redirect; a current TOTP code completes it", async () => {
    const { user, secret } = await passwordUserWithTwoFactor("password-2fa");
    const { browser, verifier, page } = await passwordFirstFactor(user.email);
    await expectSecondStepForm(page, "/password/two-factor");

    const done = await answerSecondFactor(browser, page, totpAt(secret, 1));
    const tokens = await exchange(codeFromRedirect(done), verifier);
    const me = await api("/api/me", tokens.access_token);
    expect(await me.json()).toMatchObject({ id: user.id, two_factor_enabled: true });
  });

  it("emailed-code sign-in asks the same; a backup code completes it", async () => {
    const user = await newUser("code-2fa");
    const { backupCodes } = await turnOnTwoFactor(user);
    const browser = new Browser();
    const verifier = await startAuthorization(browser, "code");
    await browser.post("/code/authorize", { action: "request", email: user.email });
    const page = await browser.post("/code/authorize", { action: "verify", code: await latestCode(user.email) });
    await expectSecondStepForm(page, "/code/two-factor");

    const done = await answerSecondFactor(browser, page, backupCodes[3] ?? "");
    const tokens = await exchange(codeFromRedirect(done), verifier);
    expect((await api("/api/me", tokens.access_token)).status).toBe(200);
  });

  it("a password reset asks for the second factor before the new password; the sign-in it completes asks no more", async () => {
    const { user, secret } = await passwordUserWithTwoFactor("reset-2fa");
    const browser = new Browser();
    const verifier = await startAuthorization(browser, "password");
    expect((await browser.get("/password/change")).status).toBe(200);
    await browser.post("/password/change", { action: "code", email: user.email });
    const asked = await browser.post("/password/change", { action: "verify", code: await latestCode(user.email) });
    expect(await asked.text()).toContain('name="action" value="second_factor"');
    await browser.post("/password/change", { action: "second_factor", code: totpAt(secret, 1) });
    const newPassword = "a-brand-new-password-77";
    const done = await browser.post("/password/change", {
      action: "update",
      password: newPassword,
      repeat: newPassword,
    });
    expect((await exchange(codeFromRedirect(done), verifier)).access_token).toEqual(expect.any(String));
  });

  it("a wrong code shows the form again with the tries left, and no code is issued; the right one then works", async () => {
    const { user, secret } = await passwordUserWithTwoFactor("wrong-2fa");
    const { browser, verifier, page } = await passwordFirstFactor(user.email);
    const wrong = await answerSecondFactor(browser, page, totpAt(secret, 9));
    await expectSecondStepForm(wrong, "/password/two-factor");
    expect(await messageOf(wrong)).toBe("That code is not right. 4 tries left.");
    const done = await answerSecondFactor(browser, wrong, totpAt(secret, 1));
    expect((await exchange(codeFromRedirect(done), verifier)).access_token).toEqual(expect.any(String));
  });

  it("a TOTP code works once: the same code at the next sign-in is refused", async () => {
    const { user, secret } = await passwordUserWithTwoFactor("replay-2fa");
    const code = totpAt(secret, 1);
    const first = await passwordFirstFactor(user.email);
    codeFromRedirect(await answerSecondFactor(first.browser, first.page, code));

    const second = await passwordFirstFactor(user.email);
    const replayed = await answerSecondFactor(second.browser, second.page, code);
    await expectSecondStepForm(replayed, "/password/two-factor");
    expect(await messageOf(replayed)).toContain("That code was already used.");
  });

  it("a backup code works once: the second sign-in with it is refused", async () => {
    const { user, backupCodes } = await passwordUserWithTwoFactor("backup-2fa");
    const code = backupCodes[0] ?? "";
    const first = await passwordFirstFactor(user.email);
    codeFromRedirect(await answerSecondFactor(first.browser, first.page, code));

    const second = await passwordFirstFactor(user.email);
    const refused = await answerSecondFactor(second.browser, second.page, code);
    await expectSecondStepForm(refused, "/password/two-factor");
    expect(await messageOf(refused)).toBe("That code is not right. 4 tries left.");
  });

  it("5 wrong codes lock the step for 15 minutes: 429 with Retry-After, the right code too, in any browser", async () => {
    const { user, secret } = await passwordUserWithTwoFactor("lock-2fa");
    const { browser, page } = await passwordFirstFactor(user.email);
    let current = page;
    for (let attempt = 1; attempt <= 5; attempt++) {
      current = await answerSecondFactor(browser, current, totpAt(secret, 10 + attempt));
      expect([attempt, current.status]).toEqual([attempt, 200]);
    }
    expect(await messageOf(current)).toContain("No tries left");
    const locked = await answerSecondFactor(browser, current, totpAt(secret, 1));
    expect(locked.status).toBe(429);
    expect(locked.headers.get("location")).toBeNull();
    expect(Number(locked.headers.get("retry-after"))).toBeGreaterThan(14 * 60);
    expect(await messageOf(locked)).toBe("Too many wrong codes. Try again in 15 minutes.");
    expect(secondFactorAction(await locked.clone().text())).toBe("/password/two-factor");

    // The lock is the account's: a fresh sign-in from elsewhere meets it as well.
    const elsewhere = await passwordFirstFactor(user.email);
    expect((await answerSecondFactor(elsewhere.browser, elsewhere.page, totpAt(secret, 1))).status).toBe(429);
  });
});

describe("the second step cannot be skipped", () => {
  it("without the flow's cookies (another browser) posting the form does nothing, even with a right code", async () => {
    const { user, secret } = await passwordUserWithTwoFactor("other-browser");
    await passwordFirstFactor(user.email);
    for (const other of [new Browser(), await withAuthorizationOnly()]) {
      const answer = await other.post("/password/two-factor", { code: totpAt(secret, 1) });
      expect(answer.status).toBe(400);
      expect(answer.headers.get("location")).toBeNull();
      expect(await messageOf(answer)).toBe("This sign-in has expired or was already completed.");
    }
  });

  it("the same cookies after success complete nothing again, even with a new right code", async () => {
    const { user, secret, backupCodes } = await passwordUserWithTwoFactor("cookie-replay");
    const { browser, page } = await passwordFirstFactor(user.email);
    const copied = new Browser();
    for (const [name, value] of browser.cookies) copied.cookies.set(name, value);
    codeFromRedirect(await answerSecondFactor(browser, page, totpAt(secret, 1)));

    const replay = await copied.post("/password/two-factor", { code: backupCodes[1] ?? "" });
    expect(replay.status).toBe(400);
    expect(replay.headers.get("location")).toBeNull();
    // The backup code was not spent on the refused replay.
    const fresh = await passwordFirstFactor(user.email);
    codeFromRedirect(await answerSecondFactor(fresh.browser, fresh.page, backupCodes[1] ?? ""));
  });

  it("the first factor alone issues no authorization code, and the other provider's route has no pending sign-in", async () => {
    const { user, secret } = await passwordUserWithTwoFactor("no-skip");
    const { browser, page } = await passwordFirstFactor(user.email);
    const html = await expectSecondStepForm(page, "/password/two-factor");
    expect(html).not.toMatch(/[?&]code=/);
    const crossed = await browser.post("/code/two-factor", { code: totpAt(secret, 1) });
    expect(crossed.status).toBe(400);
    expect(crossed.headers.get("location")).toBeNull();
  });

  it("accounts without two-factor sign in as before, with no second step", async () => {
    const user = await newUser("plain");
    expect((await call(user, "GET", "/me")).body.two_factor_enabled).toBe(false);
    const browser = new Browser();
    const verifier = await startAuthorization(browser, "code");
    await browser.post("/code/authorize", { action: "request", email: user.email });
    const done = await browser.post("/code/authorize", { action: "verify", code: await latestCode(user.email) });
    expect((await exchange(codeFromRedirect(done), verifier)).access_token).toEqual(expect.any(String));
  });
});

/** A browser that started its own authorization but never passed a first factor. */
async function withAuthorizationOnly(): Promise<Browser> {
  const browser = new Browser();
  await startAuthorization(browser, "password");
  return browser;
}
