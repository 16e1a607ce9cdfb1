/**
 * Telling a person's workspaces their two-factor state (decision 0030), through the Account object's outbox: the
 * change writes a `two_factor` row in its own transaction; delivering it asks the D1 memberships index which
 * workspaces the person is in and turns it into one `two_factor:<workspace id>` row each; delivering one of those
 * tells that workspace the state as it is at that moment. Right after the change and then by the alarm, each row on
 * its own schedule (workspace/outbox.ts's backoff, the index lane's bounded attempts: every retry loop ends).
 *
 * The last state wins: passes run one at a time, each sends the state read just before its call, and a row re-armed
 * by a newer change while its call was out (its `generation` moved) is kept, to send the newer state.
 */
import { and, asc, eq, lte, min, sql } from "drizzle-orm";
import type { DrizzleD1Database } from "drizzle-orm/d1";
import type { DrizzleSqliteDODatabase } from "drizzle-orm/durable-sqlite";
import { workspaceIdsOf } from "../workspace/directory";
import { afterFailedAttempt } from "../workspace/outbox";
import type { Workspace } from "../workspace/workspace";
import type * as schema from "./schema";
import { outbox } from "./schema";
import { handToPlatformOutbox, isWebhookRow } from "./webhook-events";

const FAN_OUT_KEY = "two_factor";
const WORKSPACE_KEY_PREFIX = "two_factor:";
/** Rows read per query; a pass keeps reading until nothing is due. */
const BATCH_ROWS = 50;

type AccountDb = DrizzleSqliteDODatabase<typeof schema>;
type OutboxRow = typeof outbox.$inferSelect;

/** What delivery reaches: the D1 index, and the workspace objects (a fault-injection test swaps `db`). */
export interface FanOutDeps {
  db: DrizzleD1Database;
  workspaces: DurableObjectNamespace<Workspace>;
}

/** Whose account this is and whether its two-factor is on, read at the moment of each delivery. */
export interface TwoFactorFacts {
  userId: string | undefined;
  on: boolean;
}

export class TwoFactorFanOut {
  /** The pass in progress and those asked for since, one after another. */
  private passes: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: AccountDb,
    private readonly storage: DurableObjectStorage,
    public deps: FanOutDeps,
    private readonly facts: () => TwoFactorFacts,
  ) {}

  /** Inside the change's transaction: the workspaces must hear of it (again, if a delivery is under way). */
  queue() {
    this.arm(FAN_OUT_KEY);
  }

  /** Delivers what is due, one pass after another, then sets the alarm for the next retry if any is left. */
  flush(): Promise<void> {
    const pass = this.passes.then(() => this.deliverDue());
    this.passes = pass.catch(() => {});
    return pass;
  }

  /**
   * Sets the alarm for the next retry unless it is already set sooner. The alarm also serves the purge
   * (purge-run.ts): this only ever brings it forward, and the Account object calls it after every purge step that
   * sets it, so the earliest of both wins.
   */
  async armAlarm(): Promise<void> {
    const next = this.db
      .select({ at: min(outbox.nextAttemptAt) })
      .from(outbox)
      .get()?.at;
    if (next === null || next === undefined) return;
    const current = await this.storage.getAlarm();
    if (current === null || next < current) await this.storage.setAlarm(Math.max(next, Date.now()));
  }

  private arm(key: string) {
    this.db
      .insert(outbox)
      .values({ key })
      .onConflictDoUpdate({
        target: outbox.key,
        set: { generation: sql`${outbox.generation} + 1`, attempts: 0, nextAttemptAt: 0, lastError: null },
      })
      .run();
  }

  private async deliverDue(): Promise<void> {
    // Rows that fail in this pass are due again only after `startedAt`, so each row is tried once per pass.
    const startedAt = Date.now();
    for (;;) {
      const due = this.db
        .select()
        .from(outbox)
        .where(lte(outbox.nextAttemptAt, startedAt))
        .orderBy(asc(outbox.nextAttemptAt), asc(outbox.key))
        .limit(BATCH_ROWS)
        .all();
      if (due.length === 0) break;
      for (const row of due) await this.attempt(row);
    }
    await this.armAlarm();
  }

  private async attempt(row: OutboxRow): Promise<void> {
    const { userId } = this.facts();
    if (!userId) {
      this.finish(row); // an account without its row has nobody to speak of
      return;
    }
    try {
      if (isWebhookRow(row.key)) {
        await handToPlatformOutbox(this.deps.db, row);
        this.finish(row);
      } else if (row.key === FAN_OUT_KEY) {
        const workspaceIds = await workspaceIdsOf(this.deps.db, userId);
        this.storage.transactionSync(() => {
          for (const id of workspaceIds) this.arm(`${WORKSPACE_KEY_PREFIX}${id}`);
          this.finish(row);
        });
      } else {
        const workspaceId = row.key.slice(WORKSPACE_KEY_PREFIX.length);
        const stub = this.deps.workspaces.get(this.deps.workspaces.idFromName(workspaceId));
        // Read the state and send it with no await in between.
        await stub.setMemberTwoFactor(userId, this.facts().on);
        this.finish(row);
      }
    } catch (error) {
      this.failed(row, error);
    }
  }

  /** Done with the row, unless a newer change re-armed it meanwhile (then it goes again, with the newer state). */
  private finish(row: OutboxRow) {
    this.db
      .delete(outbox)
      .where(and(eq(outbox.key, row.key), eq(outbox.generation, row.generation)))
      .run();
  }

  private failed(row: OutboxRow, error: unknown) {
    const attempts = row.attempts + 1;
    const next = afterFailedAttempt({ lane: "index", attempts, permanent: false, now: Date.now() });
    if (!next.retry) {
      console.warn(`account outbox: gave up ${row.key} after ${attempts} attempt(s): ${String(error)}`);
      this.finish(row);
      return;
    }
    this.db
      .update(outbox)
      .set({ attempts, nextAttemptAt: next.nextAttemptAt, lastError: String(error).slice(0, 500) })
      .where(and(eq(outbox.key, row.key), eq(outbox.generation, row.generation)))
      .run();
  }
}
