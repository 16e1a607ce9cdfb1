/**
 * Emailed codes, attacked through HTTP as a browser would: a code dies after 5 wrong tries, a new code does not
 * bring new tries (the email's wrong guesses are counted, code-guesses.test.ts), a code lives 10 minutes, works once, and never travels in a cookie. Each attack is shown to be
 * refused and to change nothing (no account, no authorization code, no mail).
 */
import { env, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { SIGN_IN_LIMITS } from "../../src/auth/sign-in-limits";
import { authorizationCodes, codesFor, nextIp, read, usersWithEmail } from "../support/auth-inspect";
import { Browser } from "../support/browser";
import { PASSWORD } from "../support/people";
import { codeFromRedirect, exchange, latestCode, mailbox, startAuthorization } from "../support/sign-in";

/** Records every Set-Cookie the service sends, to show what travels in cookies. */
class RecordingBrowser extends Browser {
  readonly setCookies: string[] = [];

  override async request(path: string, init: RequestInit = {}): Promise<Response> {
    const response = await super.request(path, init);
    this.setCookies.push(...response.headers.getSetCookie());
    return response;
  }
}

/** A second browser holding a copy of this one's cookies, as someone replaying a captured request would. */
function replayOf(browser: Browser, ip: string): Browser {
  const copy = new Browser(ip);
  const jar = (b: Browser) => b.cookies;
  for (const [name, value] of jar(browser)) jar(copy).set(name, value);
  return copy;
}

const isRedirect = (status: number) => status >= 300 && status < 400;

/** A code that is surely wrong: the right one shifted by `offset`. */
const wrong = (code: string, offset = 1) => String((Number(code) + offset) % 1_000_000).padStart(6, "0");

/** Moves every code of this email `minutes` into the past, as if that much time had gone by. */
async function age(email: string, minutes: number) {
  const shift = `-${minutes} minutes`;
  await env.DB.prepare(
    `update email_codes set created_at = strftime('%Y-%m-%dT%H:%M:%fZ', created_at, ?1),
       expires_at = strftime('%Y-%m-%dT%H:%M:%fZ', expires_at, ?1) where email = ?2`,
  )
    .bind(shift, email)
    .run();
}

/** Moves this email's counted wrong guesses `minutes` into the past, as if that much time had gone by. */
async function ageGuessLimit(email: string, minutes: number) {
  const key = `${SIGN_IN_LIMITS.codeGuessesPerEmail.name}:${email}`;
  const counter = env.RATE_LIMITER.get(env.RATE_LIMITER.idFromName(key));
  await runInDurableObject(counter, async (_object, state) => {
    const log = (await state.storage.get<{ id: string; at: number }[]>("log")) ?? [];
    await state.storage.put(
      "log",
      log.map((event) => ({ ...event, at: event.at - minutes * 60_000 })),
    );
  });
}

/** One way of proving an email by code, driven as its HTML forms are. */
interface CodeFlow {
  name: string;
  /** Where the code page posts. */
  path: string;
  /** Starts an authorization and asks for a code for `email`; returns the PKCE verifier. */
  start(browser: Browser, email: string): Promise<string>;
  /** "Send me a new code" from the code page. */
  resend(browser: Browser, email: string): Promise<Response>;
}

const passwordless: CodeFlow = {
  name: "passwordless sign-in code (/code/authorize)",
  path: "/code/authorize",
  async start(browser, email) {
    const verifier = await startAuthorization(browser, "code");
    expect((await browser.get("/code/authorize")).status).toBe(200);
    const page = await read(await browser.post("/code/authorize", { action: "request", email }));
    expect(page.status).toBe(200);
    expect(page.html).toContain('name="code"');
    return verifier;
  },
  // The code page's "Resend" form posts action=request with the email in a hidden field.
  resend: (browser, email) => browser.post("/code/authorize", { action: "request", email }),
};

const passwordSignUp: CodeFlow = {
  name: "password sign-up code (/password/register)",
  path: "/password/register",
  async start(browser, email) {
    const verifier = await startAuthorization(browser, "password");
    expect((await browser.get("/password/register")).status).toBe(200);
    const page = await read(
      await browser.post("/password/register", { action: "register", email, password: PASSWORD, repeat: PASSWORD }),
    );
    expect(page.status).toBe(200);
    expect(page.html).toContain('name="code"');
    return verifier;
  },
  // On the code page, action=register again is a resend for the email the page started with.
  resend: (browser, email) => browser.post("/password/register", { action: "register", email }),
};

const verify = (flow: CodeFlow, browser: Browser, code: string) => browser.post(flow.path, { action: "verify", code });

/** Spends all 5 tries with wrong codes, checking what each answer says. */
async function spendAllTries(flow: CodeFlow, browser: Browser, code: string) {
  for (let tries = 1; tries <= 5; tries++) {
    const page = await read(await verify(flow, browser, wrong(code, tries)));
    expect(isRedirect(page.status)).toBe(false);
    expect(page.location).toBeNull();
    expect(page.html).toContain('name="code"');
    const left = 5 - tries;
    if (left > 0) {
      expect(page.messages).toContain(`That code is not right. ${left} ${left === 1 ? "try" : "tries"} left.`);
    } else {
      expect(page.messages.join(" ")).toContain("no longer works");
    }
  }
}

describe.each([passwordless, passwordSignUp])("$name", (flow) => {
  const slug = flow.path.split("/")[1];

  it("refuses the right code after 5 wrong ones, and creates no account", async () => {
    const email = `${slug}-five-tries@example.com`;
    const browser = new Browser(nextIp());
    await flow.start(browser, email);
    const code = await latestCode(email);
    const codesIssued = await authorizationCodes();

    await spendAllTries(flow, browser, code);
    const right = await read(await verify(flow, browser, code));

    expect(right.location).toBeNull();
    expect(isRedirect(right.status)).toBe(false);
    expect(right.messages.join(" ")).toContain("no longer works");
    expect(await usersWithEmail(email)).toBe(0);
    expect(await authorizationCodes()).toBe(codesIssued);
    const row = await env.DB.prepare("select failed_attempts, consumed_at from email_codes where email = ?")
      .bind(email)
      .first<{ failed_attempts: number; consumed_at: string | null }>();
    expect(row).toEqual({ failed_attempts: 5, consumed_at: null });
  });

  it("refuses a new code while the email's wrong guesses are spent, mails none, then issues one that works", async () => {
    const email = `${slug}-no-reset@example.com`;
    const browser = new Browser(nextIp());
    const verifier = await flow.start(browser, email);
    const code = await latestCode(email);
    await spendAllTries(flow, browser, code);
    const mailed = (await mailbox(email)).length;
    const rows = await codesFor(email);
    // Whoever keeps the exhausted code's page (its cookies) keeps nothing usable.
    const keeper = replayOf(browser, nextIp());

    const resent = await read(await flow.resend(browser, email));
    expect(resent.status).toBe(429);
    expect(resent.location).toBeNull();
    expect(resent.messages.join(" ")).toMatch(/Too many wrong codes for this email\. Try again in (9|10) minutes\./);
    // Starting over in another browser does not help either.
    const other = new Browser(nextIp());
    await startAuthorization(other, flow === passwordless ? "code" : "password");
    const restarted =
      flow === passwordless
        ? await other.post("/code/authorize", { action: "request", email })
        : await other.post("/password/register", { action: "register", email, password: PASSWORD, repeat: PASSWORD });
    expect((await read(restarted)).messages.join(" ")).toContain("Too many wrong codes for this email");
    expect((await mailbox(email)).length).toBe(mailed);
    expect(await codesFor(email)).toBe(rows);
    // The old code is still dead.
    expect((await read(await verify(flow, keeper, code))).messages.join(" ")).toContain("no longer works");
    expect(await usersWithEmail(email)).toBe(0);

    await age(email, 11);
    await ageGuessLimit(email, 11);
    const again = await read(await flow.resend(browser, email));
    expect(again.status).toBe(200);
    expect(again.messages.join(" ")).not.toContain("Too many");
    expect((await mailbox(email)).length).toBe(mailed + 1);
    const fresh = await latestCode(email);
    const done = await verify(flow, browser, fresh);
    const tokens = await exchange(codeFromRedirect(done), verifier);
    expect(tokens.access_token).toBeTruthy();
    expect(await usersWithEmail(email)).toBe(1);
  });

  it("refuses the right code once its 10 minutes are over", async () => {
    const email = `${slug}-expired@example.com`;
    const browser = new Browser(nextIp());
    await flow.start(browser, email);
    const code = await latestCode(email);
    const codesIssued = await authorizationCodes();
    await age(email, 11);

    const page = await read(await verify(flow, browser, code));

    expect(page.location).toBeNull();
    expect(page.messages.join(" ")).toContain("expired");
    expect(await usersWithEmail(email)).toBe(0);
    expect(await authorizationCodes()).toBe(codesIssued);
  });

  it("refuses a code the second time, even with the first request's cookies replayed", async () => {
    const email = `${slug}-once@example.com`;
    const browser = new Browser(nextIp());
    const verifier = await flow.start(browser, email);
    const code = await latestCode(email);
    const replay = replayOf(browser, nextIp());

    const first = await verify(flow, browser, code);
    await exchange(codeFromRedirect(first), verifier);
    const codesIssued = await authorizationCodes();
    const second = await read(await verify(flow, replay, code));

    expect(second.location).toBeNull();
    expect(isRedirect(second.status)).toBe(false);
    expect(second.messages.join(" ")).toContain("already used");
    expect(await usersWithEmail(email)).toBe(1);
    expect(await authorizationCodes()).toBe(codesIssued);
  });

  it("lets only one of two simultaneous submissions of the right code through", async () => {
    const email = `${slug}-race@example.com`;
    const browser = new Browser(nextIp());
    const verifier = await flow.start(browser, email);
    const code = await latestCode(email);
    const replay = replayOf(browser, nextIp());
    const codesIssued = await authorizationCodes();

    const answers = await Promise.all([verify(flow, browser, code), verify(flow, replay, code)]);

    const through = answers.filter((response) => response.headers.get("location")?.includes("code="));
    expect(through).toHaveLength(1);
    const refused = answers.find((response) => !through.includes(response));
    if (!refused) throw new Error("both went through");
    expect((await read(refused)).messages.join(" ")).toContain("already used");
    expect(await usersWithEmail(email)).toBe(1);
    expect(await authorizationCodes()).toBe(codesIssued + 1);
    // Both browsers carried the same authorization, so the one that went through completes it.
    const [winner] = through;
    if (winner) await exchange(codeFromRedirect(winner), verifier);
  });

  it("never puts the code in a cookie, and stores only a MAC of it", async () => {
    const email = `${slug}-cookie@example.com`;
    const browser = new RecordingBrowser(nextIp());
    const verifier = await flow.start(browser, email);
    const code = await latestCode(email);
    await verify(flow, browser, wrong(code));
    const done = await verify(flow, browser, code);
    await exchange(codeFromRedirect(done), verifier);

    expect(browser.setCookies.some((line) => /^(code-sign-in|password-register)=/.test(line))).toBe(true);
    for (const line of browser.setCookies) expect(line).not.toContain(code);
    const row = await env.DB.prepare("select code_hash, payload from email_codes where email = ?")
      .bind(email)
      .first<{ code_hash: string; payload: string }>();
    expect(row?.code_hash).toBeTruthy();
    expect(row?.code_hash).not.toContain(code);
    expect(row?.payload).not.toContain(code);
  });
});

describe("password reset code (/password/change)", () => {
  it("refuses the right code after 5 wrong ones, and leaves the password unchanged", async () => {
    const email = "change-five-tries@example.com";
    const owner = new Browser(nextIp());
    const verifier = await passwordSignUp.start(owner, email);
    await exchange(codeFromRedirect(await verify(passwordSignUp, owner, await latestCode(email))), verifier);
    const before = await env.DB.prepare("select password_hash, password_changed_at from users where email = ?")
      .bind(email)
      .first();

    const attacker = new Browser(nextIp());
    expect((await attacker.get("/password/change")).status).toBe(200);
    expect((await attacker.post("/password/change", { action: "code", email })).status).toBe(200);
    const code = await latestCode(email);
    const reset: CodeFlow = { ...passwordSignUp, path: "/password/change" };
    await spendAllTries(reset, attacker, code);
    const right = await read(await verify(reset, attacker, code));
    const update = await read(
      await attacker.post("/password/change", { action: "update", password: "new password 12345", repeat: "x" }),
    );

    expect(right.messages.join(" ")).toContain("no longer works");
    expect(right.html).not.toContain('name="repeat"');
    expect(update.location).toBeNull();
    expect(update.html).not.toContain('name="repeat"');
    const after = await env.DB.prepare("select password_hash, password_changed_at from users where email = ?")
      .bind(email)
      .first();
    expect(after).toEqual(before);
  });
});
