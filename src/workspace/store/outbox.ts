/**
 * The outbox table: index entries and mail queued in the same transaction as the change that caused them, and the
 * bookkeeping of their delivery (delivery.ts). Rules of backoff and payload shapes are in ../outbox.ts.
 */
import { and, asc, eq, lte, min, ne } from "drizzle-orm";
import { jsonNamesPerson } from "../../lib/person-match";
import type { ForgottenPerson } from "../forget";
import type { IndexKey, MailOutboxMessage } from "../outbox";
import { invitations, outbox } from "../schema";
import type { WorkspaceDb } from "./db";

export type OutboxRow = typeof outbox.$inferSelect;

/** Queues a D1 index entry to be written as it stands when delivered. */
export function queueIndex(db: WorkspaceDb, key: IndexKey, at: string) {
  db.insert(outbox)
    .values({ kind: key.kind, payload: JSON.stringify(key), createdAt: at })
    .run();
}

/** Queues a mail; `invitationId` names the invitation whose `delivery` it reports to. */
export function queueMail(db: WorkspaceDb, message: MailOutboxMessage, at: string, invitationId: string | null = null) {
  db.insert(outbox)
    .values({ kind: message.kind, payload: JSON.stringify(message), createdAt: at, invitationId })
    .run();
}

/** Rows whose next attempt is due at `now`, oldest first; none of `exceptKind` when it is given. */
export function dueOutboxRows(db: WorkspaceDb, now: number, limit: number, exceptKind?: string): OutboxRow[] {
  const due = and(lte(outbox.nextAttemptAt, now), exceptKind === undefined ? undefined : ne(outbox.kind, exceptKind));
  return db.select().from(outbox).where(due).orderBy(asc(outbox.seq)).limit(limit).all();
}

/** When the next queued row is due, or null if nothing is queued. */
export function nextOutboxAttemptAt(db: WorkspaceDb): number | null {
  return (
    db
      .select({ at: min(outbox.nextAttemptAt) })
      .from(outbox)
      .get()?.at ?? null
  );
}

/**
 * Ends a row: delivered, or given up. The row goes, and with it any link it carried; an invitation's mail
 * reports the outcome on the invitation. A row already gone (its invitation resent or revoked meanwhile)
 * reports nothing: a newer mail speaks for that invitation.
 */
export function finishOutboxRow(db: WorkspaceDb, row: OutboxRow, outcome: "sent" | "failed") {
  const stillQueued = db.select({ seq: outbox.seq }).from(outbox).where(eq(outbox.seq, row.seq)).get();
  if (!stillQueued) return;
  db.delete(outbox).where(eq(outbox.seq, row.seq)).run();
  if (row.invitationId) {
    db.update(invitations).set({ delivery: outcome }).where(eq(invitations.id, row.invitationId)).run();
  }
}

export function retryOutboxRowLater(
  db: WorkspaceDb,
  row: OutboxRow,
  attempts: number,
  nextAttemptAt: number,
  error: string,
) {
  db.update(outbox)
    .set({ attempts, nextAttemptAt, lastError: error.slice(0, 500) })
    .where(eq(outbox.seq, row.seq))
    .run();
}

/** The queued rows that name the person (index entries of their membership, mail to them), oldest first. */
export function outboxRowsNaming(db: WorkspaceDb, person: Pick<ForgottenPerson, "userId" | "emails">): OutboxRow[] {
  return db.select().from(outbox).where(jsonNamesPerson(outbox.payload, person)).orderBy(asc(outbox.seq)).all();
}
