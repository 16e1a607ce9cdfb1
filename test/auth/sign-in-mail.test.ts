/**
 * Sign-in mail goes through the D1 mail outbox (decision 0019): written before its first attempt, retried by the
 * minute's cron when the provider refused it for a moment (429, 5xx, a timeout), dropped at once when refused for
 * good, and given up after a bounded number of attempts. The development mailbox's reserved domains play the
 * provider: `@flaky.invalid` refuses each message once, `@unavailable.invalid` always, `@refused.invalid` for good.
 */
import { createExecutionContext, createScheduledController, env, waitOnExecutionContext } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import worker from "../../src/index";
import { deliverDueMail, MAIL_OUTBOX_CRON } from "../../src/mail/outbox";
import { MAIL_OUTBOX_MAX_ATTEMPTS } from "../../src/mail/outbox-rules";
import { servicesOf } from "../../src/services";
import { count, nextIp } from "../support/auth-inspect";
import { Browser } from "../support/browser";
import { nextEmail } from "../support/people";
import { codeFromRedirect, latestCode, mailbox, startAuthorization } from "../support/sign-in";

async function requestCode(email: string) {
  const browser = new Browser(nextIp());
  await startAuthorization(browser, "code");
  await browser.get("/code/authorize");
  expect((await browser.post("/code/authorize", { action: "request", email })).status).toBe(200);
  return browser;
}

const outboxRows = () => count("select count(*) as n from mail_outbox");
const outbox = async () => (await env.DB.prepare("select * from mail_outbox").all()).results;

/** Runs the minute's cron as Cloudflare would, once every row is due (the clock moved past their next attempt). */
async function runMailCron() {
  await env.DB.prepare("update mail_outbox set next_attempt_at = ?")
    .bind(Date.now() - 1)
    .run();
  const ctx = createExecutionContext();
  await worker.scheduled(createScheduledController({ cron: MAIL_OUTBOX_CRON }), env, ctx);
  await waitOnExecutionContext(ctx);
}

describe("sign-in mail the provider refuses for a moment", () => {
  it("is kept, retried by the minute's cron, and its code then signs in", async () => {
    const email = nextEmail("person", "flaky.invalid");
    const browser = await requestCode(email);
    expect(await mailbox(email)).toEqual([]);
    const [row] = await outbox();
    expect(row).toMatchObject({ attempts: 1 });
    // The row holds a live code: it is sealed, and names nobody.
    expect(JSON.stringify(row)).not.toContain(email.split("@")[0]);

    await runMailCron();

    expect(await mailbox(email)).toHaveLength(1);
    expect(await outboxRows()).toBe(0);
    codeFromRedirect(await browser.post("/code/authorize", { action: "verify", code: await latestCode(email) }));
  });

  it("is given up after a bounded number of attempts when the provider never takes it", async () => {
    const email = nextEmail("person", "unavailable.invalid");
    await requestCode(email);
    const services = servicesOf(env);
    let passes = 0;
    // Each pass as if 14 minutes had gone by: every retry is due, and the mail not yet past its give-up time.
    for (; (await outboxRows()) > 0 && passes < 50; passes++) await deliverDueMail(services, Date.now() + 14 * 60_000);
    expect(await outboxRows()).toBe(0);
    // The request's own attempt, then one per pass until the attempts are spent.
    expect(passes).toBe(MAIL_OUTBOX_MAX_ATTEMPTS - 1);
    expect(await mailbox(email)).toEqual([]);
  });
});

describe("sign-in mail refused for good", () => {
  it("is dropped at once, never retried", async () => {
    await requestCode(nextEmail("person", "refused.invalid"));
    await mailbox("anyone@example.com"); // waits for the first attempt
    expect(await outboxRows()).toBe(0);
  });
});

describe("sign-in mail the provider takes", () => {
  it("leaves nothing in the outbox", async () => {
    const email = nextEmail("person");
    await requestCode(email);
    expect(await mailbox(email)).toHaveLength(1);
    expect(await outboxRows()).toBe(0);
  });
});
