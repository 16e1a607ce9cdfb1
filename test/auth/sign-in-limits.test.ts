/**
 * Sign-in limits that stop attackers without stopping crowds (decision 0006): every step counts only against a
 * generous per-address budget; wrong passwords count per address and per account; past the account's limit the
 * right password alone no longer signs in (an emailed code is asked as well), and code sign-in keeps working.
 */
import { describe, expect, it } from "vitest";
import { SIGN_IN_LIMITS } from "../../src/auth/sign-in-limits";
import { authorizationCodes, nextIp, type Page, read } from "../support/auth-inspect";
import { Browser } from "../support/browser";
import { nextEmail, PASSWORD } from "../support/people";
import {
  codeFromRedirect,
  latestCode,
  mailbox,
  signInWithCode,
  signInWithPassword,
  signUpWithPassword,
  startAuthorization,
} from "../support/sign-in";

const ACCOUNT_LIMIT = SIGN_IN_LIMITS.passwordFailuresPerAccount.limit;
const IP_FAILURE_LIMIT = SIGN_IN_LIMITS.failuresPerIp.limit;

/** One password sign-in attempt from a fresh browser at `ip`; the browser is returned to go on with. */
async function passwordAttempt(ip: string, email: string, password: string) {
  const browser = new Browser(ip);
  await startAuthorization(browser, "password");
  const page = await read(await browser.post("/password/authorize", { email, password }));
  return { browser, page };
}

const isWrongPassword = (page: Page) => page.status === 401 && page.location === null;
/** The step-up page: no redirect, a form asking for the emailed code. */
const isStepUp = (page: Page) =>
  page.status === 200 && page.location === null && /name="code"/.test(page.html) && /code/i.test(page.messages.join());

describe("a crowd behind one address", () => {
  it("lets 50 people sign up and sign in from one address within the window", { timeout: 120_000 }, async () => {
    const office = nextIp();
    for (let person = 0; person < 50; person++) {
      const email = nextEmail("office");
      await signUpWithPassword(email, PASSWORD, new Browser(office));
      await signInWithPassword(email, PASSWORD, new Browser(office));
    }
  });

  it("never counts successful sign-ins against the account", async () => {
    const email = nextEmail("frequent");
    await signUpWithPassword(email, PASSWORD, new Browser(nextIp()));
    for (let time = 0; time < ACCOUNT_LIMIT + 5; time++)
      await signInWithPassword(email, PASSWORD, new Browser(nextIp()));
  });
});

describe("wrong passwords for one account", () => {
  it("steps up by the 11th of 30 wrong passwords from many addresses; the owner still signs in", async () => {
    const email = nextEmail("targeted");
    await signUpWithPassword(email, PASSWORD, new Browser(nextIp()));
    const pages: Page[] = [];
    for (let attempt = 0; attempt < 30; attempt++)
      pages.push((await passwordAttempt(nextIp(), email, `guess ${attempt}`)).page);

    expect(pages.slice(0, ACCOUNT_LIMIT).every(isWrongPassword)).toBe(true);
    expect(pages.slice(ACCOUNT_LIMIT).every(isStepUp)).toBe(true);
    // The attacker's step-ups mailed the owner one code, not twenty.
    expect((await mailbox(email)).filter((m) => /sign-in code/i.test(m.subject))).toHaveLength(1);

    const issued = await authorizationCodes();
    const owner = await passwordAttempt(nextIp(), email, PASSWORD);
    expect(isStepUp(owner.page)).toBe(true);
    expect(await authorizationCodes()).toBe(issued);

    // Password and emailed code together sign the owner in.
    const done = await owner.browser.post("/password/authorize", { action: "verify", code: await latestCode(email) });
    expect(codeFromRedirect(done)).toBeTruthy();
    // And code sign-in keeps working for the owner.
    await signInWithCode(email, new Browser(nextIp()));
  });

  it("signs nobody in with the emailed code when the password was wrong", async () => {
    const email = nextEmail("stepped-wrong");
    await signUpWithPassword(email, PASSWORD, new Browser(nextIp()));
    for (let attempt = 0; attempt < ACCOUNT_LIMIT; attempt++) await passwordAttempt(nextIp(), email, "nope nope nope");
    const attacker = await passwordAttempt(nextIp(), email, "still not it");
    expect(isStepUp(attacker.page)).toBe(true);
    const issued = await authorizationCodes();

    const page = await read(
      await attacker.browser.post("/password/authorize", { action: "verify", code: await latestCode(email) }),
    );

    expect(page.location).toBeNull();
    expect(await authorizationCodes()).toBe(issued);
  });

  it("evaluates at most 10 wrong passwords for one account even when they arrive at once", async () => {
    const email = nextEmail("parallel");
    await signUpWithPassword(email, PASSWORD, new Browser(nextIp()));
    const pages = await Promise.all(Array.from({ length: 20 }, (_, i) => passwordAttempt(nextIp(), email, `p${i}`)));
    const wrong = pages.filter(({ page }) => isWrongPassword(page)).length;
    expect(wrong).toBeLessThanOrEqual(ACCOUNT_LIMIT);
    expect(pages.filter(({ page }) => isStepUp(page)).length).toBe(20 - wrong);
    expect(isStepUp((await passwordAttempt(nextIp(), email, PASSWORD)).page)).toBe(true);
  });

  it("treats an unknown email exactly like a known one", async () => {
    const unknown = nextEmail("nobody");
    const pages: Page[] = [];
    for (let attempt = 0; attempt <= ACCOUNT_LIMIT; attempt++)
      pages.push((await passwordAttempt(nextIp(), unknown, "x-x-x-x-x")).page);
    expect(pages.slice(0, ACCOUNT_LIMIT).every(isWrongPassword)).toBe(true);
    expect(isStepUp(pages[ACCOUNT_LIMIT] as Page)).toBe(true);
    expect(await mailbox(unknown)).toEqual([]);
  });
});

describe("wrong passwords from one address", () => {
  it(`refuses, unevaluated, after ${IP_FAILURE_LIMIT} failures across accounts; other addresses go on`, {
    timeout: 60_000,
  }, async () => {
    const owner = nextEmail("sprayed-owner");
    await signUpWithPassword(owner, PASSWORD, new Browser(nextIp()));
    const sprayer = nextIp();
    for (let attempt = 0; attempt < IP_FAILURE_LIMIT; attempt++) {
      expect(isWrongPassword((await passwordAttempt(sprayer, nextEmail("sprayed"), "wrong password")).page)).toBe(true);
    }
    const issued = await authorizationCodes();

    const refused = (await passwordAttempt(sprayer, owner, PASSWORD)).page;

    expect(refused.status).toBe(429);
    expect(refused.html).toMatch(/Too many/);
    expect(await authorizationCodes()).toBe(issued);
    // The refused attempt was not a failure of the owner's account: ten wrong ones from elsewhere still read as such.
    for (let attempt = 0; attempt < ACCOUNT_LIMIT; attempt++) {
      expect(isWrongPassword((await passwordAttempt(nextIp(), owner, "elsewhere wrong")).page)).toBe(true);
    }
    await signInWithCode(owner, new Browser(nextIp()));
  });

  it("does not count successful steps towards the failure limit", { timeout: 60_000 }, async () => {
    const office = nextIp();
    const email = nextEmail("busy");
    await signUpWithPassword(email, PASSWORD, new Browser(office));
    for (let time = 0; time < 30; time++) await signInWithPassword(email, PASSWORD, new Browser(office));
  });
});
