/**
 * The platform audit log in D1 (admin/audit-schema.ts): every admin action, hash-chained with the workspaces'
 * chain functions (lib/audit-chain.ts). An action and its event are written in one D1 batch (one transaction),
 * each statement behind the same guard, so either both land or neither does. The event links to the newest hash
 * read just before; `prev_hash` is unique, so of two actions racing for the same link one fails whole and tries
 * again on the new head.
 */
import { and, desc, eq, type SQL, sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import type { DrizzleD1Database } from "drizzle-orm/d1";
import {
  type AuditChainVerdict,
  type ChainedAuditEvent,
  chainAuditEvent,
  GENESIS_HASH,
  type JsonValue,
  storedAuditEvent,
  verifyAuditChain,
} from "../lib/audit-chain";
import { type ForgottenPerson, redactAuditChain } from "../lib/audit-redaction";
import { decodeCursor, encodeCursor } from "../lib/cursor";
import { newId } from "../lib/ids";
import type { AdminAuditAction } from "./audit-actions";
import { adminAuditStartHash } from "./audit-retention";
import { adminAuditEvents } from "./audit-schema";

export interface AdminAction {
  actorId: string | null;
  action: AdminAuditAction;
  target: string | null;
  details: JsonValue;
}

/** Tries before giving up on a chain head that keeps moving; each try re-reads it. */
const APPEND_ATTEMPTS = 5;

/** Why `recordAdminAction` did not record: the guard no longer held, or other actions kept taking the head. */
export type RecordOutcome = "recorded" | "guard_failed" | "contended";

async function latestHash(db: DrizzleD1Database): Promise<string> {
  const [row] = await db
    .select({ hash: adminAuditEvents.hash })
    .from(adminAuditEvents)
    .orderBy(desc(adminAuditEvents.seq))
    .limit(1);
  return row?.hash ?? GENESIS_HASH;
}

/** `insert … select … where guard`: the event only if the guard holds (every column in the table's order; seq is assigned). */
function insertEventIf(db: DrizzleD1Database, event: ChainedAuditEvent, guard: SQL) {
  return db
    .insert(adminAuditEvents)
    .select(
      sql`select null, ${event.id}, ${event.at}, ${event.actor_id}, ${event.action}, ${event.target},
        ${JSON.stringify(event.details)}, ${event.prev_hash}, ${event.hash} where ${guard}`,
    )
    .returning({ seq: adminAuditEvents.seq });
}

const isChainRace = (error: unknown) =>
  /UNIQUE constraint failed: admin_audit_events\.prev_hash/.test(String((error as Error)?.cause ?? error));

/**
 * Records `action` and runs `change` with it in one transaction, if `guard` holds (the event is inserted first,
 * so the guard is read before the change). `change` statements must carry the same guard.
 */
export async function recordAdminAction(
  db: DrizzleD1Database,
  action: AdminAction,
  guard: SQL = sql`1`,
  change: BatchItem<"sqlite">[] = [],
): Promise<RecordOutcome> {
  for (let attempt = 0; attempt < APPEND_ATTEMPTS; attempt++) {
    const event = chainAuditEvent(await latestHash(db), {
      id: newId("aud"),
      at: new Date().toISOString(),
      actor_id: action.actorId,
      action: action.action,
      target: action.target,
      details: action.details,
    });
    try {
      const [inserted] = await db.batch([insertEventIf(db, event, guard), ...change]);
      return inserted.length > 0 ? "recorded" : "guard_failed";
    } catch (error) {
      if (!isChainRace(error)) throw error;
    }
  }
  return "contended";
}

/** A page of the log, newest first, narrowed by the filters; "invalid" for a cursor that is not ours. */
export async function adminAuditPage(
  db: DrizzleD1Database,
  query: { limit: number; cursor?: string; actor?: string; subject?: string; action?: AdminAuditAction },
) {
  const cursor = decodeCursor<{ s: number }>(query.cursor, ["s"]);
  if (cursor === "invalid") return "invalid" as const;
  const rows = await db
    .select()
    .from(adminAuditEvents)
    .where(
      and(
        cursor ? sql`${adminAuditEvents.seq} < ${cursor.s}` : undefined,
        query.actor ? eq(adminAuditEvents.actorId, query.actor) : undefined,
        query.subject ? eq(adminAuditEvents.target, query.subject) : undefined,
        query.action ? eq(adminAuditEvents.action, query.action) : undefined,
      ),
    )
    .orderBy(desc(adminAuditEvents.seq))
    .limit(query.limit + 1);
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return {
    events: page.map(storedAuditEvent),
    next_cursor: rows.length > query.limit && last ? encodeCursor({ s: last.seq }) : null,
  };
}

/** Walks the whole chain, oldest first, from the retention cut's hash when it was cut (audit-retention.ts). */
export async function verifyAdminAudit(db: DrizzleD1Database): Promise<AuditChainVerdict> {
  const start = await adminAuditStartHash(db);
  const rows = await db.select().from(adminAuditEvents).orderBy(adminAuditEvents.seq);
  return verifyAuditChain(rows.map(storedAuditEvent), start);
}

/**
 * The purge of a person (account/purge.ts): every event that names them is rewritten with the pseudonym and the
 * chain re-linked from the first change (the same redaction as the workspaces' logs, lib/audit-redaction.ts), and
 * the redaction itself is recorded. Idempotent: a log that no longer names them is left alone.
 *
 * An admin action appended between the read and the rewrite would link to the old head and fail verification:
 * a false alarm, not a loss, and rare (a purge rewrites in one batch within milliseconds); decision 0014.
 */
export async function redactAdminAudit(db: DrizzleD1Database, person: ForgottenPerson): Promise<void> {
  const start = await adminAuditStartHash(db);
  const rows = await db.select().from(adminAuditEvents).orderBy(adminAuditEvents.seq);
  const redaction = redactAuditChain(rows.map(storedAuditEvent), person, start);
  if (redaction.changed === 0) return;
  const updates = redaction.events
    .filter((event, i) => event.hash !== rows[i]?.hash)
    .map((event) =>
      db
        .update(adminAuditEvents)
        .set({
          actorId: event.actor_id,
          target: event.target,
          details: JSON.stringify(event.details),
          prevHash: event.prev_hash,
          hash: event.hash,
        })
        .where(eq(adminAuditEvents.id, event.id)),
    );
  const record = chainAuditEvent(redaction.events.at(-1)?.hash ?? start, {
    id: newId("aud"),
    at: new Date().toISOString(),
    actor_id: null,
    action: "user_purged",
    target: person.pseudonym,
    details: { events_redacted: redaction.changed, head_before: redaction.headBefore },
  });
  // One batch, one transaction: the log is never seen half rewritten.
  await db.batch([insertEventIf(db, record, sql`1`), ...updates]);
}
