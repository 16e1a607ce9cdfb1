/**
 * A change's webhook events go to the endpoints' objects after the change is answered (delivery.ts,
 * `flush("beforeAnswer")`; bench/README.md "Webhooks (issue 21)"): the alarm hands them off, not the request. The
 * endpoints' namespace is swapped for one whose hand-off waits until the test lets it go: a change whose answer
 * waited for the hand-off would not be answered at all.
 */
import { env, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { WebhookEndpoint } from "../../src/webhooks/endpoint";
import { call, newUser } from "../support/http";
import { deliverDueNow, setEndpoints } from "../support/outbox";
import { verify, waitForRequests, webhookTo } from "../support/webhooks";
import { addMember, createWorkspace, stubOf } from "../support/workspaces";

/** The real namespace, but every hand-off waits for `held` first; `reached` counts those that began. */
function holdingEndpoints(held: Promise<void>, reached: { count: number }) {
  const real = env.WEBHOOK_ENDPOINT;
  return {
    idFromName: (name: string) => real.idFromName(name),
    get: (id: DurableObjectId) => ({
      receive: async (...args: Parameters<WebhookEndpoint["receive"]>) => {
        reached.count++;
        await held;
        return real.get(id).receive(...args);
      },
    }),
  };
}

const pendingWebhookRows = (workspaceId: string) =>
  runInDurableObject(stubOf(workspaceId), (_i, state) =>
    Number(state.storage.sql.exec("select count(*) as n from outbox where kind = 'webhook_event'").one().n),
  );

const NO_ANSWER = { status: 0, body: { code: "no answer while the hand-off was held" } };

describe("the workspace's webhook hand-off", () => {
  it("comes after the answer: a role change is answered while its event waits, which the alarm then delivers", async () => {
    const owner = await newUser("owner");
    const member = await newUser("member");
    const id = await createWorkspace(owner);
    await addMember(owner, id, member, "viewer");
    const hook = await webhookTo(owner, id);
    await deliverDueNow(id);
    const before = (await waitForRequests(hook.key, 0)).length;

    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const reached = { count: 0 };
    await setEndpoints(id, holdingEndpoints(held, reached));
    try {
      const change = call(owner, "PATCH", `/workspaces/${id}/members/${member.id}`, { role: "editor" });
      const timeout = new Promise<typeof NO_ANSWER>((resolve) => setTimeout(() => resolve(NO_ANSWER), 5_000));
      const answer = await Promise.race([change, timeout]);
      expect(answer.status).toBe(200);
      expect(await pendingWebhookRows(id)).toBe(1);
      // The alarm (set for now; maybe already running on its own) takes the event to the hand-off, where it waits.
      const alarm = runDurableObjectAlarm(stubOf(id));
      await expect.poll(() => reached.count, { timeout: 10_000 }).toBe(1);
      expect(await pendingWebhookRows(id)).toBe(1);
      release();
      await alarm;
    } finally {
      release();
    }
    await expect.poll(() => pendingWebhookRows(id), { timeout: 10_000 }).toBe(0);
    const [delivered] = (await waitForRequests(hook.key, before + 1)).slice(before);
    expect(delivered && verify(hook.secret, delivered).type).toBe("member.role_changed");
    await setEndpoints(id, env.WEBHOOK_ENDPOINT);
  });
});
