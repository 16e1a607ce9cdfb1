/** The members' expiries (expiry.ts has the rules): setting one, and what the alarm finds due. */
import { and, eq, isNotNull, isNull, lte, min } from "drizzle-orm";
import { EXPIRY_WARNING_MS, earliestWake } from "../expiry";
import { members } from "../schema";
import type { MemberRow } from "../views";
import type { WorkspaceDb } from "./db";

/** Sets or clears a member's expiry; a new expiry gets its own day-before mail, so the warning mark is cleared. */
export function setMemberExpiry(db: WorkspaceDb, userId: string, expiresAt: string | null) {
  db.update(members).set({ expiresAt, expiryWarnedAt: null }).where(eq(members.userId, userId)).run();
}

/** Members whose access ended at or before `now` (ISO), soonest first. */
export function expiredMembers(db: WorkspaceDb, now: string): MemberRow[] {
  return db
    .select()
    .from(members)
    .where(and(isNotNull(members.expiresAt), lte(members.expiresAt, now)))
    .orderBy(members.expiresAt)
    .all();
}

/** Members whose access ends within a day of `now` (ms) and who have not had the day-before mail for it. */
export function membersToWarn(db: WorkspaceDb, now: number): MemberRow[] {
  const horizon = new Date(now + EXPIRY_WARNING_MS).toISOString();
  return db
    .select()
    .from(members)
    .where(and(isNull(members.expiryWarnedAt), isNotNull(members.expiresAt), lte(members.expiresAt, horizon)))
    .all();
}

export function markExpiryWarned(db: WorkspaceDb, userId: string, at: string) {
  db.update(members).set({ expiryWarnedAt: at }).where(eq(members.userId, userId)).run();
}

/** When the alarm must next wake for expiries (ms): the next day-before mail or the next end, whichever is first. */
export function nextExpiryWakeAt(db: WorkspaceDb): number | null {
  const unwarned = db
    .select({ at: min(members.expiresAt) })
    .from(members)
    .where(isNull(members.expiryWarnedAt))
    .get()?.at;
  const warned = db
    .select({ at: min(members.expiresAt) })
    .from(members)
    .where(isNotNull(members.expiryWarnedAt))
    .get()?.at;
  return earliestWake(unwarned ? Date.parse(unwarned) - EXPIRY_WARNING_MS : null, warned ? Date.parse(warned) : null);
}
