/**
 * The platform audit log's retention (decision 0034): events older than the period are removed from the oldest, and
 * the newest removed event is recorded as the cut, in the same D1 batch, so the log verifies from the cut's hash.
 * The newest event is never removed: the next action links to it, so the chain never restarts from genesis.
 */
import { desc, lt, max, sql } from "drizzle-orm";
import type { DrizzleD1Database } from "drizzle-orm/d1";
import { GENESIS_HASH } from "../lib/audit-chain";
import { adminAuditCut, adminAuditEvents } from "./audit-schema";

/** The hash the log starts from: the recorded cut's, or genesis for a log never cut. */
export async function adminAuditStartHash(db: DrizzleD1Database): Promise<string> {
  const [cut] = await db.select({ hash: adminAuditCut.hash }).from(adminAuditCut).limit(1);
  return cut?.hash ?? GENESIS_HASH;
}

/**
 * Removes the events before `cutoff` (all but the newest event) and records the cut. Idempotent, and two runs at
 * once agree: each deletes up to its own cut and the cut row only moves forward.
 */
export async function cutAdminAudit(db: DrizzleD1Database, cutoff: string, now: string): Promise<number> {
  const [head] = await db.select({ seq: max(adminAuditEvents.seq) }).from(adminAuditEvents);
  if (head?.seq === null || head?.seq === undefined) return 0;
  const [last] = await db
    .select({ seq: adminAuditEvents.seq, hash: adminAuditEvents.hash })
    .from(adminAuditEvents)
    .where(sql`${adminAuditEvents.at} < ${cutoff} and ${adminAuditEvents.seq} < ${head.seq}`)
    .orderBy(desc(adminAuditEvents.seq))
    .limit(1);
  if (!last) return 0;
  const [removed] = await db.batch([
    db.delete(adminAuditEvents).where(lt(adminAuditEvents.seq, last.seq + 1)),
    db
      .insert(adminAuditCut)
      .values({ id: 1, seq: last.seq, hash: last.hash, at: now })
      .onConflictDoUpdate({
        target: adminAuditCut.id,
        set: { seq: last.seq, hash: last.hash, at: now },
        setWhere: sql`${adminAuditCut.seq} < ${last.seq}`,
      }),
  ]);
  return removed.meta.changes;
}
