/**
 * Delivers the workspace outbox: right after each change, and by the alarm for retries. Each row is tried on its
 * own schedule (outbox.ts), so a refused mail never holds back the index or later mail, and every row ends:
 * delivered, or given up after a bounded number of attempts. One pass runs at a time per object.
 */
import type { DrizzleD1Database } from "drizzle-orm/d1";
import { isPermanentMailFailure, type Mailer } from "../mail/mailer";
import type { WebhookEndpoint } from "../webhooks/endpoint";
import { applyDirectoryChange } from "./directory";
import { earliestWake } from "./expiry";
import { afterFailedAttempt, laneOf, parseOutboxMessage } from "./outbox";
import * as store from "./store";
import { WebhookHandOff } from "./webhook-hand-off";

/** Rows read per query; a pass keeps reading until nothing is due. */
const OUTBOX_BATCH_ROWS = 50;

export class OutboxDelivery {
  /** The pass in progress and those asked for since, one after another. */
  private passes: Promise<void> = Promise.resolve();
  private readonly mailer: Mailer;
  private readonly webhooks: WebhookHandOff;

  constructor(
    private readonly db: store.WorkspaceDb,
    private readonly storage: DurableObjectStorage,
    /** The D1 directory it feeds (a fault-injection test swaps it). */
    public directoryDb: DrizzleD1Database,
    services: { mailer: Mailer; webhookEndpoints: DurableObjectNamespace<WebhookEndpoint> },
    /** When the object next has other work for the alarm (expiries); the alarm serves both. */
    private readonly otherWorkAt: () => number | null = () => null,
  ) {
    this.mailer = services.mailer;
    this.webhooks = new WebhookHandOff(db, services.webhookEndpoints);
  }

  /**
   * Delivers every row that is due, then sets the alarm for the next retry (or clears it). A call while a pass
   * runs gets a pass of its own after it, so a row queued meanwhile is never left to wait for the alarm alone.
   * `beforeAnswer` (a change's own pass, which its caller waits for) leaves webhook events to the alarm, set for
   * now: the index and the mail are current when the call returns, and the endpoints' hand-off (one call per
   * endpoint) costs the change nothing.
   */
  flush(scope: "all" | "beforeAnswer" = "all"): Promise<void> {
    const pass = this.passes.then(() => this.deliverDue(scope === "beforeAnswer" ? "webhook_event" : undefined));
    this.passes = pass.catch(() => {});
    return pass;
  }

  /**
   * Tries these rows once now, whatever their schedule (the purge of a person cannot wait for a row's backoff: it
   * has its own), then sets the alarm as a normal pass does.
   */
  deliverNow(rows: readonly store.OutboxRow[]): Promise<void> {
    const pass = this.passes.then(async () => {
      for (const row of rows) await this.attempt(row);
      await this.setAlarmForNext();
    });
    this.passes = pass.catch(() => {});
    return pass;
  }

  private async deliverDue(exceptKind?: string): Promise<void> {
    // Rows that fail in this pass are due again only after `startedAt`, so each row is tried once per pass.
    const startedAt = Date.now();
    for (;;) {
      const due = store.dueOutboxRows(this.db, startedAt, OUTBOX_BATCH_ROWS, exceptKind);
      if (due.length === 0) break;
      for (const row of due) await this.attempt(row);
    }
    await this.setAlarmForNext();
  }

  /** Sets the alarm for the next retry or other work, whichever comes first (or clears it when there is none). */
  async setAlarmForNext(): Promise<void> {
    const next = earliestWake(store.nextOutboxAttemptAt(this.db), this.otherWorkAt());
    if (next === null) await this.storage.deleteAlarm();
    // A row queued to go at once is due at 0, and an alarm at or before 0 is refused: it is set for now instead.
    else await this.storage.setAlarm(Math.max(next, Date.now()));
  }

  private async attempt(row: store.OutboxRow): Promise<void> {
    const message = parseOutboxMessage(row.payload);
    let delivered = [row];
    try {
      if (message.kind === "webhook_event" || message.kind === "webhook_endpoint") {
        // An endpoint's rows go together and in order (webhook-hand-off.ts): it answers the rows that went.
        delivered = await this.webhooks.handOff(row, message);
      } else if (message.kind === "mail") {
        const { to, subject, text, html, idempotencyKey } = message;
        await this.mailer.send({ to, subject, text, html, idempotencyKey });
      } else {
        // Read the truth and write it with no await in between the read and the request.
        await applyDirectoryChange(this.directoryDb, store.indexChange(this.db, message), row.seq);
      }
    } catch (error) {
      const attempts = row.attempts + 1;
      const lane = laneOf(message);
      const next = afterFailedAttempt({ lane, attempts, permanent: isPermanentMailFailure(error), now: Date.now() });
      if (next.retry) {
        store.retryOutboxRowLater(this.db, row, attempts, next.nextAttemptAt, String(error));
      } else {
        console.warn(`outbox: gave up ${lane} row ${row.seq} after ${attempts} attempt(s): ${String(error)}`);
        store.finishOutboxRow(this.db, row, "failed");
      }
      return;
    }
    for (const done of delivered) store.finishOutboxRow(this.db, done, "sent");
  }
}
