/** The workspace's audit log: appending chained events, paging them, verifying the chain, and what names a person. */
import { asc, desc, eq, lt, or } from "drizzle-orm";
import {
  type ChainedAuditEvent,
  chainAuditEvent,
  GENESIS_HASH,
  type JsonValue,
  storedAuditEvent,
  verifyAuditChain as verifyChain,
} from "../../lib/audit-chain";
import { decodeCursor, encodeCursor } from "../../lib/cursor";
import { newId } from "../../lib/ids";
import { fail, ok } from "../../lib/result";
import { auditEvents } from "../schema";
import { type AuditRow, auditEventView } from "../views";
import type { WorkspaceDb } from "./db";

/** The audit log, newest first, paged on its sequence. */
export function auditPage(db: WorkspaceDb, query: { limit: number; cursor?: string }) {
  const cursor = decodeCursor<{ s: number }>(query.cursor, ["s"]);
  if (cursor === "invalid") return fail("validation_failed", "The cursor is not valid.");
  const rows = db
    .select()
    .from(auditEvents)
    .where(cursor ? lt(auditEvents.seq, cursor.s) : undefined)
    .orderBy(desc(auditEvents.seq))
    .limit(query.limit + 1)
    .all();
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return ok({
    events: page.map(auditEventView),
    next_cursor: rows.length > query.limit && last ? encodeCursor({ s: last.seq }) : null,
  });
}

export function verifyAuditChain(db: WorkspaceDb) {
  return verifyChain(auditChain(db));
}

/** The whole audit log, oldest first, as the chain functions read it. */
export function auditChain(db: WorkspaceDb): ChainedAuditEvent[] {
  const rows = db.select().from(auditEvents).orderBy(asc(auditEvents.seq)).all();
  return rows.map(storedAuditEvent);
}

/** Audit events whose actor or target is `userId`, in the log's order. */
export function auditEventsNaming(db: WorkspaceDb, userId: string): AuditRow[] {
  return db
    .select()
    .from(auditEvents)
    .where(or(eq(auditEvents.actorId, userId), eq(auditEvents.target, userId)))
    .orderBy(asc(auditEvents.seq))
    .all();
}

/** Appends an event chained to the previous one's hash. */
export function audit(
  db: WorkspaceDb,
  actorId: string,
  action: string,
  target: string | null,
  details: JsonValue,
  at: string,
) {
  const last = db.select({ hash: auditEvents.hash }).from(auditEvents).orderBy(desc(auditEvents.seq)).limit(1).get();
  const event = chainAuditEvent(last?.hash ?? GENESIS_HASH, {
    id: newId("evt"),
    at,
    actor_id: actorId,
    action,
    target,
    details,
  });
  db.insert(auditEvents)
    .values({
      id: event.id,
      at: event.at,
      actorId,
      action: event.action,
      target: event.target,
      details: JSON.stringify(event.details),
      prevHash: event.prev_hash,
      hash: event.hash,
    })
    .run();
}
