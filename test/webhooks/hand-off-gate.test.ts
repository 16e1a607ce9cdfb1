/**
 * The hand-off right after a change (decision 0037) looks in D1 only when the change queued account events. An event
 * a request queued, in the worker or in the Account object, reaches the endpoint with no cron; a write that queued
 * none runs no hand-off pass: an event already waiting in `account_event_outbox` (as one whose hand-off failed
 * waits for the cron) stays exactly where it is, and goes with the next change that does queue one.
 */
import { env } from "cloudflare:test";
import { drizzle } from "drizzle-orm/d1";
import { describe, expect, it } from "vitest";
import { queueAccountEventsNow } from "../../src/webhooks/account-event-queue";
import { accountEvent } from "../../src/webhooks/account-events";
import { deliveriesAbout, type PlatformHook, platformWebhookTo, settled } from "../support/account-webhooks";
import { signInAdmin } from "../support/admin";
import { Browser } from "../support/browser";
import { call, newUser } from "../support/http";
import { nextEmail } from "../support/people";
import { signInThroughUpstream, upstreamPerson } from "../support/upstream";
import { createWorkspace } from "../support/workspaces";

/** The types `hook` has received about `userId`, once they are `types` (no cron runs in between). */
async function expectReceived(hook: PlatformHook, userId: string, types: string[]) {
  await expect
    .poll(async () => (await deliveriesAbout(hook, userId)).map((d) => d.type), { timeout: 10_000, interval: 100 })
    .toEqual(types);
}

const waitingIds = async () =>
  (await env.DB.prepare("select id from account_event_outbox order by seq").all<{ id: string }>()).results.map(
    (row) => row.id,
  );

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("the hand-off after a change", () => {
  it("hands on at once what a request queued, in the worker and in the Account object", async () => {
    const admin = await signInAdmin();
    const hook = await platformWebhookTo(admin);
    const person = await newUser("gated");
    await expectReceived(hook, person.id, ["user.created"]);
    expect((await call(admin, "PATCH", `/admin/users/${person.id}`, { first_name: "Ada" })).status).toBe(200);
    await expectReceived(hook, person.id, ["user.created", "user.updated"]);
    // Ending sessions queues nothing in the worker: the Account object queues `session.revoked` and hands it on.
    expect((await call(admin, "DELETE", `/admin/users/${person.id}/sessions`)).status).toBe(204);
    await expectReceived(hook, person.id, ["user.created", "user.updated", "session.revoked"]);
    expect(await waitingIds()).toEqual([]);
  });

  it("hands on at once the account an upstream sign-up makes in its callback, a GET", async () => {
    const admin = await signInAdmin();
    const hook = await platformWebhookTo(admin);
    const email = nextEmail("upstream-made");
    const { answer } = await signInThroughUpstream(new Browser(), upstreamPerson(email));
    expect(answer.status).toBe(302);
    const made = await env.DB.prepare("select id from users where email = ?").bind(email).first<{ id: string }>();
    expect(made).not.toBeNull();
    await expectReceived(hook, made?.id ?? "", ["user.created"]);
  });

  it("runs no hand-off after a write, or three at once, that queued no account event", async () => {
    const admin = await signInAdmin();
    const hook = await platformWebhookTo(admin);
    const owner = await newUser("owner");
    const workspaceId = await createWorkspace(owner);
    // The hand-offs the sign-ups started have delivered and emptied the outbox; then a pause for their last look.
    await expectReceived(hook, owner.id, ["user.created"]);
    await expect.poll(waitingIds, { timeout: 10_000, interval: 50 }).toEqual([]);
    await settled([hook.id]);
    await pause(500);
    const waiting = accountEvent("user.updated", new Date().toISOString(), {
      user_id: "usr_waiting",
      actor_id: null,
      changes: ["first_name"],
    });
    await queueAccountEventsNow(drizzle(env.DB), [waiting]);

    const rename = (name: string) => call(owner, "PATCH", `/workspaces/${workspaceId}`, { name });
    expect((await rename("Once")).status).toBe(200);
    const renamed = await Promise.all([rename("One"), rename("Two"), rename("Three")]);
    expect(renamed.map((answer) => answer.status)).toEqual([200, 200, 200]);
    await pause(1_000);
    expect(await waitingIds()).toEqual([waiting.id]);
    expect(await deliveriesAbout(hook, "usr_waiting")).toEqual([]);

    // It was due all along: the next change that queues an event takes it too.
    expect((await call(admin, "PATCH", `/admin/users/${owner.id}`, { first_name: "Olga" })).status).toBe(200);
    await expectReceived(hook, "usr_waiting", ["user.updated"]);
    expect(await waitingIds()).toEqual([]);
  });
});
