import { env, runInDurableObject } from "cloudflare:test";
import { drizzle } from "drizzle-orm/d1";
import { describe, expect, it } from "vitest";
import { REFUSED_DOMAIN, UNAVAILABLE_DOMAIN } from "../../src/mail/dev-mailbox";
import { OUTBOX_MAX_ATTEMPTS, retryDelayMs } from "../../src/workspace/outbox";
import { call, newUser, type User } from "../support/http";
import { brokenD1, deliverDueNow, setDirectory } from "../support/outbox";
import { nextEmail } from "../support/people";
import {
  addMember,
  createWorkspace,
  indexedMembers,
  invitationToken,
  invite,
  snapshot,
  stubOf,
} from "../support/workspaces";

const outboxRows = (workspaceId: string) =>
  runInDurableObject(stubOf(workspaceId), (_i, state) =>
    state.storage.sql.exec("select * from outbox order by seq").toArray(),
  );

const workspaceNames = async (workspaceId: string) =>
  (await env.DB.prepare("select name from workspaces where id = ?").bind(workspaceId).all()).results;

const mailCount = async () =>
  (await env.DB.prepare("select count(*) as n from dev_mailbox").first<{ n: number }>())?.n ?? 0;

const pending = (workspaceId: string) =>
  runInDurableObject(stubOf(workspaceId), (_i, state) =>
    Number(state.storage.sql.exec("select count(*) as n from outbox").one().n),
  );

/** What the object says, as user id → role: the truth the index must converge to. */
const truth = (workspaceId: string) =>
  runInDurableObject(stubOf(workspaceId), (_i, state) =>
    Object.fromEntries(
      state.storage.sql
        .exec<{ user_id: string; role: string }>("select user_id, role from members order by user_id")
        .toArray()
        .map((row) => [row.user_id, row.role]),
    ),
  );

