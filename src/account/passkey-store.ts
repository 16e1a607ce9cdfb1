/**
 * The only writer of an Account object's passkey tables (`passkeys`, `passkey_challenges`, `passkey_index_outbox`,
 * and the `password_removed_at` key): synchronous reads and writes; the decisions are in passkey-state.ts.
 */
import { and, asc, eq, lte } from "drizzle-orm";
import type { DrizzleSqliteDODatabase } from "drizzle-orm/durable-sqlite";
import { passkeyChallenges, passkeyIndexOutbox, passkeys } from "./schema";

export type PasskeyRow = typeof passkeys.$inferSelect;
export type PasskeyOutboxRow = typeof passkeyIndexOutbox.$inferSelect;
type Database = DrizzleSqliteDODatabase<Record<string, unknown>>;

/** When this object last allowed removing the password (passkey-rules.ts `passwordCounts`). */
const PASSWORD_REMOVED_AT_KEY = "password_removed_at";

export class PasskeyStore {
  constructor(
    private readonly db: Database,
    private readonly kv: SyncKvStorage,
  ) {}

  all(): PasskeyRow[] {
    return this.db.select().from(passkeys).orderBy(asc(passkeys.createdAt), asc(passkeys.id)).all();
  }

  byId(id: string): PasskeyRow | undefined {
    return this.db.select().from(passkeys).where(eq(passkeys.id, id)).get();
  }

  byCredentialId(credentialId: string): PasskeyRow | undefined {
    return this.db.select().from(passkeys).where(eq(passkeys.credentialId, credentialId)).get();
  }

  insert(row: PasskeyRow): void {
    this.db.insert(passkeys).values(row).run();
  }

  update(id: string, change: Partial<Pick<PasskeyRow, "name" | "counter" | "backedUp" | "lastUsedAt">>): void {
    this.db.update(passkeys).set(change).where(eq(passkeys.id, id)).run();
  }

  delete(id: string): void {
    this.db.delete(passkeys).where(eq(passkeys.id, id)).run();
  }

  putChallenge(sessionId: string, challenge: string, expiresAt: string): void {
    this.db
      .insert(passkeyChallenges)
      .values({ sessionId, challenge, expiresAt })
      .onConflictDoUpdate({ target: passkeyChallenges.sessionId, set: { challenge, expiresAt } })
      .run();
  }

  /** Reads and deletes the session's challenge in one statement: it is answered once, right or wrong. */
  takeChallenge(sessionId: string): { challenge: string; expiresAt: string } | undefined {
    return this.db
      .delete(passkeyChallenges)
      .where(eq(passkeyChallenges.sessionId, sessionId))
      .returning({ challenge: passkeyChallenges.challenge, expiresAt: passkeyChallenges.expiresAt })
      .get();
  }

  deleteChallengesExpiredBy(at: string): void {
    this.db.delete(passkeyChallenges).where(lte(passkeyChallenges.expiresAt, at)).run();
  }

  /** Queues the D1 map row of `credentialId` for delivery now (again, if it was waiting). */
  queueIndex(credentialId: string, nowMs: number): void {
    this.db
      .insert(passkeyIndexOutbox)
      .values({ credentialId, attempts: 0, nextAttemptAt: nowMs })
      .onConflictDoUpdate({ target: passkeyIndexOutbox.credentialId, set: { attempts: 0, nextAttemptAt: nowMs } })
      .run();
  }

  dueIndexRows(nowMs: number): PasskeyOutboxRow[] {
    return this.db.select().from(passkeyIndexOutbox).where(lte(passkeyIndexOutbox.nextAttemptAt, nowMs)).all();
  }

  nextIndexAttemptAt(): number | undefined {
    return this.db
      .select({ at: passkeyIndexOutbox.nextAttemptAt })
      .from(passkeyIndexOutbox)
      .orderBy(asc(passkeyIndexOutbox.nextAttemptAt))
      .get()?.at;
  }

  /** Removes a delivered row, unless it was queued again meanwhile (then that newer state is delivered next). */
  deliveredIndex(row: PasskeyOutboxRow): void {
    this.db
      .delete(passkeyIndexOutbox)
      .where(
        and(
          eq(passkeyIndexOutbox.credentialId, row.credentialId),
          eq(passkeyIndexOutbox.nextAttemptAt, row.nextAttemptAt),
          eq(passkeyIndexOutbox.attempts, row.attempts),
        ),
      )
      .run();
  }

  failedIndex(credentialId: string, attempts: number, nextAttemptAt: number): void {
    this.db
      .update(passkeyIndexOutbox)
      .set({ attempts, nextAttemptAt })
      .where(eq(passkeyIndexOutbox.credentialId, credentialId))
      .run();
  }

  passwordRemovedAt(): string | null {
    return this.kv.get<string>(PASSWORD_REMOVED_AT_KEY) ?? null;
  }

  notePasswordRemoved(at: string): void {
    this.kv.put(PASSWORD_REMOVED_AT_KEY, at);
  }
}
