/** Live tickets and the live event sequence (decision 0028): the writes and reads behind live.ts. */
import { and, asc, count, desc, eq, gt, lte } from "drizzle-orm";
import {
  type AuditFacts,
  type LiveFacts,
  liveFactsOf,
  MAX_LIVE_TICKETS_PER_USER,
  type TicketFacts,
} from "../live-rules";
import { auditEvents, liveEvents, liveTickets } from "../schema";
import type { WorkspaceDb } from "./db";

// ---- tickets

/** Stores a new ticket; first forgets expired ones and, past the per-person bound, that person's oldest. */
export function addLiveTicket(db: WorkspaceDb, ticket: TicketFacts & { tokenHash: string }, now: number) {
  db.delete(liveTickets).where(lte(liveTickets.expiresAt, now)).run();
  const held = db.select({ n: count() }).from(liveTickets).where(eq(liveTickets.userId, ticket.userId)).get()?.n ?? 0;
  if (held >= MAX_LIVE_TICKETS_PER_USER) {
    const oldest = db
      .select({ tokenHash: liveTickets.tokenHash })
      .from(liveTickets)
      .where(eq(liveTickets.userId, ticket.userId))
      .orderBy(asc(liveTickets.expiresAt))
      .limit(held - MAX_LIVE_TICKETS_PER_USER + 1)
      .all();
    for (const row of oldest) db.delete(liveTickets).where(eq(liveTickets.tokenHash, row.tokenHash)).run();
  }
  db.insert(liveTickets).values(ticket).run();
}

export function liveTicket(db: WorkspaceDb, tokenHash: string): TicketFacts | null {
  return db.select().from(liveTickets).where(eq(liveTickets.tokenHash, tokenHash)).get() ?? null;
}

export function consumeLiveTicket(db: WorkspaceDb, tokenHash: string) {
  db.delete(liveTickets).where(eq(liveTickets.tokenHash, tokenHash)).run();
}

export function forgetSessionTickets(db: WorkspaceDb, sessionId: string) {
  db.delete(liveTickets).where(eq(liveTickets.sessionId, sessionId)).run();
}

export function forgetLiveTicketsOf(db: WorkspaceDb, userId: string) {
  db.delete(liveTickets).where(eq(liveTickets.userId, userId)).run();
}

// ---- events

/** Called by `audit` for each event it appends: the ones pushed live get the next live seq, in the same transaction. */
export function recordLiveEvent(db: WorkspaceDb, audit: AuditFacts & { seq: number }) {
  if (liveFactsOf(audit) !== null) db.insert(liveEvents).values({ auditSeq: audit.seq }).run();
}

export function lastLiveSeq(db: WorkspaceDb): number {
  return db.select({ seq: liveEvents.seq }).from(liveEvents).orderBy(desc(liveEvents.seq)).limit(1).get()?.seq ?? 0;
}

/** A stored live event with what it was made from: its audit row's actor, target and details (for role updates). */
export interface StoredLiveEvent extends LiveFacts {
  seq: number;
  at: string;
  audit: AuditFacts;
}

/** The live events after `seq`, oldest first, rebuilt from the audit log (at most `limit`). */
export function liveEventsAfter(db: WorkspaceDb, seq: number, limit: number): StoredLiveEvent[] {
  const rows = db
    .select({ seq: liveEvents.seq, audit: auditEvents })
    .from(liveEvents)
    .innerJoin(auditEvents, eq(auditEvents.seq, liveEvents.auditSeq))
    .where(and(gt(liveEvents.seq, seq)))
    .orderBy(asc(liveEvents.seq))
    .limit(limit)
    .all();
  return rows.flatMap((row) => {
    const audit: AuditFacts = {
      action: row.audit.action,
      actorId: row.audit.actorId,
      target: row.audit.target,
      details: parseDetails(row.audit.details),
    };
    const facts = liveFactsOf(audit);
    return facts ? [{ ...facts, seq: row.seq, at: row.audit.at, audit }] : [];
  });
}

function parseDetails(text: string): Record<string, unknown> {
  const value: unknown = JSON.parse(text);
  return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}
