/**
 * The hand-off from a workspace's outbox to its endpoints' objects (decision 0035) loses nothing and reorders
 * nothing: not while D1 is down (index rows fail beside webhook rows), not while an endpoint's object cannot be
 * reached (its rows wait, in order, and go when it can).
 */
import { env, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { call, newUser } from "../support/http";
import { brokenD1, deliverDueNow, setDirectory, setEndpoints } from "../support/outbox";
import { verify, waitForRequests, webhookTo } from "../support/webhooks";
import { createWorkspace, indexedMembers, stubOf } from "../support/workspaces";

const auditIds = (workspaceId: string) =>
  runInDurableObject(stubOf(workspaceId), (_i, state) =>
    state.storage.sql
      .exec<{ id: string }>("select id from audit_events order by seq")
      .toArray()
      .map((row) => row.id),
  );

const unreachableEndpoints = {
  idFromName: (name: string) => name,
  get: () => ({
    receive: () => Promise.reject(new Error("the endpoint's object is unreachable")),
  }),
};

describe("the hand-off to webhook endpoints", () => {
  it("delivers events while D1 is down, and the index still converges afterwards", async () => {
    const owner = await newUser("owner");
    const member = await newUser("member");
    const id = await createWorkspace(owner);
    const hook = await webhookTo(owner, id);
    const before = (await auditIds(id)).length;
    await setDirectory(id, brokenD1);
    const invited = await call(owner, "POST", `/workspaces/${id}/invitations`, { email: member.email, role: "viewer" });
    expect(invited.status).toBe(201);
    await call(owner, "PATCH", `/workspaces/${id}`, { name: "During the outage" });
    const expected = (await auditIds(id)).slice(before);
    const requests = await waitForRequests(hook.key, expected.length);
    expect(requests.map((r) => r.headers["webhook-id"])).toEqual(expected);
    for (const r of requests) verify(hook.secret, r);
    await setDirectory(id, env.DB);
    await deliverDueNow(id);
    expect(Object.keys(await indexedMembers(id))).toEqual([owner.id]);
  });

  it("keeps events while the endpoint's object cannot be reached, then delivers them all once, in order", async () => {
    const owner = await newUser("owner");
    const id = await createWorkspace(owner);
    const hook = await webhookTo(owner, id);
    await waitForRequests(hook.key, 0);
    const before = (await auditIds(id)).length;
    await setEndpoints(id, unreachableEndpoints);
    for (const name of ["One", "Two", "Three", "Four"]) {
      expect((await call(owner, "PATCH", `/workspaces/${id}`, { name })).status).toBe(200);
    }
    const queued = await runInDurableObject(stubOf(id), (_i, state) =>
      Number(state.storage.sql.exec("select count(*) as n from outbox where kind = 'webhook_event'").one().n),
    );
    expect(queued).toBe(4);
    expect(await waitForRequests(hook.key, 0)).toHaveLength(0);
    await setEndpoints(id, env.WEBHOOK_ENDPOINT);
    await deliverDueNow(id);
    const expected = (await auditIds(id)).slice(before);
    const requests = await waitForRequests(hook.key, 4);
    expect(requests.map((r) => r.headers["webhook-id"])).toEqual(expected);
    expect(requests.map((r) => verify(hook.secret, r).data.to)).toEqual(["One", "Two", "Three", "Four"]);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await waitForRequests(hook.key, 0)).toHaveLength(4);
  });
});
