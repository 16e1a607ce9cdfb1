/**
 * The per-address step budget (decision 0006): every sign-in form submission counts, successful or not, against
 * one generous budget per address; past it every step is answered 429 with Retry-After and does nothing (no code,
 * no mail, no account, no authorization code), while other addresses go on.
 */
import { describe, expect, it } from "vitest";
import { SIGN_IN_LIMITS } from "../../src/auth/sign-in-limits";
import { authorizationCodes, codesFor, nextIp, usersWithEmail } from "../support/auth-inspect";
import { Browser } from "../support/browser";
import { nextEmail, PASSWORD } from "../support/people";
import { mailbox, signInWithPassword, signUpWithPassword, startAuthorization } from "../support/sign-in";

const { limit: STEP_BUDGET, windowSeconds: WINDOW_SECONDS } = SIGN_IN_LIMITS.stepsPerIp;

/** One sign-in step, posted from a browser at `ip` that has started its flow. */
interface Step {
  name: string;
  post(browser: Browser, email: string): Promise<Response>;
  start(browser: Browser): Promise<unknown>;
}

const steps: Step[] = [
  {
    name: "password sign-in",
    start: (browser) => startAuthorization(browser, "password"),
    post: (browser, email) => browser.post("/password/authorize", { email, password: PASSWORD }),
  },
  {
    name: "password sign-up",
    start: async (browser) => {
      await startAuthorization(browser, "password");
      await browser.get("/password/register");
    },
    post: (browser, email) =>
      browser.post("/password/register", { action: "register", email, password: PASSWORD, repeat: PASSWORD }),
  },
  {
    name: "sign-in code request",
    start: async (browser) => {
      await startAuthorization(browser, "code");
      await browser.get("/code/authorize");
    },
    post: (browser, email) => browser.post("/code/authorize", { action: "request", email }),
  },
  {
    name: "sign-in code entry",
    start: (browser) => startAuthorization(browser, "code"),
    post: (browser) => browser.post("/code/authorize", { action: "verify", code: "123456" }),
  },
  {
    name: "password reset code request",
    start: (browser) => browser.get("/password/change"),
    post: (browser, email) => browser.post("/password/change", { action: "code", email }),
  },
];

/** Spends `count` steps of the address's budget with the cheapest step there is: a form with no valid email. */
async function spendSteps(ip: string, count: number) {
  const browser = new Browser(ip);
  await startAuthorization(browser, "code");
  for (let i = 0; i < count; i += 25) {
    const batch = Array.from({ length: Math.min(25, count - i) }, () =>
      browser.post("/code/authorize", { action: "request", email: "not an email" }),
    );
    for (const response of await Promise.all(batch)) {
      expect(response.status).toBe(200);
      await response.body?.cancel();
    }
  }
}

async function expectLimited(response: Response) {
  expect(response.status).toBe(429);
  expect(response.headers.get("location")).toBeNull();
  const retryAfter = Number(response.headers.get("retry-after"));
  expect(Number.isInteger(retryAfter)).toBe(true);
  expect(retryAfter).toBeGreaterThan(0);
  expect(retryAfter).toBeLessThanOrEqual(WINDOW_SECONDS);
  expect(await response.text()).toMatch(/Too many attempts\. Try again in \d+ minutes?\./);
}

describe(`the step budget of ${STEP_BUDGET} per address`, () => {
  it("refuses every kind of step past the budget, does nothing for it, and holds up nobody else", {
    timeout: 60_000,
  }, async () => {
    const ip = nextIp();
    const owner = nextEmail("owner");
    await signUpWithPassword(owner, PASSWORD, new Browser(nextIp()));
    const browsers = await Promise.all(
      steps.map(async (step) => {
        const browser = new Browser(ip);
        await step.start(browser);
        return browser;
      }),
    );
    await spendSteps(ip, STEP_BUDGET);
    const issued = await authorizationCodes();

    for (const [index, step] of steps.entries()) {
      const email = index === 0 ? owner : nextEmail("refused");
      await expectLimited(await step.post(browsers[index] as Browser, email));
      if (index > 0) {
        expect(await codesFor(email)).toBe(0);
        expect(await mailbox(email)).toEqual([]);
        expect(await usersWithEmail(email)).toBe(0);
      }
    }
    expect(await authorizationCodes()).toBe(issued);
    // The right password from another address signs in as usual.
    await signInWithPassword(owner, PASSWORD, new Browser(nextIp()));
  });

  it("lets the last step within the budget through", async () => {
    const ip = nextIp();
    await spendSteps(ip, STEP_BUDGET - 1);
    const email = nextEmail("last");
    const browser = new Browser(ip);
    const step = steps[2] as Step;
    await step.start(browser);
    const response = await step.post(browser, email);
    expect(response.status).toBe(200);
    expect(await codesFor(email)).toBe(1);
  });
});
