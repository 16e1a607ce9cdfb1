/**
 * The Account object's connected accounts (decision 0038): one upstream identity per provider, its last use, and the
 * D1 map `connected_identities` delivered through an outbox (as the passkeys' map, decision 0031). Every check and
 * its write are one `transactionSync`; the upstream's answer is checked in the worker before.
 */
import { and, asc, eq, lte } from "drizzle-orm";
import type { DrizzleD1Database } from "drizzle-orm/d1";
import type { DrizzleSqliteDODatabase } from "drizzle-orm/durable-sqlite";
import { connectedIdentities } from "../auth/connection-schema";
import { fail, ok, type Result } from "../lib/result";
import { indexRetryDelayMs, mayRemoveSignInMethod, type SignInMethods } from "./passkey-rules";
import { connectionIndexOutbox, connections } from "./schema";
import type { AccountStore } from "./store";

type ConnectionRow = typeof connections.$inferSelect;
type OutboxRow = typeof connectionIndexOutbox.$inferSelect;
type Database = DrizzleSqliteDODatabase<Record<string, unknown>>;

/** A connection as its owner sees it (the API's snake_case is made in the route). */
export interface ConnectionView {
  provider: string;
  email: string;
  linkedAt: string;
  lastUsedAt: string | null;
}

/** An upstream identity the worker checked: who the upstream says this is. */
export interface UpstreamIdentity {
  provider: string;
  subject: string;
  email: string;
}

const viewOf = (row: ConnectionRow): ConnectionView => ({
  provider: row.provider,
  email: row.email,
  linkedAt: row.linkedAt,
  lastUsedAt: row.lastUsedAt,
});

const identityKey = (provider: string, subject: string) => `${provider} ${subject}`;

const LAST_METHOD = "This is your last way to sign in: set a password or add a passkey first.";

export class ConnectionState {
  constructor(
    private readonly storage: DurableObjectStorage,
    private readonly db: Database,
    private readonly store: AccountStore,
    private readonly d1: DrizzleD1Database,
  ) {}

  list(): ConnectionView[] {
    return this.rows().map(viewOf);
  }

  count(): number {
    return this.rows().length;
  }

  private rows(): ConnectionRow[] {
    return this.db.select().from(connections).orderBy(asc(connections.linkedAt), asc(connections.provider)).all();
  }

  private byProvider(provider: string): ConnectionRow | undefined {
    return this.db.select().from(connections).where(eq(connections.provider, provider)).get();
  }

  /**
   * Links `identity` to this account: the same identity again is a no-op (a repeated link), another identity of the
   * same provider is refused (one per provider: unlink it first).
   */
  link(identity: UpstreamIdentity, now: Date): Result<ConnectionView> {
    return this.storage.transactionSync((): Result<ConnectionView> => {
      const held = this.byProvider(identity.provider);
      if (held && held.subject === identity.subject) return ok(viewOf(held));
      if (held) return fail("conflict", "Another account of this provider is connected already; remove it first.");
      const at = now.toISOString();
      const row: ConnectionRow = { ...identity, linkedAt: at, lastUsedAt: at };
      this.db.insert(connections).values(row).run();
      this.queueIndex(identity.provider, identity.subject, now.getTime());
      return ok(viewOf(row));
    });
  }

  /** Removes the provider's connection unless it is the account's last way to sign in (`methods` read inside). */
  unlink(provider: string, methods: () => SignInMethods, now: Date): Result<null> {
    return this.storage.transactionSync((): Result<null> => {
      const row = this.byProvider(provider);
      if (!row) return fail("not_found", "No such connected account.");
      if (!mayRemoveSignInMethod(methods(), "connection")) return fail("last_sign_in_method", LAST_METHOD);
      this.db.delete(connections).where(eq(connections.provider, provider)).run();
      this.queueIndex(provider, row.subject, now.getTime());
      return ok(null);
    });
  }

  /** Whether this account holds the identity and may sign in with it; its use is recorded. */
  noteSignIn(provider: string, subject: string, now: Date): boolean {
    return this.storage.transactionSync(() => {
      const standing = this.store.account();
      const row = this.byProvider(provider);
      if (!row || row.subject !== subject || !standing || standing.deactivatedAt || standing.deletedAt) return false;
      this.db
        .update(connections)
        .set({ lastUsedAt: now.toISOString() })
        .where(eq(connections.provider, provider))
        .run();
      return true;
    });
  }

  private queueIndex(provider: string, subject: string, nowMs: number): void {
    const identity = identityKey(provider, subject);
    this.db
      .insert(connectionIndexOutbox)
      .values({ identity, attempts: 0, nextAttemptAt: nowMs })
      .onConflictDoUpdate({ target: connectionIndexOutbox.identity, set: { attempts: 0, nextAttemptAt: nowMs } })
      .run();
  }

  /** Writes every due map row to D1 as this object holds it now; a failure waits for the alarm. */
  async deliverIndex(now = new Date()): Promise<void> {
    const userId = this.store.account()?.userId;
    if (!userId) return;
    const due = this.db
      .select()
      .from(connectionIndexOutbox)
      .where(lte(connectionIndexOutbox.nextAttemptAt, now.getTime()))
      .all();
    for (const row of due) {
      try {
        await this.writeIndexRow(userId, row);
        this.delivered(row);
      } catch (error) {
        console.warn(`connection index of ${userId}: delivery failed (${row.attempts + 1}): ${String(error)}`);
        const attempts = row.attempts + 1;
        const nextAttemptAt = Date.now() + indexRetryDelayMs(attempts);
        this.db
          .update(connectionIndexOutbox)
          .set({ attempts, nextAttemptAt })
          .where(eq(connectionIndexOutbox.identity, row.identity))
          .run();
      }
    }
    const next = this.db
      .select({ at: connectionIndexOutbox.nextAttemptAt })
      .from(connectionIndexOutbox)
      .orderBy(asc(connectionIndexOutbox.nextAttemptAt))
      .get()?.at;
    if (next === undefined) return;
    const alarm = await this.storage.getAlarm();
    if (alarm === null || alarm > next) await this.storage.setAlarm(next);
  }

  /** Removes a delivered row, unless it was queued again meanwhile (then that newer state is delivered next). */
  private delivered(row: OutboxRow): void {
    this.db
      .delete(connectionIndexOutbox)
      .where(
        and(
          eq(connectionIndexOutbox.identity, row.identity),
          eq(connectionIndexOutbox.nextAttemptAt, row.nextAttemptAt),
          eq(connectionIndexOutbox.attempts, row.attempts),
        ),
      )
      .run();
  }

  /** Idempotent; an identity another account already holds keeps its row (the link was checked against the map). */
  private async writeIndexRow(userId: string, row: OutboxRow): Promise<void> {
    const space = row.identity.indexOf(" ");
    const provider = row.identity.slice(0, space);
    const subject = row.identity.slice(space + 1);
    const held = this.byProvider(provider);
    if (held && held.subject === subject) {
      await this.d1
        .insert(connectedIdentities)
        .values({ provider, subject, userId, createdAt: held.linkedAt })
        .onConflictDoNothing({ target: [connectedIdentities.provider, connectedIdentities.subject] });
    } else {
      const sameRow = and(eq(connectedIdentities.provider, provider), eq(connectedIdentities.subject, subject));
      await this.d1.delete(connectedIdentities).where(and(sameRow, eq(connectedIdentities.userId, userId)));
    }
  }
}
