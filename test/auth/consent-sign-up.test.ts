/**
 * The consent step on every way to create an account (decision 0033), with TERMS_* and PRIVACY_* configured: the
 * documents are asked for before the account exists, a refusal or a forged acceptance stores nothing, and each
 * acceptance is recorded in the Account object with how it came about.
 */
import { describe, expect, it } from "vitest";
import { d1Tables } from "../support/account-lifecycle";
import { signInAdmin } from "../support/admin";
import { authorizationCodes, read, usersWithEmail } from "../support/auth-inspect";
import { selfFetch } from "../support/browser";
import {
  ACCEPT_BOTH,
  acceptAndFinish,
  codeSignUpToConsent,
  consentAction,
  consentBrowser,
  consentRows,
  PRIVACY_URL,
  passwordSignIn,
  passwordSignUpToConsent,
  TERMS_URL,
} from "../support/consent";
import { call } from "../support/http";
import { nextEmail, PASSWORD } from "../support/people";
import { finishAuthorization, latestCode, startAuthorization } from "../support/sign-in-client";

const V1 = { terms: "2026-01", privacy: "3" };

const userIdOf = (accessToken: string): string =>
  JSON.parse(atob((accessToken.split(".")[1] ?? "").replace(/-/g, "+").replace(/_/g, "/"))).sub;