describe("the outbox to the D1 directory", () => {
  it("is drained when the change is made: the index is current", async () => {
    const owner = await newUser("owner");
    const member = await newUser("member");
    const id = await createWorkspace(owner);
    await addMember(owner, id, member, "viewer");
    expect(await pending(id)).toBe(0);
    expect(await indexedMembers(id)).toEqual(await truth(id));
  });

  it("keeps changes through a D1 outage and delivers them by alarm, nothing lost or duplicated", async () => {
    const owner = await newUser("owner");
    const a = await newUser("a");
    const b = await newUser("b");
    const id = await createWorkspace(owner);
    await addMember(owner, id, a, "viewer");

    await setDirectory(id, brokenD1);
    // Changes still succeed: the object is the authority; delivery waits.
    await addMember(owner, id, b, "editor");
    expect((await call(owner, "PATCH", `/workspaces/${id}/members/${a.id}`, { role: "editor" })).status).toBe(200);
    expect((await call(owner, "DELETE", `/workspaces/${id}/members/${a.id}`)).status).toBe(204);
    expect((await call(owner, "PATCH", `/workspaces/${id}`, { name: "During outage" })).status).toBe(200);
    expect(await pending(id)).toBeGreaterThan(0);
    expect(await indexedMembers(id)).toEqual({ [owner.id]: "owner", [a.id]: "viewer" });
    const attempts = await runInDurableObject(stubOf(id), (_i, state) =>
      state.storage.sql.exec("select attempts, last_error from outbox order by seq limit 1").one(),
    );
    expect(attempts.attempts).toBeGreaterThan(0);
    expect(String(attempts.last_error)).toContain("D1 is unavailable");

    // The retry alarm while D1 is still down keeps everything.
    expect(await deliverDueNow(id)).toBe(true);
    expect(await pending(id)).toBeGreaterThan(0);

    await setDirectory(id, env.DB);
    expect(await deliverDueNow(id)).toBe(true);
    expect(await pending(id)).toBe(0);
    expect(await indexedMembers(id)).toEqual(await truth(id));
    expect(await indexedMembers(id)).toEqual({ [owner.id]: "owner", [b.id]: "editor" });
    const names = await env.DB.prepare("select name from workspaces where id = ?").bind(id).all();
    expect(names.results).toEqual([{ name: "During outage" }]);
    const rows = await env.DB.prepare("select count(*) as n from memberships where workspace_id = ?").bind(id).first();
    expect(rows).toEqual({ n: 2 });
  });

  it("changes nothing when a delivered batch is delivered again (the alarm ran twice)", async () => {
    const owner = await newUser("owner");
    const member = await newUser("member");
    const id = await createWorkspace(owner);
    await addMember(owner, id, member, "viewer");
    // Queue real work while D1 is down: a new member, a role change, a rename.
    await setDirectory(id, brokenD1);
    const late = await newUser("late");
    await addMember(owner, id, late, "editor");
    expect((await call(owner, "PATCH", `/workspaces/${id}/members/${member.id}`, { role: "editor" })).status).toBe(200);
    expect((await call(owner, "PATCH", `/workspaces/${id}`, { name: "Twice" })).status).toBe(200);
    const queued = await outboxRows(id);
    expect(queued.length).toBeGreaterThanOrEqual(3);

    await setDirectory(id, env.DB);
    await deliverDueNow(id);
    expect(await pending(id)).toBe(0);
    const delivered = { index: await indexedMembers(id), names: await workspaceNames(id) };
    const mails = await mailCount();

    // The same rows again, as if the object had stopped after delivering them but before deleting them.
    await runInDurableObject(stubOf(id), (_i, state) => {
      for (const row of queued) {
        const columns = Object.keys(row);
        state.storage.sql.exec(
          `insert into outbox (${columns.join(", ")}) values (${columns.map(() => "?").join(", ")})`,
          ...columns.map((column) => (column === "next_attempt_at" ? 0 : row[column])),
        );
      }
    });
    await deliverDueNow(id);
    expect(await pending(id)).toBe(0);
    expect({ index: await indexedMembers(id), names: await workspaceNames(id) }).toEqual(delivered);
    expect(delivered.index).toEqual(await truth(id));
    expect(delivered.index).toEqual({ [owner.id]: "owner", [member.id]: "editor", [late.id]: "editor" });
    expect(delivered.names).toEqual([{ name: "Twice" }]);
    expect(await mailCount()).toBe(mails);
  });

  it("never lets a late duplicate delivery undo a newer change", async () => {
    const owner = await newUser("owner");
    const member = await newUser("member");
    const id = await createWorkspace(owner);
    await addMember(owner, id, member, "viewer");
    await call(owner, "PATCH", `/workspaces/${id}/members/${member.id}`, { role: "editor" });
    const { applyDirectoryChange } = await import("../../src/workspace/directory");
    // Replay the first delivery (version 1): the newer role stays.
    await applyDirectoryChange(
      drizzle(env.DB),
      {
        kind: "membership_upsert",
        workspaceId: id,
        userId: member.id,
        role: "viewer",
        joinedAt: new Date().toISOString(),
      },
      1,
    );
    expect((await indexedMembers(id))[member.id]).toBe("editor");
  });
});

