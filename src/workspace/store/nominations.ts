/** The one ownership nomination row: who is nominated, by whom, since when. */
import { eq, or } from "drizzle-orm";
import { isNominationPending } from "../nominations";
import { ownershipNomination } from "../schema";
import type { WorkspaceDb } from "./db";

export type NominationRow = typeof ownershipNomination.$inferSelect;

/** The ownership nomination, if one is pending (made and not yet lapsed). */
export function pendingNomination(db: WorkspaceDb, now: Date): NominationRow | undefined {
  const row = db.select().from(ownershipNomination).get();
  return row && isNominationPending(row.nominatedAt, now) ? row : undefined;
}

/** The ownership nomination, lapsed or not, if `userId` is its nominee or its nominator. */
export function nominationNaming(db: WorkspaceDb, userId: string): NominationRow | undefined {
  return db
    .select()
    .from(ownershipNomination)
    .where(or(eq(ownershipNomination.nomineeId, userId), eq(ownershipNomination.nominatedBy, userId)))
    .get();
}

/** The one nomination: a new one replaces any other. */
export function nominate(db: WorkspaceDb, nomineeId: string, nominatedBy: string, at: string) {
  clearNomination(db);
  db.insert(ownershipNomination).values({ nomineeId, nominatedBy, nominatedAt: at }).run();
}

export function clearNomination(db: WorkspaceDb) {
  db.delete(ownershipNomination).run();
}
