/** The only writer of an Account object's tables: synchronous reads and writes over its SQLite database. */
import { and, desc, eq, isNull, ne } from "drizzle-orm";
import type { DrizzleSqliteDODatabase } from "drizzle-orm/durable-sqlite";
import { account, sessions } from "./schema";

export type SessionRow = typeof sessions.$inferSelect;
export type AccountRow = typeof account.$inferSelect;
type Database = DrizzleSqliteDODatabase<Record<string, unknown>>;

export class AccountStore {
  constructor(private readonly db: Database) {}

  account(): AccountRow | undefined {
    return this.db.select().from(account).get();
  }

  createAccount(userId: string, at: string): void {
    this.db.insert(account).values({ userId, createdAt: at }).onConflictDoNothing().run();
  }

  setStanding(change: { deactivatedAt?: string | null; deletedAt?: string | null }): void {
    this.db.update(account).set(change).run();
  }

  session(id: string): SessionRow | undefined {
    return this.db.select().from(sessions).where(eq(sessions.id, id)).get();
  }

  insertSession(row: typeof sessions.$inferInsert): SessionRow {
    return this.db.insert(sessions).values(row).returning().get();
  }

  touchSession(id: string, at: string): void {
    this.db.update(sessions).set({ lastUsedAt: at }).where(eq(sessions.id, id)).run();
  }

  rotateSession(id: string, generation: number, at: string): void {
    this.db
      .update(sessions)
      .set({ refreshGeneration: generation, rotatedAt: at, lastUsedAt: at })
      .where(eq(sessions.id, id))
      .run();
  }

  /** Revokes one session, or every live one (but `except`); returns how many were revoked now. */
  revokeSessions(which: { id?: string; except?: string }, reason: string, at: string): number {
    const conditions = [isNull(sessions.revokedAt)];
    if (which.id) conditions.push(eq(sessions.id, which.id));
    if (which.except) conditions.push(ne(sessions.id, which.except));
    const revoked = this.db
      .update(sessions)
      .set({ revokedAt: at, revokedReason: reason })
      .where(and(...conditions))
      .returning({ id: sessions.id })
      .all();
    return revoked.length;
  }

  /** Sessions not revoked, newest first (the caller drops the ones past their end). */
  unrevokedSessions(): SessionRow[] {
    return this.db.select().from(sessions).where(isNull(sessions.revokedAt)).orderBy(desc(sessions.createdAt)).all();
  }
}
