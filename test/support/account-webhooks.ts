/**
 * The platform's webhooks for account events in the Workers tests (decision 0037): endpoints added by an admin
 * through HTTP, the D1 tables a refused call must leave as they were, the hand-off run now (as the cron would), and
 * the deliveries about one person, each verified with the standardwebhooks package.
 */
import { env } from "cloudflare:test";
import { drizzle } from "drizzle-orm/d1";
import { expect } from "vitest";
import { handOffAccountEvents } from "../../src/webhooks/platform-outbox";
import { adminSnapshot } from "./admin";
import { type Answer, call, type User } from "./http";
import { deliveryRows, endpointTables, newReceiver, received, verify } from "./webhooks";

export interface PlatformHook {
  id: string;
  secret: string;
  key: string;
  url: string;
}

/** An admin adds an endpoint pointing at a new receiver. */
export async function platformWebhookTo(admin: User, extra: Record<string, unknown> = {}): Promise<PlatformHook> {
  const receiver = newReceiver();
  const added = await call(admin, "POST", "/admin/webhooks", { url: receiver.url, ...extra });
  expect(added.status).toBe(201);
  return { id: added.body.id as string, secret: added.body.secret as string, ...receiver };
}

async function d1(sql: string) {
  return (await env.DB.prepare(sql).all()).results;
}

/** Everything an admin webhook call could change: the endpoints, the queued events, and the admin's world. */
export async function platformWebhookSnapshot(watch: string[], endpointIds: string[] = []) {
  const objects: Record<string, unknown> = {};
  for (const id of endpointIds) objects[id] = await endpointTables(id);
  return {
    endpoints: await d1("select * from platform_webhook_endpoints order by id"),
    queued: await d1("select * from account_event_outbox order by seq"),
    objects,
    admin: await adminSnapshot(watch),
  };
}

/** Calls an admin webhook route and expects it refused with `status` and `code`, and nothing changed. */
export async function expectWebhookRefused(
  actor: User | null,
  method: string,
  path: string,
  status: number,
  code: string,
  options: { body?: unknown; endpoints?: string[] } = {},
): Promise<Answer> {
  const watch = actor ? [actor.id] : [];
  await settled(options.endpoints ?? []);
  const before = await platformWebhookSnapshot(watch, options.endpoints);
  const answer = await call(actor, method, path, options.body);
  expect(answer.status, `${method} ${path}`).toBe(status);
  expect(answer.body.code).toBe(code);
  expect(answer.body.detail).toMatch(/^[A-Z].*[.)]$/);
  expect(await platformWebhookSnapshot(watch, options.endpoints)).toEqual(before);
  return answer;
}

export const platformOutboxDeps = (database: D1Database = env.DB) => ({
  db: drizzle(database),
  webhookEndpoints: env.WEBHOOK_ENDPOINT,
});

/** The minute's cron: every queued account event is handed to the endpoints' objects now. */
export function handOffNow(deps = platformOutboxDeps()) {
  return handOffAccountEvents(deps);
}

/** Nothing queued is left waiting: the events went to the objects, and each object delivered what it holds. */
export async function settled(endpointIds: string[]) {
  await handOffNow();
  const pending = async () => {
    let count = Number((await env.DB.prepare("select count(*) as n from account_event_outbox").first())?.n);
    for (const id of endpointIds) {
      const rows = await deliveryRows(id);
      count += rows.filter((row) => row.status === "pending").length;
    }
    return count;
  };
  await expect.poll(pending, { timeout: 15_000, interval: 100 }).toBe(0);
}

export interface AccountDelivery {
  id: string;
  type: string;
  data: Record<string, unknown>;
}

/** The deliveries `hook` received about `userId`, each verified with its secret (throws on a bad signature). */
export async function deliveriesAbout(hook: PlatformHook, userId: string): Promise<AccountDelivery[]> {
  const about: AccountDelivery[] = [];
  for (const request of await received(hook.key)) {
    const event = verify(hook.secret, request);
    if (event.data.user_id === userId) {
      about.push({ id: request.headers["webhook-id"] ?? "", type: event.type, data: event.data });
    }
  }
  return about;
}

/** Waits until `hook` has received `types` about `userId` (in that order, each once) and answers them. */
export async function expectDelivered(hook: PlatformHook, userId: string, types: string[]) {
  await handOffNow();
  await expect
    .poll(async () => (await deliveriesAbout(hook, userId)).map((d) => d.type), { timeout: 15_000, interval: 100 })
    .toEqual(types);
  // Nothing more comes once everything queued has gone: each event arrived once.
  await settled([hook.id]);
  const delivered = await deliveriesAbout(hook, userId);
  expect(delivered.map((d) => d.type)).toEqual(types);
  return delivered;
}