describe("sign-up with documents to accept", () => {
  it("asks on the emailed-code sign-up before the account exists; accepting creates it with its records", async () => {
    const email = nextEmail("consent-code");
    const browser = consentBrowser(V1);
    const step = await codeSignUpToConsent(browser, email);
    expect(await usersWithEmail(email)).toBe(0);
    expect(step.action).toBe("/code/sign-up-consent");
    expect(step.html).toContain(`href="${TERMS_URL}" target="_blank" rel="noopener noreferrer"`);
    expect(step.html).toContain(`href="${PRIVACY_URL}" target="_blank"`);
    expect(step.html).toContain("version 2026-01");
    expect(step.html).toMatch(/name="accept_terms" value="yes" required>/);
    expect(step.html).toMatch(/name="accept_marketing" value="yes">/);

    const tokens = await acceptAndFinish(browser, step.action, step.verifier);
    const userId = userIdOf(tokens.access_token);
    expect(await usersWithEmail(email)).toBe(1);
    const rows = await consentRows(userId);
    expect(rows.map((row) => [row.document, row.version, row.how, row.userAgent, row.withdrawnAt])).toEqual([
      ["terms", "2026-01", "code_sign_up", "test-browser/1.0", null],
      ["privacy", "3", "code_sign_up", "test-browser/1.0", null],
    ]);
    expect(rows[0]?.ip).toMatch(/^203\.0\.\d+\.0\/24$/);
  });

  it("asks on the password sign-up; the account has its password and signs in without asking again", async () => {
    const email = nextEmail("consent-password");
    const browser = consentBrowser(V1);
    const step = await passwordSignUpToConsent(browser, email, PASSWORD);
    expect(await usersWithEmail(email)).toBe(0);
    expect(step.action).toBe("/password/sign-up-consent");
    const tokens = await acceptAndFinish(browser, step.action, step.verifier, {
      ...ACCEPT_BOTH,
      accept_marketing: "yes",
    });
    const rows = await consentRows(userIdOf(tokens.access_token));
    expect(rows.map((row) => [row.document, row.how])).toEqual([
      ["terms", "password_sign_up"],
      ["privacy", "password_sign_up"],
      ["marketing", "password_sign_up"],
    ]);

    const again = consentBrowser(V1);
    const signIn = await passwordSignIn(again, email, PASSWORD);
    await finishAuthorization(again, signIn.answer, signIn.verifier);
    expect(await consentRows(userIdOf(tokens.access_token))).toHaveLength(3);
  });

  it("creates nothing when declined: no user row, no authorization code, nothing new in D1; a repeat is refused too", async () => {
    const email = nextEmail("consent-decline");
    const browser = consentBrowser(V1);
    const step = await codeSignUpToConsent(browser, email);
    const before = { tables: await d1Tables(), codes: await authorizationCodes() };
    for (const expected of ["no account was created", "This sign-in has ended"]) {
      const page = await read(await browser.post(step.action, { decision: "decline" }));
      expect(page.location).toBeNull();
      expect(page.html).toContain(expected);
    }
    expect(await usersWithEmail(email)).toBe(0);
    expect(await authorizationCodes()).toBe(before.codes);
    expect(await d1Tables()).toEqual(before.tables);
  });

  it("creates nothing for a forged acceptance without every box, nor for a consent post with no sign-up", async () => {
    const email = nextEmail("consent-forged");
    const browser = consentBrowser(V1);
    const step = await codeSignUpToConsent(browser, email);
    const before = { tables: await d1Tables(), codes: await authorizationCodes() };
    for (const fields of <Record<string, string>[]>[
      { decision: "accept" },
      { decision: "accept", accept_terms: "yes" },
      { accept_terms: "yes", accept_privacy: "no" },
    ]) {
      const page = await read(await browser.post(step.action, fields));
      expect(page.location).toBeNull();
    }
    const missing = await read(await browser.post(step.action, { decision: "accept", accept_privacy: "yes" }));
    expect(missing.messages).toContain("Tick every document to accept it, or decline.");
    expect(consentAction(missing.html)).toBe(step.action);

    const stranger = consentBrowser(V1);
    await startAuthorization(stranger, "code");
    const forged = await read(await stranger.post("/code/sign-up-consent", ACCEPT_BOTH));
    expect(forged.html).toContain("This sign-in has ended");
    expect(await usersWithEmail(email)).toBe(0);
    expect(await authorizationCodes()).toBe(before.codes);
    expect(await d1Tables()).toEqual(before.tables);

    // The step is still open: accepting now creates the account.
    await acceptAndFinish(browser, step.action, step.verifier);
    expect(await usersWithEmail(email)).toBe(1);
  });

  it("makes one account and one set of records when the same step is accepted twice at once", async () => {
    const email = nextEmail("consent-parallel");
    const browser = consentBrowser(V1);
    const step = await codeSignUpToConsent(browser, email);
    const codesBefore = await authorizationCodes();
    const answers = await Promise.all([browser.post(step.action, ACCEPT_BOTH), browser.post(step.action, ACCEPT_BOTH)]);
    const redirects = answers.filter((answer) => answer.status === 302);
    expect(redirects).toHaveLength(1);
    expect(await usersWithEmail(email)).toBe(1);
    expect(await authorizationCodes()).toBe(codesBefore + 1);
    const tokens = await finishAuthorization(browser, redirects[0] as Response, step.verifier);
    expect(await consentRows(userIdOf(tokens.access_token))).toHaveLength(2);
  });

  it("asks an account an administrator made at its first sign-in; declining signs nobody in", async () => {
    const admin = await signInAdmin();
    const email = nextEmail("consent-admin-made");
    const made = await call(admin, "POST", "/admin/users", { email });
    expect(made.status).toBe(201);
    const userId = made.body.id as string;

    const signIn = async () => {
      const browser = consentBrowser(V1);
      const verifier = await startAuthorization(browser, "code");
      await browser.post("/code/authorize", { action: "request", email });
      const code = await latestCode(browser.origin, email, selfFetch);
      const page = await browser.post("/code/authorize", { action: "verify", email, code });
      expect(page.status).toBe(200);
      const action = consentAction(await page.text());
      expect(action).toBe("/code/consent");
      return { browser, verifier, action: action as string };
    };

    const declined = await signIn();
    const codesBefore = await authorizationCodes();
    const page = await read(await declined.browser.post(declined.action, { decision: "decline" }));
    expect(page.html).toContain("you are not signed in");
    expect(await authorizationCodes()).toBe(codesBefore);
    expect(await consentRows(userId)).toEqual([]);

    const accepted = await signIn();
    await acceptAndFinish(accepted.browser, accepted.action, accepted.verifier);
    expect((await consentRows(userId)).map((row) => [row.document, row.how])).toEqual([
      ["terms", "first_sign_in"],
      ["privacy", "first_sign_in"],
    ]);
  });
});
