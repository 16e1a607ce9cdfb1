/**
 * The way of account events to the platform's endpoints (decision 0037). A change queues its events in D1's
 * `account_event_outbox` in the same batch as itself (`queueAccountEvents`), or an Account object's outbox puts
 * them there (insert-or-ignore on the event id, so a repeated hand-off adds nothing). `handOffAccountEvents` then
 * gives them, oldest first, to each enabled endpoint that wants them, one RPC per endpoint carrying its state and
 * its events in order; the rows go only when every endpoint took them, else the whole batch is tried again later
 * (an endpoint object drops what it already has, by id). So nothing is lost, nothing is sent twice, and no event
 * overtakes an older one. Run right after a change (in the background) and by the minute's cron.
 */
import { asc, eq, lte, sql } from "drizzle-orm";
import type { DrizzleD1Database } from "drizzle-orm/d1";
import { afterFailedAttempt } from "../workspace/outbox";
import type { HandedOffEvent, WebhookEndpoint } from "./endpoint";
import type { WebhookEvent } from "./events";
import { wantsEvent } from "./events";
import { listEndpointRows, platformEndpointState } from "./platform-endpoints";
import { accountEventOutbox } from "./platform-schema";

/** Events handed over in one pass per endpoint; a larger backlog goes in several, still in order. */
const HAND_OFF_BATCH_ROWS = 100;

export interface PlatformOutboxDeps {
  db: DrizzleD1Database;
  webhookEndpoints: DurableObjectNamespace<WebhookEndpoint>;
}

/** Hands over everything due, batch after batch; stops at a batch that failed (it holds the rest). */
export async function handOffAccountEvents(deps: PlatformOutboxDeps): Promise<{ handedOff: number }> {
  let handedOff = 0;
  for (;;) {
    const now = Date.now();
    const rows = await deps.db
      .select()
      .from(accountEventOutbox)
      .orderBy(asc(accountEventOutbox.seq))
      .limit(HAND_OFF_BATCH_ROWS);
    const head = rows[0];
    const last = rows.at(-1);
    if (!head || !last || head.nextAttemptAt > now) break;
    try {
      await handOff(deps, rows, now);
    } catch (error) {
      await failed(deps.db, head, last.seq, error, now);
      break;
    }
    await deps.db.delete(accountEventOutbox).where(lte(accountEventOutbox.seq, last.seq));
    handedOff += rows.length;
  }
  return { handedOff };
}

async function handOff(deps: PlatformOutboxDeps, rows: { id: string; type: string; body: string }[], now: number) {
  const endpoints = (await listEndpointRows(deps.db)).filter((row) => row.enabled);
  await Promise.all(
    endpoints.map(async (row) => {
      const wanted = row.events === null ? null : (JSON.parse(row.events) as string[]);
      const events: HandedOffEvent[] = rows
        .filter((queued) => wantsEvent(wanted, queued.type))
        .map((queued) => ({ messageId: queued.id, event: JSON.parse(queued.body) as WebhookEvent }));
      if (events.length === 0) return;
      const stub = deps.webhookEndpoints.get(deps.webhookEndpoints.idFromName(row.id));
      await stub.receive(platformEndpointState(row, now), events);
    }),
  );
}

/** The batch waits; after the index lane's attempts it is given up, like any outbox row (decision 0035). */
async function failed(
  db: DrizzleD1Database,
  head: { seq: number; attempts: number },
  lastSeq: number,
  error: unknown,
  now: number,
) {
  const attempts = head.attempts + 1;
  const next = afterFailedAttempt({ lane: "index", attempts, permanent: false, now });
  if (!next.retry) {
    console.warn(`account events: gave up ${lastSeq - head.seq + 1} event(s) after ${attempts} attempts: ${error}`);
    await db.delete(accountEventOutbox).where(lte(accountEventOutbox.seq, lastSeq));
    return;
  }
  await db
    .update(accountEventOutbox)
    .set({ attempts, nextAttemptAt: next.nextAttemptAt, lastError: String(error).slice(0, 500) })
    .where(eq(accountEventOutbox.seq, head.seq));
  // Rows behind the head wait with it: the head's time is the batch's.
  await db
    .update(accountEventOutbox)
    .set({ nextAttemptAt: sql`max(${accountEventOutbox.nextAttemptAt}, ${next.nextAttemptAt})` })
    .where(lte(accountEventOutbox.seq, lastSeq));
}
