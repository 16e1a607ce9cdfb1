/**
 * Emailed codes under repeated and parallel guessing (decision 0006): however many codes are requested, and for
 * whatever purpose, at most 5 wrong guesses per email are evaluated in any 10 minutes; a guess past that is
 * answered 429 (the page saying so), never "wrong code"; a new code leaves the older ones open (so nobody can end
 * the owner's code by asking for another); and a code works only on the flow that made it.
 */
import { describe, expect, it } from "vitest";
import { SIGN_IN_LIMITS } from "../../src/auth/sign-in-limits";
import { authorizationCodes, nextIp, type Page, read, usersWithEmail } from "../support/auth-inspect";
import { Browser } from "../support/browser";
import { nextEmail, PASSWORD } from "../support/people";
import { codeFromRedirect, latestCode, signUpWithPassword, startAuthorization } from "../support/sign-in";

const GUESSES = SIGN_IN_LIMITS.codeGuessesPerEmail.limit;
const wrong = (code: string, offset = 1) => String((Number(code) + offset) % 1_000_000).padStart(6, "0");

const isWrongCode = (page: Page) => page.messages.some((m) => /not right/.test(m));
const isLimited = (page: Page) =>
  page.status === 429 && Number(page.retryAfter) > 0 && page.messages.some((m) => /Too many wrong codes/.test(m));

/** A browser on the code page of /code/authorize for `email`. */
async function codeSignIn(email: string) {
  const browser = new Browser(nextIp());
  await startAuthorization(browser, "code");
  await browser.get("/code/authorize");
  expect((await browser.post("/code/authorize", { action: "request", email })).status).toBe(200);
  return browser;
}

const guess = async (browser: Browser, path: string, code: string) =>
  read(await browser.post(path, { action: "verify", code }));

describe("guesses per email", () => {
  it("evaluates 5 wrong guesses in all, however many codes were requested, then refuses even the right code", async () => {
    const email = nextEmail("many-codes");
    const browsers = [await codeSignIn(email), await codeSignIn(email), await codeSignIn(email)];
    const code = await latestCode(email);
    const latest = browsers[2] as Browser;
    const pages: Page[] = [];
    for (const browser of browsers) {
      for (let attempt = 1; attempt <= 5; attempt++)
        pages.push(await guess(browser, "/code/authorize", wrong(code, attempt)));
    }
    expect(pages.filter(isWrongCode).length).toBeLessThanOrEqual(GUESSES);
    const issued = await authorizationCodes();

    const right = await guess(latest, "/code/authorize", code);

    expect(right.location).toBeNull();
    expect(await usersWithEmail(email)).toBe(0);
    expect(await authorizationCodes()).toBe(issued);
  });

  it("answers a guess past the limit 429, never 'wrong', and refuses to mail a code that could not be entered", async () => {
    const email = nextEmail("limited");
    const first = await codeSignIn(email);
    const code = await latestCode(email);
    for (let attempt = 1; attempt < GUESSES; attempt++)
      expect(isWrongCode(await guess(first, "/code/authorize", wrong(code, attempt)))).toBe(true);
    // The fifth wrong guess spends the email's budget, on a fresh code from another browser.
    const second = await codeSignIn(email);
    const secondCode = await latestCode(email);
    expect(isWrongCode(await guess(second, "/code/authorize", wrong(secondCode)))).toBe(true);

    const past = await guess(second, "/code/authorize", secondCode);
    expect(isLimited(past)).toBe(true);
    expect(past.messages.join()).not.toMatch(/not right/);

    const third = new Browser(nextIp());
    await startAuthorization(third, "code");
    const request = await read(await third.post("/code/authorize", { action: "request", email }));
    expect(isLimited(request)).toBe(true);
  });

  it("counts wrong guesses of every purpose against the same email", async () => {
    const email = nextEmail("purposes");
    await signUpWithPassword(email, PASSWORD, new Browser(nextIp()));
    const reset = new Browser(nextIp());
    await reset.get("/password/change");
    await reset.post("/password/change", { action: "code", email });
    const resetCode = await latestCode(email);
    for (let attempt = 1; attempt <= 3; attempt++)
      expect(isWrongCode(await guess(reset, "/password/change", wrong(resetCode, attempt)))).toBe(true);

    const signIn = await codeSignIn(email);
    const code = await latestCode(email);
    for (let attempt = 1; attempt <= 2; attempt++)
      expect(isWrongCode(await guess(signIn, "/code/authorize", wrong(code, attempt)))).toBe(true);

    expect(isLimited(await guess(signIn, "/code/authorize", code))).toBe(true);
  });

  it("evaluates at most 5 of many parallel guesses", async () => {
    const email = nextEmail("parallel");
    const browser = await codeSignIn(email);
    const code = await latestCode(email);
    const pages = await Promise.all(
      Array.from({ length: 15 }, (_, i) => guess(browser, "/code/authorize", wrong(code, i + 1))),
    );
    expect(pages.filter(isWrongCode).length).toBeLessThanOrEqual(GUESSES);
    // Every other guess was not evaluated: refused by the email's limit, or by the code's own spent tries.
    const spent = (page: Page) => page.messages.some((m) => /no longer works/.test(m));
    expect(pages.filter((page) => !isWrongCode(page)).every((page) => isLimited(page) || spent(page))).toBe(true);
  });

  it("lets the owner in with the right code after fewer than 5 wrong guesses, and a success hands its guess back", async () => {
    const email = nextEmail("owner");
    for (let round = 0; round < 3; round++) {
      const browser = await codeSignIn(email);
      const code = await latestCode(email);
      for (let attempt = 1; attempt <= 1; attempt++) await guess(browser, "/code/authorize", wrong(code, attempt));
      codeFromRedirect(await browser.post("/code/authorize", { action: "verify", code }));
    }
  });
});

