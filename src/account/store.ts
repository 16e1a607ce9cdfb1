/** The only writer of an Account object's tables: synchronous reads and writes over its SQLite database. */
import { and, desc, eq, isNull, lt, lte, ne, or } from "drizzle-orm";
import type { DrizzleSqliteDODatabase } from "drizzle-orm/durable-sqlite";
import { recordedPerson } from "./email-history";
import type { PurgeProgress } from "./purge";
import { account, backupCodes, emailHistory, secondFactorChallenges, sessions, twoFactor } from "./schema";
import { queueWebhookEvents, sessionsRevokedEvents } from "./webhook-events";

export type SessionRow = typeof sessions.$inferSelect;
export type AccountRow = typeof account.$inferSelect;
export type TwoFactorRow = typeof twoFactor.$inferSelect;
export type EmailHistoryRow = typeof emailHistory.$inferSelect;
type Database = DrizzleSqliteDODatabase<Record<string, unknown>>;

const PURGE_KEY = "purge";
const DELETION_EMAIL_KEY = "deletion_email";
/** Device cookies carry the generation they were issued at; moving it ends them all (decision 0019). */
const DEVICE_GENERATION_KEY = "device_generation";
/** Present (true) while the deletion mark was set or confirmed by an admin: only an admin may lift it. */
const DELETED_BY_ADMIN_KEY = "deleted_by_admin";

/** What `authorize` needs, read in one statement (every authenticated request asks it). */
export interface AuthorizationFacts {
  session: { revokedAt: string | null; expiresAt: string; lastUsedAt: string; authenticatedAt: string };
  standing: { deactivatedAt: string | null; deletedAt: string | null };
}

type FactsRow = {
  revoked_at: string | null;
  expires_at: string;
  last_used_at: string;
  authenticated_at: string;
  deactivated_at: string | null;
  deleted_at: string | null;
};

export class AccountStore {
  constructor(
    private readonly db: Database,
    private readonly sql: SqlStorage,
    private readonly kv: SyncKvStorage,
  ) {}

  /** The purge's record (purge.ts): who is being forgotten and which steps are done; absent until it starts. */
  purgeProgress(): PurgeProgress | undefined {
    const progress = this.kv.get<PurgeProgress>(PURGE_KEY);
    return progress && { ...progress, person: recordedPerson(progress.person) };
  }

  savePurgeProgress(progress: PurgeProgress): void {
    this.kv.put(PURGE_KEY, progress);
  }

  /** The email the account had when deletion was asked: the purge finds invitations and codes by it. */
  deletionEmail(): string | undefined {
    return this.kv.get<string>(DELETION_EMAIL_KEY);
  }

  setDeletionEmail(email: string | null): void {
    if (email === null) this.kv.delete(DELETION_EMAIL_KEY);
    else this.kv.put(DELETION_EMAIL_KEY, email);
  }

  /** The account's device generation: 0 until its device cookies were first ended. */
  deviceGeneration(): number {
    return this.kv.get<number>(DEVICE_GENERATION_KEY) ?? 0;
  }

  /** Ends every device cookie issued so far (a password reset, deactivation or deletion). */
  endDeviceTrust(): void {
    this.kv.put(DEVICE_GENERATION_KEY, this.deviceGeneration() + 1);
  }

  /** Whether an admin made (or repeated) the deletion now pending (decision 0020). */
  deletedByAdmin(): boolean {
    return this.kv.get<boolean>(DELETED_BY_ADMIN_KEY) === true;
  }

  setDeletedByAdmin(byAdmin: boolean): void {
    if (byAdmin) this.kv.put(DELETED_BY_ADMIN_KEY, true);
    else this.kv.delete(DELETED_BY_ADMIN_KEY);
  }

  /**
   * The session and its account's standing, by primary key, in one plain statement: the hot path skips the
   * query builder (measured in bench/README.md).
   */
  authorizationFacts(sessionId: string): AuthorizationFacts | undefined {
    const [row] = this.sql
      .exec<FactsRow>(
        `SELECT s.revoked_at, s.expires_at, s.last_used_at, s.authenticated_at, a.deactivated_at, a.deleted_at
           FROM sessions AS s, account AS a WHERE s.id = ?`,
        sessionId,
      )
      .toArray();
    if (!row) return undefined;
    return {
      session: {
        revokedAt: row.revoked_at,
        expiresAt: row.expires_at,
        lastUsedAt: row.last_used_at,
        authenticatedAt: row.authenticated_at,
      },
      standing: { deactivatedAt: row.deactivated_at, deletedAt: row.deleted_at },
    };
  }

  account(): AccountRow | undefined {
    return this.db.select().from(account).get();
  }

  createAccount(userId: string, at: string): void {
    this.db.insert(account).values({ userId, createdAt: at }).onConflictDoNothing().run();
  }

  setStanding(change: { deactivatedAt?: string | null; deletedAt?: string | null }): void {
    this.db.update(account).set(change).run();
  }

  // The addresses the account has had (decision 0021).

