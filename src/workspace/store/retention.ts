/**
 * The workspace's retention (decision 0034), run by its own object when the hourly maintenance wakes it: closed
 * invitations and share links past the period, and, when the owner chose a period, the audit log's oldest events
 * with the cut recorded so the chain verifies from it. Synchronous, inside one transaction of the object.
 */
import { and, desc, eq, inArray, lt, lte, max, ne, or, sql } from "drizzle-orm";
import { GENESIS_HASH } from "../../lib/audit-chain";
import { auditCut, auditEvents, invitations, liveEvents, retiredInvitationLinks, shareLinks } from "../schema";
import type { WorkspaceDb } from "./db";
import { policyOf } from "./policy";

/**
 * Invitations closed before `cutoff`: accepted, declined, revoked or replaced then (`resolved_at`), or still pending
 * but expired then; with the hashes of their retired links. Share links revoked or expired before it (a used-up link
 * still expires within 30 days). Returns the rows removed.
 */
export function removeClosedInvitationsAndLinks(db: WorkspaceDb, cutoff: string): number {
  const closed = or(
    and(eq(invitations.status, "pending"), lt(invitations.expiresAt, cutoff)),
    and(
      ne(invitations.status, "pending"),
      lt(sql`coalesce(${invitations.resolvedAt}, ${invitations.createdAt})`, cutoff),
    ),
  );
  const gone = db.delete(invitations).where(closed).returning({ id: invitations.id }).all();
  const ids = gone.map((row) => row.id);
  let retired = 0;
  for (let i = 0; i < ids.length; i += 50) {
    retired += db
      .delete(retiredInvitationLinks)
      .where(inArray(retiredInvitationLinks.invitationId, ids.slice(i, i + 50)))
      .returning({ hash: retiredInvitationLinks.tokenHash })
      .all().length;
  }
  const links = db
    .delete(shareLinks)
    .where(or(lt(shareLinks.revokedAt, cutoff), lt(shareLinks.expiresAt, cutoff)))
    .returning({ id: shareLinks.id })
    .all();
  return gone.length + retired + links.length;
}

/** The hash the audit log starts from: the recorded cut's, or genesis for a log never cut. */
export function auditStartHash(db: WorkspaceDb): string {
  return db.select({ hash: auditCut.hash }).from(auditCut).get()?.hash ?? GENESIS_HASH;
}

/**
 * When the owner chose a period: the events before `cutoff` go, all but the newest (the next event links to it),
 * and the newest removed is recorded as the cut. Their live-replay rows go too, so a client asking for them is told
 * to resync. Returns the events removed; run again, it finds nothing.
 */
export function cutAuditLog(db: WorkspaceDb, now: Date, cutoffOf: (days: number) => string): number {
  const days = policyOf(db).auditRetentionDays;
  if (days === null) return 0;
  const head = db
    .select({ seq: max(auditEvents.seq) })
    .from(auditEvents)
    .get()?.seq;
  if (head === null || head === undefined) return 0;
  const last = db
    .select({ seq: auditEvents.seq, hash: auditEvents.hash })
    .from(auditEvents)
    .where(and(lt(auditEvents.at, cutoffOf(days)), lt(auditEvents.seq, head)))
    .orderBy(desc(auditEvents.seq))
    .limit(1)
    .get();
  if (!last) return 0;
  const removed = db
    .delete(auditEvents)
    .where(lte(auditEvents.seq, last.seq))
    .returning({ seq: auditEvents.seq })
    .all();
  db.delete(liveEvents).where(lte(liveEvents.auditSeq, last.seq)).run();
  const cut = { seq: last.seq, hash: last.hash, at: now.toISOString() };
  db.insert(auditCut)
    .values({ id: 1, ...cut })
    .onConflictDoUpdate({ target: auditCut.id, set: cut })
    .run();
  return removed.length;
}
