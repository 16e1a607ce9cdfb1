/**
 * Per-IP and per-email limits on every sign-in step (password sign-in, sign-up, code request, reset code), all in
 * the signIn tier: past the limit the step is answered 429 with Retry-After and its page saying when to try again,
 * and the refused attempt does nothing (no code, no mail, no account, no authorization code).
 */
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { RATE_LIMIT_TIERS } from "../../src/config";
import { Browser } from "./browser";
import { mailbox, signUpWithPassword, startAuthorization } from "./flows";
import { authorizationCodes, codesFor, nextIp, usersWithEmail } from "./inspect";

const { limit: LIMIT, windowSeconds: WINDOW_SECONDS } = RATE_LIMIT_TIERS.signIn;
const PASSWORD = "correct horse battery staple";

let lastEmail = 0;
const nextEmail = (label: string) => `${label}-${++lastEmail}@example.com`;

/** One sign-in step, posted from a fresh browser (no state from earlier attempts) at `ip`. */
interface Step {
  name: string;
  slug: string;
  post(ip: string, email: string): Promise<Response>;
}

const steps: Step[] = [
  {
    name: "password sign-in",
    slug: "signin",
    async post(ip, email) {
      const browser = new Browser(ip);
      await startAuthorization(browser, "password");
      return browser.post("/password/authorize", { email, password: "not the right password" });
    },
  },
  {
    name: "password sign-up",
    slug: "signup",
    async post(ip, email) {
      const browser = new Browser(ip);
      await startAuthorization(browser, "password");
      await browser.get("/password/register");
      return browser.post("/password/register", { action: "register", email, password: PASSWORD, repeat: PASSWORD });
    },
  },
  {
    name: "sign-in code request",
    slug: "code",
    async post(ip, email) {
      const browser = new Browser(ip);
      await startAuthorization(browser, "code");
      await browser.get("/code/authorize");
      return browser.post("/code/authorize", { action: "request", email });
    },
  },
  {
    name: "password reset code request",
    slug: "reset",
    async post(ip, email) {
      const browser = new Browser(ip);
      await browser.get("/password/change");
      return browser.post("/password/change", { action: "code", email });
    },
  },
];

/** A 429 answer: Retry-After within the window, and the step's own page saying to try again later. */
async function expectLimited(response: Response) {
  expect(response.status).toBe(429);
  expect(response.headers.get("location")).toBeNull();
  const retryAfter = Number(response.headers.get("retry-after"));
  expect(Number.isInteger(retryAfter)).toBe(true);
  expect(retryAfter).toBeGreaterThan(0);
  expect(retryAfter).toBeLessThanOrEqual(WINDOW_SECONDS);
  const html = await response.text();
  expect(html).toContain("<form");
  expect(html).toMatch(/Too many attempts\. Try again in \d+ minutes?\./);
}

async function expectAllowed(response: Response) {
  expect(response.status).not.toBe(429);
  expect(response.headers.get("retry-after")).toBeNull();
  await response.body?.cancel();
}

describe.each(steps)("$name", (step) => {
  it(`refuses the attempt after ${LIMIT} from one IP with varying emails, and does nothing for it`, async () => {
    const ip = nextIp();
    for (let attempt = 1; attempt <= LIMIT; attempt++) {
      await expectAllowed(await step.post(ip, nextEmail(`${step.slug}-one-ip`)));
    }
    const refusedEmail = nextEmail(`${step.slug}-one-ip-refused`);

    await expectLimited(await step.post(ip, refusedEmail));

    expect(await codesFor(refusedEmail)).toBe(0);
    expect(await mailbox(refusedEmail)).toEqual([]);
    expect(await usersWithEmail(refusedEmail)).toBe(0);
    // Someone else, elsewhere, is not held up.
    await expectAllowed(await step.post(nextIp(), nextEmail(`${step.slug}-bystander`)));
  });

  it(`refuses the attempt after ${LIMIT} against one email from varying IPs, and does nothing for it`, async () => {
    const email = nextEmail(`${step.slug}-one-email`);
    for (let attempt = 1; attempt <= LIMIT; attempt++) await expectAllowed(await step.post(nextIp(), email));
    const codes = await codesFor(email);
    const mail = (await mailbox(email)).length;

    await expectLimited(await step.post(nextIp(), email));

    expect(await codesFor(email)).toBe(codes);
    expect(await mailbox(email)).toHaveLength(mail);
    await expectAllowed(await step.post(nextIp(), nextEmail(`${step.slug}-bystander`)));
  });
});

describe("the signIn tier", () => {
  it("counts every kind of step against the same per-IP budget", async () => {
    const ip = nextIp();
    for (let attempt = 0; attempt < LIMIT; attempt++) {
      const step = steps[attempt % steps.length];
      if (!step) throw new Error("no step");
      await expectAllowed(await step.post(ip, nextEmail("mixed")));
    }
    for (const step of steps) await expectLimited(await step.post(ip, nextEmail("mixed-refused")));
  });

  it("counts one email however it is written: case and surrounding spaces do not buy more attempts", async () => {
    const email = nextEmail("spelled-differently");
    const spellings = [email, email.toUpperCase(), ` ${email} `, email.replace(/^./, (c) => c.toUpperCase())];
    const signIn = steps[0];
    if (!signIn) throw new Error("no sign-in step");
    for (let attempt = 0; attempt < LIMIT; attempt++) {
      await expectAllowed(await signIn.post(nextIp(), spellings[attempt % spellings.length] ?? email));
    }
    for (const spelling of spellings) await expectLimited(await signIn.post(nextIp(), spelling));
  });

  it("refuses the right password once the email is limited, and issues no authorization code", async () => {
    const email = nextEmail("limited-owner");
    await signUpWithPassword(email, PASSWORD, new Browser(nextIp()));
    const signIn = steps[0];
    if (!signIn) throw new Error("no sign-in step");
    // The sign-up's own step counted once against the email.
    for (let attempt = 2; attempt <= LIMIT; attempt++) await expectAllowed(await signIn.post(nextIp(), email));
    const before = await env.DB.prepare("select * from users where email = ?").bind(email).first();
    const issued = await authorizationCodes();

    const browser = new Browser(nextIp());
    await startAuthorization(browser, "password");
    await expectLimited(await browser.post("/password/authorize", { email, password: PASSWORD }));

    expect(await authorizationCodes()).toBe(issued);
    expect(await env.DB.prepare("select * from users where email = ?").bind(email).first()).toEqual(before);
  });

  it("refuses the right password from a limited IP, and issues no authorization code", async () => {
    const email = nextEmail("limited-ip-owner");
    await signUpWithPassword(email, PASSWORD, new Browser(nextIp()));
    const ip = nextIp();
    const signIn = steps[0];
    if (!signIn) throw new Error("no sign-in step");
    for (let attempt = 1; attempt <= LIMIT; attempt++) {
      await expectAllowed(await signIn.post(ip, nextEmail("limited-ip-guess")));
    }
    const issued = await authorizationCodes();

    const browser = new Browser(ip);
    await startAuthorization(browser, "password");
    await expectLimited(await browser.post("/password/authorize", { email, password: PASSWORD }));

    expect(await authorizationCodes()).toBe(issued);
    // The same person from another network signs in as usual.
    const elsewhere = new Browser(nextIp());
    await startAuthorization(elsewhere, "password");
    const done = await elsewhere.post("/password/authorize", { email, password: PASSWORD });
    expect(done.status).toBe(302);
    expect(new URL(done.headers.get("location") ?? "").searchParams.get("code")).toBeTruthy();
  });
});
