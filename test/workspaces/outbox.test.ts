import { env, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { drizzle } from "drizzle-orm/d1";
import { describe, expect, it } from "vitest";
import type { Workspace } from "../../src/workspace/workspace";
import { addMember, call, createWorkspace, indexedMembers, newUser, stubOf } from "./helpers";

/** A D1 that refuses every statement, as during an outage. */
const brokenD1 = {
  prepare() {
    throw new Error("D1 is unavailable");
  },
  batch() {
    throw new Error("D1 is unavailable");
  },
  exec() {
    throw new Error("D1 is unavailable");
  },
} as unknown as D1Database;

async function setDirectory(workspaceId: string, database: D1Database) {
  await runInDurableObject(stubOf(workspaceId), (instance: Workspace) => {
    (instance as unknown as { delivery: { directoryDb: unknown } }).delivery.directoryDb = drizzle(database);
  });
}

const pending = (workspaceId: string) =>
  runInDurableObject(
    stubOf(workspaceId),
    (_i, state) => state.storage.sql.exec("select count(*) as n from outbox").one().n,
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
    expect(await runDurableObjectAlarm(stubOf(id))).toBe(true);
    expect(await pending(id)).toBeGreaterThan(0);

    await setDirectory(id, env.DB);
    expect(await runDurableObjectAlarm(stubOf(id))).toBe(true);
    expect(await pending(id)).toBe(0);
    expect(await indexedMembers(id)).toEqual(await truth(id));
    expect(await indexedMembers(id)).toEqual({ [owner.id]: "owner", [b.id]: "editor" });
    const names = await env.DB.prepare("select name from workspaces where id = ?").bind(id).all();
    expect(names.results).toEqual([{ name: "During outage" }]);
    const rows = await env.DB.prepare("select count(*) as n from memberships where workspace_id = ?").bind(id).first();
    expect(rows).toEqual({ n: 2 });
  });

  it("changes nothing when the alarm runs twice", async () => {
    const owner = await newUser("owner");
    const member = await newUser("member");
    const id = await createWorkspace(owner);
    await addMember(owner, id, member, "viewer");
    const before = await indexedMembers(id);
    await runInDurableObject(stubOf(id), (_i, state) => state.storage.setAlarm(Date.now()));
    await runDurableObjectAlarm(stubOf(id));
    await runInDurableObject(stubOf(id), (_i, state) => state.storage.setAlarm(Date.now()));
    await runDurableObjectAlarm(stubOf(id));
    expect(await indexedMembers(id)).toEqual(before);
    expect(await pending(id)).toBe(0);
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
