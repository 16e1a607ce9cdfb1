/**
 * Hands a workspace's queued webhook rows to their endpoint's object (decision 0035). The outbox retries each row
 * on its own schedule, which would let a later event overtake one that failed; so an endpoint's rows go together,
 * oldest first, in one call, and a row never goes while an older row of its endpoint still waits. The state sent
 * with them is read in the same synchronous step as the rows, so the object always holds the workspace's truth.
 */
import type { EndpointState, HandedOffEvent, WebhookEndpoint } from "../webhooks/endpoint";
import type { WebhookOutboxMessage } from "./outbox";
import * as store from "./store";

/** Rows sent in one call: a burst larger than this goes in several, still in order. */
const HAND_OFF_BATCH_ROWS = 100;
/** How long the old secret keeps signing beside the new one after a rotation. */
export const PREVIOUS_SECRET_SIGNS_MS = 24 * 60 * 60 * 1000;

export class WebhookHandOff {
  constructor(
    private readonly db: store.WorkspaceDb,
    private readonly endpoints: DurableObjectNamespace<WebhookEndpoint>,
  ) {}

  /**
   * Sends `row` with the rows of its endpoint queued after it, and answers the rows that went (the caller ends
   * them). Answers `[]` when there is nothing to do now: the row went with an earlier batch, or an older row of
   * its endpoint is still waiting, behind which it is put. Throws when the object could not be reached.
   */
  async handOff(row: store.OutboxRow, message: WebhookOutboxMessage): Promise<store.OutboxRow[]> {
    const batch = store.queuedWebhookRows(this.db, message.endpointId, HAND_OFF_BATCH_ROWS);
    const first = batch[0];
    if (!first || first.seq > row.seq) return [];
    if (first.seq < row.seq) {
      store.retryOutboxRowLater(this.db, row, row.attempts, Math.max(first.nextAttemptAt, Date.now() + 1), "waits");
      return [];
    }
    const events: HandedOffEvent[] = [];
    for (const queued of batch) {
      const payload = JSON.parse(queued.payload) as WebhookOutboxMessage;
      if (payload.kind === "webhook_event") events.push({ messageId: payload.messageId, event: payload.event });
    }
    const state = endpointState(this.db, message.endpointId, Date.now());
    const stub = this.endpoints.get(this.endpoints.idFromName(message.endpointId));
    await stub.receive(state, state === null ? [] : events);
    return batch;
  }
}

/** The endpoint as its object must hold it now, or null when it was deleted. */
export function endpointState(db: store.WorkspaceDb, endpointId: string, now: number): EndpointState | null {
  const row = store.webhookEndpointRow(db, endpointId);
  if (!row) return null;
  const previousSigns = row.previousSecret !== null && (row.previousSecretUntil ?? 0) > now;
  return {
    id: row.id,
    workspaceId: store.id(db),
    url: row.url,
    enabled: row.enabled,
    secrets: previousSigns && row.previousSecret ? [row.secret, row.previousSecret] : [row.secret],
    previousSecretUntil: previousSigns ? row.previousSecretUntil : null,
  };
}