describe("mail and index deliveries, apart", () => {
  /** The development mailbox refuses `@refused.invalid` for good (as a provider's 4xx) and `@unavailable.invalid` for now (5xx). */
  const refusedForGood = (label: string) => nextEmail(label, REFUSED_DOMAIN);
  const unavailableForNow = (label: string) => nextEmail(label, UNAVAILABLE_DOMAIN);

  const deliveryOf = async (owner: User, workspaceId: string) =>
    Object.fromEntries(
      (
        (await call(owner, "GET", `/workspaces/${workspaceId}/invitations`)).body.invitations as {
          email: string;
          delivery: string;
        }[]
      ).map((invitation) => [invitation.email, invitation.delivery]),
    );

  /** No invitation link (and so no secret) anywhere in the object's storage. */
  const holdsNoLink = async (workspaceId: string) => {
    const stored = JSON.stringify((await snapshot(workspaceId)).object.tables);
    expect(stored).not.toContain("/invite#");
    expect(stored).not.toContain(`${workspaceId}.`);
  };

  it("sends later mail and keeps the index current after a mail is refused for good, which shows as failed", async () => {
    const owner = await newUser("owner");
    const member = await newUser("member");
    const id = await createWorkspace(owner);
    const doomed = refusedForGood("doomed");
    const refused = await invite(owner, id, doomed, "viewer");
    expect(refused.status).toBe(201);
    expect(refused.body.delivery).toBe("pending");

    await addMember(owner, id, member, "viewer");
    expect((await call(owner, "PATCH", `/workspaces/${id}/members/${member.id}`, { role: "editor" })).status).toBe(200);
    expect((await call(owner, "PATCH", `/workspaces/${id}`, { name: "After the refusal" })).status).toBe(200);
    const later = await invite(owner, id, "later@example.com", "viewer");
    expect(later.status).toBe(201);

    expect(await invitationToken("later@example.com")).toMatch(new RegExp(`^${id}\\.`));
    expect(await indexedMembers(id)).toEqual({ [owner.id]: "owner", [member.id]: "editor" });
    expect(await workspaceNames(id)).toEqual([{ name: "After the refusal" }]);
    expect(await deliveryOf(owner, id)).toEqual({ [doomed]: "failed", "later@example.com": "sent" });
    // Refused for good means one attempt: nothing is left to retry, and no link stays behind.
    expect(await pending(id)).toBe(0);
    expect(await runInDurableObject(stubOf(id), (_i, state) => state.storage.getAlarm())).toBeNull();
    await holdsNoLink(id);
  });

  it("retries a mail the provider cannot take now with growing delays, then gives up and marks it failed", async () => {
    const owner = await newUser("owner");
    const id = await createWorkspace(owner);
    const unlucky = unavailableForNow("unlucky");
    expect((await invite(owner, id, unlucky, "viewer")).status).toBe(201);
    // Another mail and an index change go out at once, not behind it.
    expect((await invite(owner, id, "lucky@example.com", "viewer")).status).toBe(201);
    expect(await deliveryOf(owner, id)).toEqual({ [unlucky]: "pending", "lucky@example.com": "sent" });
    expect((await call(owner, "PATCH", `/workspaces/${id}`, { name: "Meanwhile" })).status).toBe(200);
    expect(await workspaceNames(id)).toEqual([{ name: "Meanwhile" }]);

    const delays: number[] = [];
    let attempts = 1;
    for (; attempts < 100 && (await pending(id)) > 0; attempts++) {
      const [row] = await outboxRows(id);
      expect(row?.attempts).toBe(attempts);
      expect(String(row?.last_error)).toMatch(/unavailable/i);
      delays.push(Number(row?.next_attempt_at) - Date.now());
      await deliverDueNow(id);
    }
    // The loop ends with the row gone: the last attempt was the last allowed.
    expect(attempts).toBe(OUTBOX_MAX_ATTEMPTS.mail);
    // Each wait is at least as long as the one before, and the first is short.
    expect(delays[0]).toBeLessThanOrEqual(retryDelayMs(1));
    expect(delays.at(-1)).toBeGreaterThan(delays[0] ?? 0);
    for (let n = 1; n < delays.length; n++) expect(delays[n]).toBeGreaterThanOrEqual((delays[n - 1] ?? 0) - 1000);
    expect(await deliveryOf(owner, id)).toEqual({ [unlucky]: "failed", "lucky@example.com": "sent" });
    expect(await runInDurableObject(stubOf(id), (_i, state) => state.storage.getAlarm())).toBeNull();
    await holdsNoLink(id);
  });

  it("sends mail while the D1 index is down, and catches the index up afterwards", async () => {
    const owner = await newUser("owner");
    const member = await newUser("member");
    const id = await createWorkspace(owner);
    await setDirectory(id, brokenD1);
    await addMember(owner, id, member, "editor");
    expect(await indexedMembers(id)).toEqual({ [owner.id]: "owner" });
    await setDirectory(id, env.DB);
    await deliverDueNow(id);
    expect(await indexedMembers(id)).toEqual({ [owner.id]: "owner", [member.id]: "editor" });
  });

  it("stops retrying an index change after a bounded number of attempts", async () => {
    const owner = await newUser("owner");
    const id = await createWorkspace(owner);
    await setDirectory(id, brokenD1);
    expect((await call(owner, "PATCH", `/workspaces/${id}`, { name: "Never indexed" })).status).toBe(200);
    let runs = 0;
    while ((await pending(id)) > 0 && runs < 500) {
      await deliverDueNow(id);
      runs++;
    }
    expect(runs + 1).toBe(OUTBOX_MAX_ATTEMPTS.index);
    expect(await runInDurableObject(stubOf(id), (_i, state) => state.storage.getAlarm())).toBeNull();
    // The next change of the same thing delivers the whole truth again.
    await setDirectory(id, env.DB);
    expect((await call(owner, "PATCH", `/workspaces/${id}`, { name: "Indexed again" })).status).toBe(200);
    expect(await workspaceNames(id)).toEqual([{ name: "Indexed again" }]);
  });
});
