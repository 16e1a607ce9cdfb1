/**
 * Mail limits per recipient (decision 0019): at most 5 sign-in, reset and sign-up mails per address per 15 minutes
 * from browsers without its device cookie (past it the page is the same and nothing is mailed; the owner's own
 * browser still gets its code), and `POST /api/me/email` at most 5 per account and 3 per target address an hour.
 */
import { env, SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { SIGN_IN_LIMITS } from "../../src/auth/sign-in-limits";
import { count, nextIp, type Page, read } from "../support/auth-inspect";
import { Browser } from "../support/browser";
import { newUser, type User } from "../support/http";
import { nextEmail, PASSWORD } from "../support/people";
import { latestCode, mailbox, signUpWithPassword, startAuthorization } from "../support/sign-in";

const MAILS = SIGN_IN_LIMITS.mailsPerAddress.limit;

/** The parts of a page that tell whether a mail went out, if any did: status, headers that matter, form fields. */
const shape = (page: Page) => ({
  status: page.status,
  retryAfter: page.retryAfter,
  fields: [...page.html.matchAll(/name="([^"]+)"/g)].map((m) => m[1]).sort(),
  messages: page.messages,
});

async function codeRequest(email: string, browser = new Browser(nextIp())) {
  await startAuthorization(browser, "code");
  await browser.get("/code/authorize");
  return read(await browser.post("/code/authorize", { action: "request", email }));
}

async function resetRequest(email: string) {
  const browser = new Browser(nextIp());
  await browser.get("/password/change");
  return read(await browser.post("/password/change", { action: "code", email }));
}

async function signUpRequest(email: string) {
  const browser = new Browser(nextIp());
  await startAuthorization(browser, "password");
  await browser.get("/password/register");
  return read(
    await browser.post("/password/register", { action: "register", email, password: PASSWORD, repeat: PASSWORD }),
  );
}

describe("mail per address from browsers without its device cookie", () => {
  it("mails at most 5 sign-in, reset and sign-up mails in 15 minutes; past it the page is the same and nothing is mailed", async () => {
    const email = nextEmail("flooded");
    const owner = new Browser(nextIp());
    await signUpWithPassword(email, PASSWORD, owner); // the sign-up's code: mail 1
    const first = [await codeRequest(email), await resetRequest(email), await signUpRequest(email)];
    await codeRequest(email); // mail 5
    expect(await mailbox(email)).toHaveLength(MAILS);

    const past = [await codeRequest(email), await resetRequest(email), await signUpRequest(email)];

    expect(past.map(shape)).toEqual(first.map(shape));
    expect(await mailbox(email)).toHaveLength(MAILS);
    // The owner's browser is not held back by what strangers spent: its code is mailed and works.
    expect((await codeRequest(email, owner)).status).toBe(200);
    expect(await mailbox(email)).toHaveLength(MAILS + 1);
    const done = await owner.post("/code/authorize", { action: "verify", code: await latestCode(email) });
    expect(done.status).toBe(302);
  });

  it("holds for requests that arrive at once", async () => {
    const email = nextEmail("flooded-at-once");
    const pages = await Promise.all(Array.from({ length: 12 }, () => codeRequest(email)));
    expect(pages.every((page) => page.status === 200)).toBe(true);
    expect(await mailbox(email)).toHaveLength(MAILS);
  });
});

async function askEmailChange(user: User, email: string) {
  return SELF.fetch("http://localhost/api/me/email", {
    method: "POST",
    headers: { authorization: `Bearer ${user.token}`, "content-type": "application/json" },
    body: JSON.stringify({ email }),
  });
}

/** What an email-change request changes: its codes and its mail. */
const emailChangeState = async () => ({
  codes: await count("select count(*) as n from email_codes where purpose = 'email_change'"),
  mails: await count("select count(*) as n from dev_mailbox"),
});

async function expectRateLimited(response: Response) {
  expect(response.status).toBe(429);
  expect(response.headers.get("content-type")).toMatch(/problem\+json/);
  expect(Number(response.headers.get("retry-after"))).toBeGreaterThan(0);
  expect(((await response.json()) as { code: string }).code).toBe("rate_limited");
}

describe("POST /api/me/email send limits", () => {
  it("takes 5 requests per account an hour, then answers 429 rate_limited with Retry-After and changes nothing", async () => {
    const user = await newUser("changer");
    for (let request = 0; request < 5; request++) {
      expect((await askEmailChange(user, nextEmail("target"))).status).toBe(202);
    }
    const before = await emailChangeState();

    await expectRateLimited(await askEmailChange(user, nextEmail("target")));

    expect(await emailChangeState()).toEqual(before);
  });

  it("takes 3 requests per target address an hour, whoever asks", async () => {
    const target = nextEmail("wanted");
    for (let person = 0; person < 3; person++) {
      expect((await askEmailChange(await newUser("asker"), target)).status).toBe(202);
    }
    const fourth = await newUser("asker");
    const before = await emailChangeState();

    await expectRateLimited(await askEmailChange(fourth, target));

    expect(await emailChangeState()).toEqual(before);
    expect(await env.DB.prepare("select count(*) as n from users where email = ?").bind(target).first("n")).toBe(0);
  });

  it("holds for requests that arrive at once", async () => {
    const user = await newUser("changer-at-once");
    const answers = await Promise.all(Array.from({ length: 9 }, () => askEmailChange(user, nextEmail("target"))));
    expect(answers.filter((answer) => answer.status === 202)).toHaveLength(5);
    expect(answers.filter((answer) => answer.status === 429)).toHaveLength(4);
  });
});
