/**
 * The WebhookEndpoint Durable Object, one per endpoint (decisions 0035, 0037): takes the events its owner (a workspace, or
 * the platform for account events) hands over
 * (in order, each once), delivers them in that order, one at a time, on its alarm, retrying on the schedule
 * (schedule.ts), and keeps the delivery log for 30 days. A slow or dead receiver holds only this object, never the
 * workspace. Alarms run at least once and an RPC may arrive while an attempt waits on the network: one pass runs
 * at a time and each attempt is recorded before the next is chosen, so an alarm run twice sends nothing twice.
 */
import { DurableObject } from "cloudflare:workers";
import { drizzle } from "drizzle-orm/durable-sqlite";
import { migrate } from "drizzle-orm/durable-sqlite/migrator";
import { fail, ok, type Result } from "../lib/result";
import { servicesOf } from "../services";
import { attemptDelivery } from "./attempt";
import * as schema from "./endpoint-schema";
import * as store from "./endpoint-store";
import migrations from "./migrations/migrations.js";
import { platformWebhookTurnedOff } from "./platform-turned-off";
import { DELIVERY_LOG_KEEP_MS, failingTooLong, retryDelay } from "./schedule";
import { unsealWebhookSecret } from "./secrets";

export type { EndpointState, HandedOffEvent } from "./endpoint-store";

export class WebhookEndpoint extends DurableObject<Env> {
  private readonly db: store.EndpointDb;
  /** The pass in progress and those asked for since, one after another. */
  private passes: Promise<void> = Promise.resolve();

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.db = drizzle(ctx.storage, { schema });
    ctx.blockConcurrencyWhile(async () => migrate(this.db, migrations));
  }

  /**
   * The workspace's hand-off (workspace/webhook-hand-off.ts): the endpoint's state and the events queued since the
   * last one, in order. Delivery happens on the alarm, never on the caller's time. `null`: the endpoint is gone.
   */
  async receive(state: store.EndpointState | null, events: store.HandedOffEvent[]): Promise<void> {
    if (state === null) {
      store.forgetEverything(this.db);
      await this.ctx.storage.deleteAlarm();
      return;
    }
    const now = Date.now();
    this.ctx.storage.transactionSync(() => {
      store.applyState(this.db, state);
      store.appendDeliveries(this.db, events, now);
    });
    await this.setAlarmForNext();
  }

  override async alarm(): Promise<void> {
    await this.deliverDue();
  }

  /** Delivers what is due, in order; a pass asked for while one runs follows it. */
  deliverDue(): Promise<void> {
    const pass = this.passes.then(() => this.pass());
    this.passes = pass.catch(() => {});
    return pass;
  }

  async deliveries(query: { limit: number; cursor?: string }) {
    const page = store.deliveryPage(this.db, query);
    return page ? ok(page) : fail("validation_failed", "The cursor is not valid.");
  }

  async retry(deliveryId: string): Promise<Result<{ id: string }>> {
    if (!store.retryNow(this.db, deliveryId, Date.now())) return fail("not_found", "No such delivery.");
    await this.setAlarmForNext();
    return ok({ id: deliveryId });
  }

  private async pass(): Promise<void> {
    for (;;) {
      const endpoint = store.endpointRow(this.db);
      const row = store.head(this.db);
      const now = Date.now();
      if (!endpoint?.enabled || !row || (row.nextAttemptAt ?? 0) > now) break;
      const outcome = await attemptDelivery({
        url: endpoint.url,
        id: row.id,
        body: row.body,
        secrets: await this.signingSecrets(endpoint, now),
        now,
      });
      const after = Date.now();
      if (outcome.succeeded) {
        store.recordAttempt(this.db, row, outcome, { status: "succeeded", nextAttemptAt: null }, after);
        continue;
      }
      const wait = retryDelay({
        failedAttempts: row.attempts + 1,
        retryAfterMs: outcome.retryAfterMs,
        random: Math.random(),
      });
      const next =
        wait === null
          ? { status: "failed" as const, nextAttemptAt: null }
          : { status: "pending" as const, nextAttemptAt: after + wait };
      store.recordAttempt(this.db, row, outcome, next, after);
      const failingSince = store.endpointRow(this.db)?.failingSince ?? after;
      if (outcome.status === 410) await this.turnOff(endpoint, "gone");
      else if (failingTooLong(failingSince, after)) await this.turnOff(endpoint, "failing");
      // A spent delivery lets the next one go; a waiting one holds the queue (in order).
      if (next.status === "pending") break;
    }
    store.forgetFinishedBefore(this.db, Date.now() - DELIVERY_LOG_KEEP_MS);
    await this.setAlarmForNext();
  }

  /** The secrets that sign now: the current one, and the previous one until its 24 hours are over. */
  private async signingSecrets(endpoint: store.EndpointRow, now: number): Promise<string[]> {
    const { authSecret } = servicesOf(this.env).config;
    const sealed = JSON.parse(endpoint.secrets) as string[];
    const live =
      endpoint.previousSecretUntil !== null && endpoint.previousSecretUntil > now ? sealed : sealed.slice(0, 1);
    const secrets = await Promise.all(live.map((value) => unsealWebhookSecret(authSecret, endpoint.id, value)));
    return secrets.filter((secret) => secret !== null);
  }

  /**
   * Stops delivering here at once, then tells the owner: the workspace, which records it and mails the owners, or
   * the platform's D1 list, which mails the admins. If the owner cannot be told now, its next hand-off still says "enabled" and turns the
   * endpoint back on here; the next failure then turns it off again and tells it again, so the two converge on
   * the owner's record.
   */
  private async turnOff(endpoint: store.EndpointRow, reason: "gone" | "failing") {
    store.disable(this.db);
    try {
      if (endpoint.workspaceId === null) {
        await platformWebhookTurnedOff(servicesOf(this.env), endpoint.id, reason);
        return;
      }
      const workspaces = this.env.WORKSPACE;
      await workspaces.get(workspaces.idFromName(endpoint.workspaceId)).webhookTurnedOff(endpoint.id, reason);
    } catch (error) {
      const owner = endpoint.workspaceId ?? "the platform";
      console.warn(`webhooks: could not tell ${owner} that ${endpoint.id} is off: ${error}`);
    }
  }

  private async setAlarmForNext(): Promise<void> {
    const endpoint = store.endpointRow(this.db);
    const row = store.head(this.db);
    if (!endpoint?.enabled || !row) await this.ctx.storage.deleteAlarm();
    else await this.ctx.storage.setAlarm(Math.max(row.nextAttemptAt ?? 0, Date.now()));
  }
}
