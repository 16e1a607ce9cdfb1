/**
 * Account events that start in the Account object (decision 0037): today `session.revoked`, one per session ended.
 * Queued as `webhook:<event id>` rows of the object's outbox in the transaction that ends the sessions; delivering
 * a row puts its event in D1's account_event_outbox (insert-or-ignore on the id, so a repeat adds nothing), from
 * where webhooks/platform-outbox.ts hands it to the platform's endpoints.
 */
import type { DrizzleD1Database } from "drizzle-orm/d1";
import type { DrizzleSqliteDODatabase } from "drizzle-orm/durable-sqlite";
import { queueAccountEventsNow } from "../webhooks/account-event-queue";
import type { QueuedAccountEvent } from "../webhooks/account-events";
import { accountEvent } from "../webhooks/account-events";
import type { WebhookEvent } from "../webhooks/events";
import { outbox } from "./schema";

const KEY_PREFIX = "webhook:";

export const isWebhookRow = (key: string) => key.startsWith(KEY_PREFIX);

/** Inside the change's transaction: one outbox row per event. */
export function queueWebhookEvents(
  db: DrizzleSqliteDODatabase<Record<string, unknown>>,
  events: readonly QueuedAccountEvent[],
) {
  for (const { id, event } of events) {
    db.insert(outbox)
      .values({ key: `${KEY_PREFIX}${id}`, payload: JSON.stringify(event) })
      .onConflictDoNothing({ target: outbox.key })
      .run();
  }
}

/** The `session.revoked` events of sessions just ended. */
export function sessionsRevokedEvents(userId: string, sessionIds: readonly string[], reason: string, at: string) {
  return sessionIds.map((sessionId) =>
    accountEvent("session.revoked", at, { user_id: userId, session_id: sessionId, reason }),
  );
}

/** Delivers one `webhook:` row: its event into D1's account_event_outbox. Throws when D1 could not take it. */
export async function handToPlatformOutbox(db: DrizzleD1Database, row: { key: string; payload: string | null }) {
  if (row.payload === null) return;
  const event = JSON.parse(row.payload) as WebhookEvent;
  await queueAccountEventsNow(db, [{ id: row.key.slice(KEY_PREFIX.length), event }]);
}
