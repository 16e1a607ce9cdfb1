/**
 * Account events on the platform's webhooks (decision 0037): each type delivered once, signed, to an endpoint an
 * admin added; with ids only; a change repeated or made at once sends its event once; D1 down during the Account
 * object's hand-off, or an endpoint's object out of reach, loses nothing and repeats nothing.
 */
import { env, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { drizzle } from "drizzle-orm/d1";
import { describe, expect, it } from "vitest";
import type { Account } from "../../src/account/account";
import { queueAccountEventsNow } from "../../src/webhooks/account-event-queue";
import { accountEvent } from "../../src/webhooks/account-events";
import type { WebhookEndpoint } from "../../src/webhooks/endpoint";
import { handOffAccountEvents } from "../../src/webhooks/platform-outbox";
import {
  deliveriesAbout,
  expectDelivered,
  handOffNow,
  type PlatformHook,
  platformOutboxDeps,
  platformWebhookTo,
  settled,
} from "../support/account-webhooks";
import { signInAdmin } from "../support/admin";
import { call, newUser, type User } from "../support/http";
import { brokenD1 } from "../support/outbox";

let admin: Promise<User> | undefined;
const theAdmin = () => {
  admin ??= signInAdmin();
  return admin;
};

/** An endpoint for every account event, added before the people the test makes. */
async function everyEventHook(): Promise<PlatformHook> {
  return platformWebhookTo(await theAdmin());
}

const accountStub = (userId: string) => env.ACCOUNT.get(env.ACCOUNT.idFromName(userId));

function setAccountD1(userId: string, database: D1Database) {
  return runInDurableObject(accountStub(userId), (instance: Account) => {
    instance.twoFactorFanOut.deps = { ...instance.twoFactorFanOut.deps, db: drizzle(database) };
  });
}

const webhookRows = (userId: string) =>
  runInDurableObject(accountStub(userId), (_i, state) =>
    state.storage.sql.exec<{ key: string }>("select key from outbox where key like 'webhook:%'").toArray(),
  );

const unreachableEndpoints = {
  idFromName: (name: string) => name,
  get: () => ({ receive: () => Promise.reject(new Error("the endpoint's object is unreachable")) }),
} as unknown as DurableObjectNamespace<WebhookEndpoint>;

describe("account events", () => {
  it("user.created at a sign-up (no actor) and when an admin creates an account (the admin)", async () => {
    const hook = await everyEventHook();
    const person = await newUser("signup");
    const [signedUp] = await expectDelivered(hook, person.id, ["user.created"]);
    expect(signedUp?.data).toEqual({ user_id: person.id, actor_id: null });
    const created = await call(await theAdmin(), "POST", "/admin/users", { email: "made@example.com" });
    expect(created.status).toBe(201);
    const [made] = await expectDelivered(hook, String(created.body.id), ["user.created"]);
    expect(made?.data).toEqual({ user_id: created.body.id, actor_id: (await theAdmin()).id });
    expect(JSON.stringify(made)).not.toContain("@");
  });

  it("user.updated with the fields' names, then user.deactivated and session.revoked for each session", async () => {
    const hook = await everyEventHook();
    const person = await newUser("changed");
    const boss = await theAdmin();
    expect((await call(boss, "PATCH", `/admin/users/${person.id}`, { first_name: "Ada" })).status).toBe(200);
    expect((await call(boss, "PATCH", `/admin/users/${person.id}`, { is_active: false })).status).toBe(200);
    const events = await expectDelivered(hook, person.id, [
      "user.created",
      "user.updated",
      "user.deactivated",
      "session.revoked",
    ]);
    expect(events[1]?.data).toEqual({ user_id: person.id, actor_id: boss.id, changes: ["first_name"] });
    expect(events[3]?.data).toMatchObject({ user_id: person.id, reason: "deactivated" });
    expect(events[3]?.data.session_id).toEqual(expect.any(String));
    expect(JSON.stringify(events)).not.toContain("Ada");
  });

  it("user.deleted at a soft delete, user.purged at a hard one", async () => {
    const hook = await everyEventHook();
    const soft = await newUser("soft");
    const hard = await newUser("hard");
    const boss = await theAdmin();
    expect((await call(boss, "DELETE", `/admin/users/${soft.id}`)).status).toBeLessThan(300);
    expect((await call(boss, "DELETE", `/admin/users/${hard.id}?hard=true`)).status).toBeLessThan(300);
    const softEvents = await expectDelivered(hook, soft.id, ["user.created", "session.revoked", "user.deleted"]);
    expect(softEvents[2]?.data).toEqual({ user_id: soft.id, actor_id: boss.id });
    const hardEvents = await expectDelivered(hook, hard.id, ["user.created", "session.revoked", "user.purged"]);
    expect(hardEvents[2]?.data).toEqual({ user_id: hard.id });
  });

  it("session.revoked when an admin ends a person's sessions; an endpoint gets only the types it asked for", async () => {
    const hook = await everyEventHook();
    const picky = await platformWebhookTo(await theAdmin(), { events: ["session.revoked"] });
    const person = await newUser("sessions");
    expect((await call(await theAdmin(), "DELETE", `/admin/users/${person.id}/sessions`)).status).toBe(204);
    await expectDelivered(hook, person.id, ["user.created", "session.revoked"]);
    await expectDelivered(picky, person.id, ["session.revoked"]);
  });

  it("sends a change repeated, or made three times at once, once", async () => {
    const hook = await everyEventHook();
    const person = await newUser("parallel");
    const boss = await theAdmin();
    const change = () => call(boss, "PATCH", `/admin/users/${person.id}`, { is_active: false });
    expect((await Promise.all([change(), change(), change()])).map((answer) => answer.status)).toEqual([200, 200, 200]);
    expect((await change()).status).toBe(200);
    await settled([hook.id]);
    const types = (await deliveriesAbout(hook, person.id)).map((delivery) => delivery.type);
    expect(types).toEqual(["user.created", "user.deactivated", "session.revoked"]);
  });

  it("loses nothing while D1 is down during the Account object's hand-off, and sends it once when it is back", async () => {
    const hook = await everyEventHook();
    const person = await newUser("outage");
    await settled([hook.id]);
    await setAccountD1(person.id, brokenD1);
    expect((await call(await theAdmin(), "DELETE", `/admin/users/${person.id}/sessions`)).status).toBe(204);
    expect(await webhookRows(person.id)).toHaveLength(1);
    await setAccountD1(person.id, env.DB);
    await runInDurableObject(accountStub(person.id), async (_i, state) => {
      state.storage.sql.exec("update outbox set next_attempt_at = 0");
      await state.storage.setAlarm(Date.now());
    });
    await runDurableObjectAlarm(accountStub(person.id));
    await expect.poll(() => webhookRows(person.id)).toEqual([]);
    await expectDelivered(hook, person.id, ["user.created", "session.revoked"]);
  });

  it("keeps queued events while an endpoint's object is out of reach, then sends each once, in order", async () => {
    const hook = await everyEventHook();
    const userId = `usr_outage${crypto.randomUUID().slice(0, 8)}`;
    const at = new Date().toISOString();
    const events = ["user.updated", "user.deactivated", "user.deleted"].map((type) =>
      accountEvent(type as "user.updated", at, { user_id: userId, actor_id: null }),
    );
    await queueAccountEventsNow(drizzle(env.DB), events);
    await expect(
      handOffAccountEvents({ ...platformOutboxDeps(), webhookEndpoints: unreachableEndpoints }),
    ).resolves.toEqual({ handedOff: 0 });
    const queued = await env.DB.prepare("select * from account_event_outbox order by seq").all();
    const mine = queued.results.filter((row) => events.some((event) => event.id === row.id));
    expect(mine).toHaveLength(3);
    // The batch waits for its next try, all together.
    for (const row of mine) expect(Number(row.next_attempt_at)).toBeGreaterThan(Date.now());
    // A repeated hand-off queues nothing twice; two at once deliver each event once.
    await queueAccountEventsNow(drizzle(env.DB), events);
    await env.DB.prepare("update account_event_outbox set next_attempt_at = 0").run();
    await Promise.all([handOffNow(), handOffNow()]);
    await settled([hook.id]);
    const delivered = await deliveriesAbout(hook, userId);
    expect(delivered.map((delivery) => delivery.id)).toEqual(events.map((event) => event.id));
  });
});
