/**
 * How an endpoint's object delivers (decision 0035): retries on the schedule with the same `webhook-id`, a
 * timeout, `Retry-After`, a 410 or five days of failure turning it off (and the owners told), rotation signing with
 * both secrets, alarms run twice sending nothing twice, the delivery log and its retry.
 */
import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { WebhookEndpoint } from "../../src/webhooks/endpoint";
import { call, newUser, type User } from "../support/http";
import { mailbox } from "../support/sign-in";
import {
  deliveryRows,
  endpointStub,
  received,
  setReplies,
  timePassesForEndpoint,
  verify,
  waitForRequests,
  webhookTo,
} from "../support/webhooks";
import { createWorkspace, stubOf } from "../support/workspaces";

const DAY = 24 * 60 * 60 * 1000;

/** A workspace with one endpoint whose receiver answers `replies`, and a ping queued to it. */
async function pinged(replies: Parameters<typeof setReplies>[1]) {
  const owner = await newUser("owner");
  const id = await createWorkspace(owner);
  const hook = await webhookTo(owner, id);
  await setReplies(hook.key, replies);
  const ping = await call(owner, "POST", `/workspaces/${id}/webhooks/${hook.id}/test`);
  expect(ping.status).toBe(202);
  return { owner, id, hook, deliveryId: ping.body.delivery_id as string };
}

/** Waits until the endpoint has recorded `attempts` attempts of its first delivery. */
async function attempted(endpointId: string, attempts: number) {
  await expect.poll(async () => (await deliveryRows(endpointId))[0]?.attempts, { timeout: 20_000 }).toBe(attempts);
  return (await deliveryRows(endpointId))[0];
}

const webhook = (owner: User, id: string, hookId: string) => call(owner, "GET", `/workspaces/${id}/webhooks/${hookId}`);