describe("a new code leaves the open ones open (decision 0019)", () => {
  it("still takes the owner's code after a stranger asked for new codes for the same email", async () => {
    const email = nextEmail("kept-open");
    const owner = await codeSignIn(email);
    const ownerCode = await latestCode(email);
    // Someone who knows the email asks for codes again and again, from browsers of their own.
    for (let request = 0; request < 3; request++) await codeSignIn(email);
    const issued = await authorizationCodes();

    codeFromRedirect(await owner.post("/code/authorize", { action: "verify", code: ownerCode }));

    expect(await authorizationCodes()).toBe(issued + 1);
  });
});

describe("codes bound to their flow", () => {
  it("does not sign in with a password-reset code entered on the code sign-in page", async () => {
    const email = nextEmail("reset-as-signin");
    await signUpWithPassword(email, PASSWORD, new Browser(nextIp()));
    const browser = new Browser(nextIp());
    await startAuthorization(browser, "code");
    await browser.get("/password/change");
    await browser.post("/password/change", { action: "code", email });
    const resetCode = await latestCode(email);
    const issued = await authorizationCodes();

    const page = await guess(browser, "/code/authorize", resetCode);

    expect(page.location).toBeNull();
    expect(await authorizationCodes()).toBe(issued);
  });

  it("does not sign in with a sign-up code entered on the code sign-in page, nor create the account", async () => {
    const email = nextEmail("signup-as-signin");
    const browser = new Browser(nextIp());
    await startAuthorization(browser, "password");
    await browser.get("/password/register");
    await browser.post("/password/register", { action: "register", email, password: PASSWORD, repeat: PASSWORD });
    const signUpCode = await latestCode(email);

    const page = await guess(browser, "/code/authorize", signUpCode);

    expect(page.location).toBeNull();
    expect(await usersWithEmail(email)).toBe(0);
  });

  it("does not create an account from a sign-in code entered on the sign-up page", async () => {
    const email = nextEmail("signin-as-signup");
    const browser = await codeSignIn(email);
    const code = await latestCode(email);
    await browser.get("/password/register");

    const page = await guess(browser, "/password/register", code);

    expect(page.location).toBeNull();
    expect(await usersWithEmail(email)).toBe(0);
  });
});

describe("step-up codes and sign-in codes", () => {
  it("does not end the owner's sign-in code when someone else's wrong passwords send a step-up code", async () => {
    const email = nextEmail("owner-under-attack");
    await signUpWithPassword(email, PASSWORD, new Browser(nextIp()));
    const owner = await codeSignIn(email);
    const ownerCode = await latestCode(email);
    for (let attempt = 0; attempt <= SIGN_IN_LIMITS.passwordFailuresPerAccount.limit; attempt++) {
      const attacker = new Browser(nextIp());
      await startAuthorization(attacker, "password");
      await attacker.post("/password/authorize", { email, password: `attacker guess ${attempt}` });
    }
    expect(await latestCode(email)).not.toBe(ownerCode);

    codeFromRedirect(await owner.post("/code/authorize", { action: "verify", code: ownerCode }));
  });
});
