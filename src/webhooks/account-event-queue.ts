/**
 * Queueing account events in D1's `account_event_outbox` (decision 0037): as statements for the batch of the change
 * they tell of, so the two commit together, or on their own when an Account object's outbox hands them over. An
 * event's id is unique there: a repeated hand-off adds nothing. platform-outbox.ts takes them on from there.
 */
import { type SQL, sql } from "drizzle-orm";
import type { DrizzleD1Database } from "drizzle-orm/d1";
import { markAccountEventsQueued } from "./account-event-marks";
import type { QueuedAccountEvent } from "./account-events";
import { accountEventOutbox } from "./platform-schema";

/** The statements that queue `events`, for the batch of the change they tell of. */
export function queueAccountEvents(db: DrizzleD1Database, events: readonly QueuedAccountEvent[]) {
  if (events.length > 0) markAccountEventsQueued();
  return events.map(({ id, event }) =>
    db
      .insert(accountEventOutbox)
      .values({ id, type: event.type, body: JSON.stringify(event) })
      .onConflictDoNothing({ target: accountEventOutbox.id }),
  );
}

/** Queues `events` on their own (a change made elsewhere, told by an outbox): safe to repeat. */
export async function queueAccountEventsNow(db: DrizzleD1Database, events: readonly QueuedAccountEvent[]) {
  const [first, ...rest] = queueAccountEvents(db, events);
  if (first) await db.batch([first, ...rest]);
}

/**
 * The statements that queue `events` only where `guard` holds, for a batch whose change carries the same guard:
 * put them before the change, whose write may make the guard false.
 */
export function queueAccountEventsIf(db: DrizzleD1Database, events: readonly QueuedAccountEvent[], guard: SQL) {
  return events.map((queued) => queueAccountEventIf(db, queued, guard));
}

/** `queueAccountEventsIf` for one event: a statement that can open a batch. */
export function queueAccountEventIf(db: DrizzleD1Database, { id, event }: QueuedAccountEvent, guard: SQL) {
  // Marked when the statement is made: a batch that then fails or whose guard is false costs one D1 read.
  markAccountEventsQueued();
  return db
    .insert(accountEventOutbox)
    .select(sql`select null, ${id}, ${event.type}, ${JSON.stringify(event)}, 0, 0, null where ${guard}`)
    .onConflictDoNothing({ target: accountEventOutbox.id });
}
