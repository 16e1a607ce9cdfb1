/**
 * Synchronous reads and writes of one WebhookEndpoint object's tables (endpoint-schema.ts); the only code that
 * writes them. The object (endpoint.ts) decides when; the schedule (schedule.ts) decides what follows a failure.
 */
import { and, asc, desc, eq, lt, ne } from "drizzle-orm";
import type { DrizzleSqliteDODatabase } from "drizzle-orm/durable-sqlite";
import { decodeCursor, encodeCursor } from "../lib/cursor";
import type { AttemptOutcome } from "./attempt";
import type * as schema from "./endpoint-schema";
import { deliveries, endpoint } from "./endpoint-schema";
import type { WebhookEvent } from "./events";

export type EndpointDb = DrizzleSqliteDODatabase<typeof schema>;
export type DeliveryRow = typeof deliveries.$inferSelect;
export type EndpointRow = typeof endpoint.$inferSelect;

/** What the owner hands over with every batch: the endpoint as it stands there now (null: it was deleted). */
export interface EndpointState {
  id: string;
  /** The owning workspace; null: the platform's (decision 0037). */
  workspaceId: string | null;
  url: string;
  enabled: boolean;
  /** Sealed secrets, the current one first; a second one only while it still signs. */
  secrets: string[];
  previousSecretUntil: number | null;
}

export interface HandedOffEvent {
  messageId: string;
  event: WebhookEvent;
}

export function endpointRow(db: EndpointDb): EndpointRow | undefined {
  return db.select().from(endpoint).get();
}

/** Takes the workspace's state; the failure streak is this object's own and stays. */
export function applyState(db: EndpointDb, state: EndpointState) {
  const values = {
    workspaceId: state.workspaceId,
    url: state.url,
    enabled: state.enabled,
    secrets: JSON.stringify(state.secrets),
    previousSecretUntil: state.previousSecretUntil,
  };
  const before = endpointRow(db);
  // Turned on again by an owner: the streak starts afresh, else the next failure would disable it at once.
  const failingSince = before && !before.enabled && state.enabled ? null : (before?.failingSince ?? null);
  db.insert(endpoint)
    .values({ id: state.id, ...values, failingSince })
    .onConflictDoUpdate({ target: endpoint.id, set: { ...values, failingSince } })
    .run();
}

/** Appends events in the order handed over; one already here (a repeated hand-off) is not added twice. */
export function appendDeliveries(db: EndpointDb, events: readonly HandedOffEvent[], now: number) {
  for (const { messageId, event } of events) {
    db.insert(deliveries)
      .values({ id: messageId, eventType: event.type, body: JSON.stringify(event), createdAt: now, nextAttemptAt: now })
      .onConflictDoNothing({ target: deliveries.id })
      .run();
  }
}

/** The oldest pending delivery: the only one that may be sent (in order, one at a time). */
export function head(db: EndpointDb): DeliveryRow | undefined {
  return db.select().from(deliveries).where(eq(deliveries.status, "pending")).orderBy(asc(deliveries.seq)).get();
}

export function recordAttempt(
  db: EndpointDb,
  row: DeliveryRow,
  outcome: AttemptOutcome,
  next: { status: "succeeded" | "pending" | "failed"; nextAttemptAt: number | null },
  now: number,
) {
  db.update(deliveries)
    .set({
      status: next.status,
      attempts: row.attempts + 1,
      responseStatus: outcome.status,
      responseBody: outcome.excerpt,
      nextAttemptAt: next.nextAttemptAt,
    })
    .where(eq(deliveries.seq, row.seq))
    .run();
  const streak = outcome.succeeded ? { failingSince: null } : { failingSince: endpointRow(db)?.failingSince ?? now };
  db.update(endpoint).set(streak).run();
}

export function disable(db: EndpointDb) {
  db.update(endpoint).set({ enabled: false }).run();
}

/** Sends a delivery again now: a finished one goes back in the queue, at its place in the order. */
export function retryNow(db: EndpointDb, deliveryId: string, now: number): boolean {
  const row = db.select().from(deliveries).where(eq(deliveries.id, deliveryId)).get();
  if (!row) return false;
  db.update(deliveries).set({ status: "pending", nextAttemptAt: now }).where(eq(deliveries.seq, row.seq)).run();
  return true;
}

/** Finished deliveries older than `before` go; pending ones stay until they finish. */
export function forgetFinishedBefore(db: EndpointDb, before: number) {
  db.delete(deliveries)
    .where(and(ne(deliveries.status, "pending"), lt(deliveries.createdAt, before)))
    .run();
}

export function forgetEverything(db: EndpointDb) {
  db.delete(deliveries).run();
  db.delete(endpoint).run();
}

/** The log, newest first, paged on `seq`. */
export function deliveryPage(db: EndpointDb, query: { limit: number; cursor?: string }) {
  const cursor = decodeCursor<{ s: number }>(query.cursor, ["s"]);
  if (cursor === "invalid") return null;
  const rows = db
    .select()
    .from(deliveries)
    .where(cursor ? lt(deliveries.seq, cursor.s) : undefined)
    .orderBy(desc(deliveries.seq))
    .limit(query.limit + 1)
    .all();
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    deliveries: page.map((row) => ({
      id: row.id,
      event_type: row.eventType,
      status: row.status,
      attempts: row.attempts,
      response_status: row.responseStatus,
      response_body: row.responseBody,
      next_attempt_at: row.nextAttemptAt === null ? null : new Date(row.nextAttemptAt).toISOString(),
      created_at: new Date(row.createdAt).toISOString(),
    })),
    next_cursor: rows.length > query.limit && last ? encodeCursor({ s: last.seq }) : null,
  };
}