describe("delivery", () => {
  it("retries a 500 after 5 s, then 5 min, with the same webhook-id, until it succeeds", async () => {
    const { hook, deliveryId } = await pinged([{ status: 500, body: "down" }, { status: 500 }, { status: 204 }]);
    const first = await attempted(hook.id, 1);
    const [request] = await received(hook.key);
    expect(first).toMatchObject({ status: "pending", response_status: 500, response_body: "down" });
    expect((first?.next_attempt_at ?? 0) - (request?.at ?? 0)).toBeGreaterThan(4_000);
    expect((first?.next_attempt_at ?? 0) - (request?.at ?? 0)).toBeLessThan(6_500);
    await timePassesForEndpoint(hook.id);
    const second = await attempted(hook.id, 2);
    const wait = (second?.next_attempt_at ?? 0) - Date.now();
    expect(wait).toBeGreaterThan(0.9 * 300_000 - 5_000);
    expect(wait).toBeLessThan(1.1 * 300_000);
    await timePassesForEndpoint(hook.id);
    expect(await attempted(hook.id, 3)).toMatchObject({
      status: "succeeded",
      response_status: 204,
      next_attempt_at: null,
    });
    const requests = await received(hook.key);
    expect(requests.map((r) => r.headers["webhook-id"])).toEqual([deliveryId, deliveryId, deliveryId]);
    for (const r of requests) expect(verify(hook.secret, r).type).toBe("ping");
  });

  it("gives up an attempt after 15 seconds without an answer and retries it", async () => {
    const { hook } = await pinged([{ status: 204, delayMs: 25_000 }, { status: 204 }]);
    const first = await attempted(hook.id, 1);
    expect(first).toMatchObject({
      status: "pending",
      response_status: null,
      response_body: "No answer within 15 seconds.",
    });
    await timePassesForEndpoint(hook.id);
    expect(await attempted(hook.id, 2)).toMatchObject({ status: "succeeded" });
  }, 60_000);

  it("honours Retry-After", async () => {
    const { hook } = await pinged([{ status: 503, headers: { "retry-after": "120" } }, { status: 204 }]);
    const first = await attempted(hook.id, 1);
    const [request] = await received(hook.key);
    const wait = (first?.next_attempt_at ?? 0) - (request?.at ?? 0);
    expect(wait).toBeGreaterThan(119_000);
    expect(wait).toBeLessThan(122_000);
  });

  it("turns the endpoint off on 410 Gone, tells the owners, and sends nothing more", async () => {
    const { owner, id, hook } = await pinged([{ status: 410 }]);
    await expect.poll(async () => (await webhook(owner, id, hook.id)).body.enabled, { timeout: 10_000 }).toBe(false);
    expect((await webhook(owner, id, hook.id)).body.disabled_reason).toBe("gone");
    await expect
      .poll(async () => (await mailbox(owner.email)).map((m) => m.subject))
      .toContain("A webhook was turned off");
    await call(owner, "PATCH", `/workspaces/${id}`, { name: "Renamed" });
    await call(owner, "POST", `/workspaces/${id}/webhooks/${hook.id}/test`);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await received(hook.key)).toHaveLength(1);
  });

  it("turns the endpoint off after five days of failure", async () => {
    const { owner, id, hook } = await pinged([{ status: 500 }]);
    await attempted(hook.id, 1);
    await runInDurableObject(endpointStub(hook.id), (_i, state) => {
      state.storage.sql.exec("update endpoint set failing_since = ?", Date.now() - 5 * DAY);
    });
    await timePassesForEndpoint(hook.id);
    await expect.poll(async () => (await webhook(owner, id, hook.id)).body.disabled_reason).toBe("failing");
    // Turned on again by its owner, it starts a fresh streak and delivers.
    await setReplies(hook.key, [{ status: 204 }]);
    await call(owner, "PATCH", `/workspaces/${id}/webhooks/${hook.id}`, { enabled: true });
    await timePassesForEndpoint(hook.id);
    await expect.poll(async () => (await deliveryRows(hook.id))[0]?.status).toBe("succeeded");
  });

  it("signs with both secrets for 24 hours after a rotation", async () => {
    const owner = await newUser("owner");
    const id = await createWorkspace(owner);
    const hook = await webhookTo(owner, id);
    const rotated = await call(owner, "POST", `/workspaces/${id}/webhooks/${hook.id}/rotate-secret`);
    expect(rotated.status).toBe(200);
    const fresh = rotated.body.secret as string;
    expect(fresh).toMatch(/^whsec_/);
    expect(fresh).not.toBe(hook.secret);
    expect(Date.parse(rotated.body.previous_secret_expires_at as string) - Date.now()).toBeGreaterThan(DAY - 60_000);
    await call(owner, "POST", `/workspaces/${id}/webhooks/${hook.id}/test`);
    const [request] = await waitForRequests(hook.key, 1);
    if (!request) throw new Error("no delivery");
    expect(request.headers["webhook-signature"]?.split(" ")).toHaveLength(2);
    expect(verify(fresh, request).type).toBe("ping");
    expect(verify(hook.secret, request).type).toBe("ping");
    // Past the 24 hours (the clock moved in both objects), only the new secret signs.
    await runInDurableObject(stubOf(id), (_i, state) => {
      state.storage.sql.exec("update webhook_endpoints set previous_secret_until = ?", Date.now() - 1);
    });
    await runInDurableObject(endpointStub(hook.id), (_i, state) => {
      state.storage.sql.exec("update endpoint set previous_secret_until = ?", Date.now() - 1);
    });
    await call(owner, "POST", `/workspaces/${id}/webhooks/${hook.id}/test`);
    const [, later] = await waitForRequests(hook.key, 2);
    if (!later) throw new Error("no second delivery");
    expect(later.headers["webhook-signature"]?.split(" ")).toHaveLength(1);
    expect(verify(fresh, later).type).toBe("ping");
    expect(() => verify(hook.secret, later)).toThrow();
  });

  it("sends nothing twice when the alarm runs twice, or passes overlap", async () => {
    const { hook, deliveryId } = await pinged([{ status: 204, delayMs: 300 }]);
    await runInDurableObject(endpointStub(hook.id), async (instance: WebhookEndpoint) => {
      await Promise.all([instance.alarm(), instance.alarm(), instance.deliverDue()]);
      await instance.alarm();
    });
    await timePassesForEndpoint(hook.id);
    await new Promise((resolve) => setTimeout(resolve, 500));
    const requests = await received(hook.key);
    expect(requests.map((r) => r.headers["webhook-id"])).toEqual([deliveryId]);
    expect((await deliveryRows(hook.id))[0]).toMatchObject({ status: "succeeded", attempts: 1 });
  });

  it("shows the delivery log and sends a failed delivery again on request, same id", async () => {
    const { owner, id, hook, deliveryId } = await pinged([{ status: 500 }]);
    await attempted(hook.id, 1);
    // The schedule spent: the delivery has failed.
    await runInDurableObject(endpointStub(hook.id), (_i, state) => {
      state.storage.sql.exec("update deliveries set attempts = 7");
    });
    await timePassesForEndpoint(hook.id);
    await expect.poll(async () => (await deliveryRows(hook.id))[0]?.status).toBe("failed");
    const log = await call(owner, "GET", `/workspaces/${id}/webhooks/${hook.id}/deliveries`);
    expect(log.status).toBe(200);
    expect(log.body).toEqual({
      deliveries: [
        expect.objectContaining({
          id: deliveryId,
          event_type: "ping",
          status: "failed",
          attempts: 8,
          response_status: 500,
          next_attempt_at: null,
        }),
      ],
      next_cursor: null,
    });
    await setReplies(hook.key, [{ status: 200 }]);
    const retried = await call(owner, "POST", `/workspaces/${id}/webhooks/${hook.id}/deliveries/${deliveryId}/retry`);
    expect(retried.status).toBe(202);
    await expect.poll(async () => (await deliveryRows(hook.id))[0]?.status, { timeout: 10_000 }).toBe("succeeded");
    const requests = await received(hook.key);
    expect(new Set(requests.map((r) => r.headers["webhook-id"]))).toEqual(new Set([deliveryId]));
  });
});
