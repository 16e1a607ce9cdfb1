/**
 * The sign-in history (decision 0032) through HTTP as a browser: every sign-in step that succeeds or fails on a
 * known account leaves one row in its Account object with its method and result, the request's facts and whether
 * the browser was one of the account's own; attempts on emails without an account leave nothing.
 */
import { describe, expect, it } from "vitest";
import { SIGN_IN_LIMITS } from "../../src/auth/sign-in-limits";
import { signIn, signInAdmin } from "../support/admin";
import { nextIp } from "../support/auth-inspect";
import { Browser, selfFetch } from "../support/browser";
import { call, type User } from "../support/http";
import { nextEmail, PASSWORD } from "../support/people";
import { sessionOf } from "../support/sessions";
import {
  latestCode,
  signInWithCode,
  signInWithPassword,
  signUpWithPassword,
  startAuthorization,
} from "../support/sign-in";
import { answerSecondFactor } from "../support/sign-in-client";
import { eventsWhenThere, lastOutcome, storedEvents } from "../support/sign-in-history";
import { totpAt, turnOnTwoFactor } from "../support/two-factor";

/** A password account made through sign-up in `browser`; its first row is that sign-up's sign-in. */
async function passwordAccount(label: string, browser = new Browser(nextIp())): Promise<User> {
  const email = nextEmail(label);
  const tokens = await signUpWithPassword(email, PASSWORD, browser);
  return { id: sessionOf(tokens.access_token).userId, email, token: tokens.access_token };
}

async function passwordAttempt(browser: Browser, email: string, password: string) {
  await startAuthorization(browser, "password");
  return browser.post("/password/authorize", { email, password });
}

