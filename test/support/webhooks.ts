/**
 * Webhooks in the Workers tests: endpoints added through HTTP, the receiver every delivery reaches
 * (webhook-receiver-worker.js, scripted per key), each delivery verified with the `standardwebhooks` package, and
 * the endpoint's object (its tables, its clock).
 */
import { env, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { Webhook } from "standardwebhooks";
import { expect } from "vitest";
import { type Answer, call, type User } from "./http";
import { tablesOf } from "./object-tables";

export interface Reply {
  status: number;
  headers?: Record<string, string>;
  body?: string;
  delayMs?: number;
}

export interface Received {
  headers: Record<string, string>;
  body: string;
  at: number;
}

let receivers = 0;

/** A fresh receiver address; what reaches it is kept apart from every other's. */
export function newReceiver(): { key: string; url: string } {
  receivers++;
  const key = `r${receivers}-${crypto.randomUUID()}`;
  return { key, url: `https://hooks.example.com/${key}` };
}

/** How the receiver answers from now on: in turn, the last reply repeated. */
export async function setReplies(key: string, replies: Reply[]) {
  await env.WEBHOOK_RECEIVER.fetch(`http://control/${key}/replies`, { method: "PUT", body: JSON.stringify(replies) });
}

export async function received(key: string): Promise<Received[]> {
  return (await env.WEBHOOK_RECEIVER.fetch(`http://control/${key}/received`)).json();
}

/** Waits until `count` requests have reached the receiver, and answers them. */
export async function waitForRequests(key: string, count: number, timeout = 15_000): Promise<Received[]> {
  await expect.poll(async () => (await received(key)).length, { timeout, interval: 50 }).toBeGreaterThanOrEqual(count);
  return received(key);
}

/** Verifies a request as a receiver would, with the standardwebhooks package; throws if the signature is wrong. */
export function verify(
  secret: string,
  request: Received,
): { type: string; timestamp: string; data: Record<string, unknown> } {
  return new Webhook(secret).verify(request.body, request.headers) as never;
}

export async function addWebhook(owner: User, workspaceId: string, body: Record<string, unknown>): Promise<Answer> {
  return call(owner, "POST", `/workspaces/${workspaceId}/webhooks`, body);
}

/** Adds an endpoint pointing at a new receiver; answers its id, secret and receiver key. */
export async function webhookTo(owner: User, workspaceId: string, extra: Record<string, unknown> = {}) {
  const receiver = newReceiver();
  const added = await addWebhook(owner, workspaceId, { url: receiver.url, ...extra });
  expect(added.status).toBe(201);
  return { id: added.body.id as string, secret: added.body.secret as string, ...receiver };
}

export function endpointStub(endpointId: string) {
  return env.WEBHOOK_ENDPOINT.get(env.WEBHOOK_ENDPOINT.idFromName(endpointId));
}

export function endpointTables(endpointId: string) {
  return runInDurableObject(endpointStub(endpointId), (_instance, state) => tablesOf(state.storage.sql));
}

export interface DeliveryRowView {
  id: string;
  event_type: string;
  status: string;
  attempts: number;
  response_status: number | null;
  next_attempt_at: number | null;
  created_at: number;
}

export function deliveryRows(endpointId: string): Promise<DeliveryRowView[]> {
  return runInDurableObject(endpointStub(endpointId), (_instance, state) =>
    state.storage.sql.exec<Record<string, SqlStorageValue>>("select * from deliveries order by seq").toArray(),
  ) as unknown as Promise<DeliveryRowView[]>;
}

/**
 * The clock, as the endpoint sees it: the waiting delivery's next attempt is moved to now, and the alarm runs.
 * Answers the wait that had been scheduled (ms from the moment it was set), for checking the schedule.
 */
export async function timePassesForEndpoint(endpointId: string) {
  const waited = await runInDurableObject(endpointStub(endpointId), async (_instance, state) => {
    const head = state.storage.sql
      .exec<{ next_attempt_at: number }>(
        "select next_attempt_at from deliveries where status = 'pending' order by seq limit 1",
      )
      .toArray()[0];
    state.storage.sql.exec("update deliveries set next_attempt_at = ? where status = 'pending'", Date.now());
    await state.storage.setAlarm(Date.now());
    return head?.next_attempt_at ?? null;
  });
  await runDurableObjectAlarm(endpointStub(endpointId));
  return waited;
}