  /** Every address, oldest first. */
  emailHistory(): EmailHistoryRow[] {
    return this.db.select().from(emailHistory).orderBy(emailHistory.recordedAt, emailHistory.email).all();
  }

  /**
   * Makes `email` (normalised) the current address: recorded if new, current again if the account had it before;
   * the address it replaces is marked replaced at `at`. Writing the address that is already current changes nothing.
   */
  noteCurrentEmail(email: string, at: string): void {
    this.db
      .update(emailHistory)
      .set({ replacedAt: at })
      .where(and(isNull(emailHistory.replacedAt), ne(emailHistory.email, email)))
      .run();
    this.db
      .insert(emailHistory)
      .values({ email, recordedAt: at, replacedAt: null })
      .onConflictDoUpdate({ target: emailHistory.email, set: { replacedAt: null } })
      .run();
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
  revokeSessions(which: { id?: string; except?: string; clientId?: string }, reason: string, at: string): number {
    const conditions = [isNull(sessions.revokedAt)];
    if (which.id) conditions.push(eq(sessions.id, which.id));
    if (which.clientId) conditions.push(eq(sessions.clientId, which.clientId));
    if (which.except) conditions.push(ne(sessions.id, which.except));
    const revoked = this.db
      .update(sessions)
      .set({ revokedAt: at, revokedReason: reason })
      .where(and(...conditions))
      .returning({ id: sessions.id })
      .all();
    const userId = this.account()?.userId;
    // Told to the platform's webhooks in the same transaction (decision 0037).
    if (userId && revoked.length > 0) {
      const ids = revoked.map((row) => row.id);
      queueWebhookEvents(this.db, sessionsRevokedEvents(userId, ids, reason, at));
    }
    return revoked.length;
  }

  /** Forgets sessions that ended (revoked or past their end) before `before`: they can never act again. */
  /** Forgets sessions that ended (revoked or expired) before `before`; returns how many. */
  deleteSessionsEndedBefore(before: string): number {
    return this.db
      .delete(sessions)
      .where(or(lt(sessions.revokedAt, before), lt(sessions.expiresAt, before)))
      .returning({ id: sessions.id })
      .all().length;
  }

  /** Sessions not revoked, newest first (the caller drops the ones past their end). */
  unrevokedSessions(): SessionRow[] {
    return this.db.select().from(sessions).where(isNull(sessions.revokedAt)).orderBy(desc(sessions.createdAt)).all();
  }

  // Two-factor authentication (one row in two_factor, the backup codes, the sign-ins waiting for a second factor).

  twoFactor(): TwoFactorRow | undefined {
    return this.db.select().from(twoFactor).get();
  }

  /** Starts (or restarts) setup: a pending row with a new sealed secret. */
  putPendingTwoFactor(sealedSecret: string, at: string): void {
    const row = { id: 1, sealedSecret, status: "pending" as const, createdAt: at, enabledAt: null, lastUsedStep: null };
    this.db.insert(twoFactor).values(row).onConflictDoUpdate({ target: twoFactor.id, set: row }).run();
  }

  enableTwoFactor(step: number, at: string): void {
    this.db.update(twoFactor).set({ status: "on", enabledAt: at, lastUsedStep: step }).run();
  }

  recordTotpStep(step: number): void {
    this.db.update(twoFactor).set({ lastUsedStep: step }).run();
  }

  /** Turns two-factor off: the secret, every backup code and every waiting sign-in go. */
  removeTwoFactor(): void {
    this.db.delete(twoFactor).run();
    this.db.delete(backupCodes).run();
    this.db.delete(secondFactorChallenges).run();
  }

  replaceBackupCodes(digests: string[], at: string): void {
    this.db.delete(backupCodes).run();
    if (digests.length)
      this.db
        .insert(backupCodes)
        .values(digests.map((digest) => ({ digest, createdAt: at })))
        .run();
  }

  /** Marks an unused backup code used; false when there is no such unused code. */
  spendBackupCode(digest: string, at: string): boolean {
    const used = this.db
      .update(backupCodes)
      .set({ usedAt: at })
      .where(and(eq(backupCodes.digest, digest), isNull(backupCodes.usedAt)))
      .returning({ digest: backupCodes.digest })
      .all();
    return used.length > 0;
  }

  openSecondFactorChallenge(nonce: string, expiresAt: string, now: string): void {
    this.db.delete(secondFactorChallenges).where(lte(secondFactorChallenges.expiresAt, now)).run();
    this.db.insert(secondFactorChallenges).values({ nonce, expiresAt }).run();
  }

  isOpenSecondFactorChallenge(nonce: string, now: string): boolean {
    const row = this.db.select().from(secondFactorChallenges).where(eq(secondFactorChallenges.nonce, nonce)).get();
    return row !== undefined && row.expiresAt > now;
  }

  closeSecondFactorChallenge(nonce: string): void {
    this.db.delete(secondFactorChallenges).where(eq(secondFactorChallenges.nonce, nonce)).run();
  }
}