describe("each method and result is recorded", () => {
  it("password: signed in (sign-up, then again), wrong password, with IP, agent, place and device", async () => {
    const browser = new Browser("198.51.100.77");
    const user = await passwordAccount("history-password", browser);
    expect(await lastOutcome(user.id, 1)).toMatchObject({
      method: "password",
      result: "signed_in",
      knownDevice: false,
    });

    const stranger = new Browser("192.0.2.10");
    expect((await passwordAttempt(stranger, user.email, "not the password")).status).toBe(401);
    const wrong = await lastOutcome(user.id, 2);
    expect(wrong).toMatchObject({ method: "password", result: "wrong_password", knownDevice: false });
    expect(wrong.row).toMatchObject({ ip: "192.0.2.0/24", user_agent: "test-browser/1.0" });

    await signInWithPassword(user.email, PASSWORD, browser);
    expect(await lastOutcome(user.id, 3)).toMatchObject({ method: "password", result: "signed_in", knownDevice: true });
    expect(await storedEvents(user.id)).toHaveLength(3);
  });

  it("records the country and city a request carries (Cloudflare's visitor-location headers)", async () => {
    const user = await passwordAccount("history-place");
    const browser = new Browser(nextIp());
    const located = new Browser(nextIp(), (url, init) => {
      const headers = new Headers(init?.headers);
      headers.set("cf-ipcountry", "de");
      headers.set("cf-ipcity", "Berlin");
      return selfFetch(url, { ...init, headers });
    });
    await passwordAttempt(located, user.email, "wrong");
    expect((await lastOutcome(user.id, 2)).row).toMatchObject({ country: "DE", city: "Berlin" });
    await passwordAttempt(browser, user.email, "wrong");
    expect((await lastOutcome(user.id, 3)).row).toMatchObject({ country: null, city: null });
  });

  it("password: rate limited once a known browser spent its own budget", async () => {
    const browser = new Browser(nextIp());
    const user = await passwordAccount("history-limited", browser);
    const budget = SIGN_IN_LIMITS.failuresPerDevice.limit;
    for (let i = 0; i < budget; i++) await passwordAttempt(browser, user.email, `guess ${i}`);
    expect((await passwordAttempt(browser, user.email, "one more")).status).toBe(429);
    const rows = await eventsWhenThere(user.id, budget + 2);
    expect(rows.slice(1, -1).every((row) => row.result === "wrong_password" && row.known_device === 1)).toBe(true);
    expect(rows.at(-1)).toMatchObject({ method: "password", result: "rate_limited", known_device: 1 });
  });

  it("code: signed in, wrong code; refused once deactivated (code and password)", async () => {
    const email = nextEmail("history-code");
    const browser = new Browser(nextIp());
    const user = await signIn(email);
    expect(await lastOutcome(user.id, 1)).toMatchObject({ method: "code", result: "signed_in" });

    await startAuthorization(browser, "code");
    await browser.post("/code/authorize", { action: "request", email });
    await latestCode(email);
    await browser.post("/code/authorize", { action: "verify", code: "000000" });
    expect(await lastOutcome(user.id, 2)).toMatchObject({ method: "code", result: "wrong_code" });

    const admin = await signInAdmin();
    expect((await call(admin, "PATCH", `/admin/users/${user.id}`, { is_active: false })).status).toBe(200);
    await expect(signInWithCode(email, new Browser(nextIp()))).rejects.toThrow();
    expect(await lastOutcome(user.id, 3)).toMatchObject({ method: "code", result: "refused_deactivated" });
  });

  it("password: refused for a deactivated account with the right password", async () => {
    const user = await passwordAccount("history-deactivated");
    const admin = await signInAdmin();
    expect((await call(admin, "PATCH", `/admin/users/${user.id}`, { is_active: false })).status).toBe(200);
    await passwordAttempt(new Browser(nextIp()), user.email, PASSWORD);
    expect(await lastOutcome(user.id, 2)).toMatchObject({ method: "password", result: "refused_deactivated" });
  });

  it("step_up: wrong code, a right code after a wrong password, and signed in", async () => {
    const user = await passwordAccount("history-step-up");
    const limit = SIGN_IN_LIMITS.passwordFailuresPerAccount.limit;
    for (let i = 0; i < limit; i++) await passwordAttempt(new Browser(nextIp()), user.email, `guess ${i}`);
    const attacker = new Browser(nextIp());
    await passwordAttempt(attacker, user.email, "still wrong"); // past the limit: the step-up page
    await attacker.post("/password/authorize", { action: "verify", code: "000000" });
    expect(await lastOutcome(user.id, limit + 3)).toMatchObject({ method: "step_up", result: "wrong_code" });
    await attacker.post("/password/authorize", { action: "verify", code: await latestCode(user.email) });
    expect(await lastOutcome(user.id, limit + 4)).toMatchObject({ method: "step_up", result: "wrong_password" });

    const owner = new Browser(nextIp());
    await passwordAttempt(owner, user.email, PASSWORD);
    const done = await owner.post("/password/authorize", { action: "verify", code: await latestCode(user.email) });
    expect(done.status).toBe(302);
    expect(await lastOutcome(user.id, limit + 5)).toMatchObject({ method: "step_up", result: "signed_in" });
  });

  it("reset: wrong code, then signed in with the new password", async () => {
    const user = await passwordAccount("history-reset");
    const browser = new Browser(nextIp());
    await startAuthorization(browser, "password");
    await browser.get("/password/change");
    await browser.post("/password/change", { action: "code", email: user.email });
    const code = await latestCode(user.email);
    await browser.post("/password/change", { action: "verify", code: code === "000000" ? "111111" : "000000" });
    expect(await lastOutcome(user.id, 2)).toMatchObject({ method: "reset", result: "wrong_code" });
    await browser.post("/password/change", { action: "verify", code });
    const newPassword = "another long passphrase here";
    const done = await browser.post("/password/change", {
      action: "update",
      password: newPassword,
      repeat: newPassword,
    });
    expect(done.status).toBe(302);
    expect(await lastOutcome(user.id, 3)).toMatchObject({ method: "reset", result: "signed_in" });
  });

  it("two_factor: a wrong code fails the second factor; past the lock it is rate limited", async () => {
    const user = await passwordAccount("history-2fa");
    const { secret } = await turnOnTwoFactor(user);
    const browser = new Browser(nextIp());
    const page = await passwordAttempt(browser, user.email, PASSWORD);
    const wrong = totpAt(secret, 40);
    await answerSecondFactor(browser, page.clone(), wrong);
    expect(await lastOutcome(user.id, 2)).toMatchObject({ method: "two_factor", result: "second_factor_failed" });
    for (let i = 0; i < 4; i++) await browser.post("/password/two-factor", { code: wrong });
    expect((await browser.post("/password/two-factor", { code: totpAt(secret) })).status).toBe(429);
    expect(await lastOutcome(user.id, 7)).toMatchObject({ method: "two_factor", result: "rate_limited" });
  });
});

describe("attempts at once", () => {
  it("are each recorded once: five wrong passwords in parallel leave five rows", async () => {
    const user = await passwordAccount("history-parallel");
    await Promise.all(
      Array.from({ length: 5 }, (_, i) => passwordAttempt(new Browser(nextIp()), user.email, `parallel ${i}`)),
    );
    const rows = await eventsWhenThere(user.id, 6);
    await new Promise((resolve) => setTimeout(resolve, 300)); // nothing more arrives
    expect(await storedEvents(user.id)).toHaveLength(6);
    expect(rows.slice(1).every((row) => row.result === "wrong_password")).toBe(true);
  });
});

describe("emails without an account", () => {
  it("leave nothing: an account made later starts its history at its own sign-up", async () => {
    const email = nextEmail("history-unknown");
    const browser = new Browser(nextIp());
    await passwordAttempt(browser, email, "a guess");
    await startAuthorization(browser, "code");
    await browser.post("/code/authorize", { action: "request", email });
    await browser.post("/code/authorize", { action: "verify", code: "000000" });
    await new Promise((resolve) => setTimeout(resolve, 300)); // what would be recorded is recorded after the answer

    const user = await signIn(email);
    const rows = await eventsWhenThere(user.id, 1);
    expect(rows.map((row) => `${row.method}/${row.result}`)).toEqual(["code/signed_in"]);
  });
});
