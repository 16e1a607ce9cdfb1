/** The workspace's audit log: appending chained events, paging them, verifying the chain, and what names a person. */
import { and, asc, desc, eq, inArray, lt, or } from "drizzle-orm";
import {
  type ChainedAuditEvent,
  chainAuditEvent,
  GENESIS_HASH,
  type JsonValue,
  storedAuditEvent,
  verifyAuditChain as verifyChain,
} from "../../lib/audit-chain";
import { inGroups } from "../../lib/audit-people";
import { decodeCursor, encodeCursor } from "../../lib/cursor";
import { newId } from "../../lib/ids";
import { fail, ok } from "../../lib/result";
import type { WorkspaceAuditAction } from "../audit-actions";
import { auditEventPeople, type WorkspaceKnowledge } from "../audit-people";
import { auditEvents, invitations, members } from "../schema";
import { type AuditRow, auditEventView } from "../views";
import type { WorkspaceDb } from "./db";
import { recordLiveEvent } from "./live";
import { auditStartHash } from "./retention";
import { queueWorkspaceEvent } from "./webhooks";

export interface AuditFilter {
  actor?: string;
  subject?: string;
  action?: WorkspaceAuditAction;
}

/** The audit log, newest first, paged on its sequence, narrowed by `filter`; each event with its people. */
export function auditPage(db: WorkspaceDb, query: { limit: number; cursor?: string } & AuditFilter) {
  const cursor = decodeCursor<{ s: number }>(query.cursor, ["s"]);
  if (cursor === "invalid") return fail("validation_failed", "The cursor is not valid.");
  const rows = db
    .select()
    .from(auditEvents)
    .where(
      and(
        cursor ? lt(auditEvents.seq, cursor.s) : undefined,
        query.actor ? eq(auditEvents.actorId, query.actor) : undefined,
        query.subject ? eq(auditEvents.target, query.subject) : undefined,
        query.action ? eq(auditEvents.action, query.action) : undefined,
      ),
    )
    .orderBy(desc(auditEvents.seq))
    .limit(query.limit + 1)
    .all();
  const page = rows.slice(0, query.limit).map(auditEventView);
  const known = knowledgeFor(db, page);
  const last = rows[query.limit - 1];
  return ok({
    events: page.map((event) => ({ ...event, ...auditEventPeople(event, known) })),
    next_cursor: rows.length > query.limit && last ? encodeCursor({ s: last.seq }) : null,
  });
}

/** The member rows and invitation addresses a page's events point at (read now: names as they are today). */
function knowledgeFor(
  db: WorkspaceDb,
  events: { actor_id: string | null; target: string | null }[],
): WorkspaceKnowledge {
  const ids = [...new Set(events.flatMap((event) => [event.actor_id, event.target]).filter((id) => id !== null))];
  if (ids.length === 0) return { members: new Map(), invitationEmails: new Map() };
  const groups = inGroups(ids);
  const memberRows = groups.flatMap((group) => db.select().from(members).where(inArray(members.userId, group)).all());
  const invitationRows = groups.flatMap((group) =>
    db
      .select({ id: invitations.id, email: invitations.email })
      .from(invitations)
      .where(inArray(invitations.id, group))
      .all(),
  );
  return {
    members: new Map(memberRows.map((row) => [row.userId, row])),
    invitationEmails: new Map(invitationRows.map((row) => [row.id, row.email])),
  };
}

/** What `auditPage` answers, named for the route (the RPC stub's inferred type is too deep to carry it). */
export type WorkspaceAuditPage = Extract<ReturnType<typeof auditPage>, { ok: true }>["value"];

/** Verifies from the retention cut's hash when the log was cut (retention.ts). */
export function verifyAuditChain(db: WorkspaceDb) {
  return verifyChain(auditChain(db), auditStartHash(db));
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

/**
 * Appends an event chained to the previous one's hash; one that is pushed live also gets its live seq (live.ts), and
 * each webhook endpoint that wants it an outbox row.
 */
export function audit(
  db: WorkspaceDb,
  actorId: string,
  action: WorkspaceAuditAction,
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
  const inserted = db
    .insert(auditEvents)
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
    .returning({ seq: auditEvents.seq })
    .get();
  const facts = typeof details === "object" && details !== null && !Array.isArray(details) ? details : {};
  recordLiveEvent(db, { seq: inserted.seq, action, actorId, target, details: facts });
  // Every audited change is a webhook event, queued with the change it reports (decision 0035).
  queueWorkspaceEvent(db, event.id, { at, actorId, action, target, details: facts });
}
