/**
 * The workspace outbox: what a change must tell the outside (the D1 directory, invitation mail),
 * written in the change's transaction and delivered afterwards, in order, at least once.
 */
import { asc, eq } from "drizzle-orm";
import type { DrizzleD1Database } from "drizzle-orm/d1";
import type { DrizzleSqliteDODatabase } from "drizzle-orm/durable-sqlite";
import type { Mailer } from "../mail/mailer";
import { applyDirectoryChange, type DirectoryChange } from "./directory";
import type * as schema from "./schema";
import { outbox } from "./schema";

export type OutboxMessage =
  | DirectoryChange
  | { kind: "mail"; to: string; subject: string; text: string; html: string; idempotencyKey: string };

/** Rows delivered per pass; retries back off from one second to five minutes. */
const OUTBOX_BATCH_ROWS = 50;
const RETRY_BASE_MS = 1_000;
const RETRY_MAX_MS = 5 * 60_000;

export function retryDelayMs(attempts: number): number {
  return Math.min(RETRY_BASE_MS * 2 ** Math.max(0, attempts - 1), RETRY_MAX_MS);
}

export class OutboxDelivery {
  private running: Promise<void> | null = null;

  constructor(
    private readonly db: DrizzleSqliteDODatabase<typeof schema>,
    private readonly storage: DurableObjectStorage,
    /** The D1 directory it feeds (a fault-injection test swaps it). */
    public directoryDb: DrizzleD1Database,
    private readonly mailer: Mailer,
  ) {}

  /** Adds a message; call inside the change's transaction. */
  enqueue(message: OutboxMessage, at: string) {
    this.db
      .insert(outbox)
      .values({ kind: message.kind, payload: JSON.stringify(message), createdAt: at })
      .run();
  }

  isEmpty(): boolean {
    return this.db.select({ seq: outbox.seq }).from(outbox).limit(1).get() === undefined;
  }

  /** Delivers everything queued, in order. One delivery at a time per object: callers share the running one. */
  flush(): Promise<void> {
    if (!this.running) {
      this.running = this.deliverAll().finally(() => {
        this.running = null;
      });
    }
    return this.running;
  }

  /** Waits for a delivery in progress, then delivers what is left (the alarm's entry point). */
  async drain(): Promise<void> {
    await this.running?.catch(() => {});
    await this.flush().catch(() => {});
  }

  private async deliverAll(): Promise<void> {
    for (;;) {
      const batch = this.db.select().from(outbox).orderBy(asc(outbox.seq)).limit(OUTBOX_BATCH_ROWS).all();
      if (batch.length === 0) return;
      for (const row of batch) {
        try {
          await this.deliver(JSON.parse(row.payload) as OutboxMessage, row.seq);
        } catch (error) {
          // Keep the row and stop: later rows must not overtake it. The alarm retries with backoff.
          const attempts = row.attempts + 1;
          this.db
            .update(outbox)
            .set({ attempts, lastError: String(error).slice(0, 500) })
            .where(eq(outbox.seq, row.seq))
            .run();
          await this.storage.setAlarm(Date.now() + retryDelayMs(attempts));
          throw error;
        }
        this.db.delete(outbox).where(eq(outbox.seq, row.seq)).run();
      }
    }
  }

  private async deliver(message: OutboxMessage, seq: number) {
    if (message.kind === "mail") {
      const { to, subject, text, html, idempotencyKey } = message;
      await this.mailer.send({ to, subject, text, html, idempotencyKey });
    } else {
      await applyDirectoryChange(this.directoryDb, message, seq);
    }
  }
}
