/**
 * Webhook endpoints (decision 0035) and what feeds their objects: every audited change queues, in the same
 * transaction, one outbox row per enabled endpoint that wants its event; a change to an endpoint queues its new
 * state. delivery.ts hands both to the endpoint's WebhookEndpoint object, in order (webhook-hand-off.ts).
 */
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { type AuditFacts, type WebhookEvent, wantsEvent, workspaceEventOf } from "../../webhooks/events";
import type { WebhookOutboxMessage } from "../outbox";
import { outbox, webhookEndpoints, workspace } from "../schema";
import type { WorkspaceDb } from "./db";

export type WebhookEndpointRow = typeof webhookEndpoints.$inferSelect;
export const WEBHOOK_OUTBOX_KINDS = ["webhook_event", "webhook_endpoint"] as const;

export function webhookEndpointRows(db: WorkspaceDb): WebhookEndpointRow[] {
  return db.select().from(webhookEndpoints).orderBy(asc(webhookEndpoints.createdAt), asc(webhookEndpoints.id)).all();
}

export function webhookEndpointRow(db: WorkspaceDb, id: string): WebhookEndpointRow | undefined {
  return db.select().from(webhookEndpoints).where(eq(webhookEndpoints.id, id)).get();
}

export function insertWebhookEndpoint(db: WorkspaceDb, row: typeof webhookEndpoints.$inferInsert, at: string) {
  db.insert(webhookEndpoints).values(row).run();
  queueWebhook(db, { kind: "webhook_endpoint", endpointId: row.id }, at);
}

export function updateWebhookEndpoint(
  db: WorkspaceDb,
  id: string,
  patch: Partial<typeof webhookEndpoints.$inferInsert>,
  at: string,
) {
  db.update(webhookEndpoints).set(patch).where(eq(webhookEndpoints.id, id)).run();
  queueWebhook(db, { kind: "webhook_endpoint", endpointId: id }, at);
}

/** The endpoint goes; its object is told to forget its deliveries, after any event queued before. */
export function deleteWebhookEndpoint(db: WorkspaceDb, id: string, at: string) {
  db.delete(webhookEndpoints).where(eq(webhookEndpoints.id, id)).run();
  queueWebhook(db, { kind: "webhook_endpoint", endpointId: id }, at);
}

export function queueWebhook(db: WorkspaceDb, message: WebhookOutboxMessage, at: string) {
  db.insert(outbox)
    .values({ kind: message.kind, payload: JSON.stringify(message), createdAt: at })
    .run();
}

/** Queues the event of an audited change for each enabled endpoint that wants it; `messageId` is the audit id. */
export function queueWorkspaceEvent(db: WorkspaceDb, messageId: string, facts: AuditFacts) {
  const endpoints = db.select().from(webhookEndpoints).where(eq(webhookEndpoints.enabled, true)).all();
  if (endpoints.length === 0) return;
  const workspaceId = db.select({ id: workspace.id }).from(workspace).get()?.id ?? "";
  const event = workspaceEventOf(workspaceId, facts);
  for (const endpoint of endpoints) {
    if (!wantsEvent(parseEvents(endpoint.events), event.type)) continue;
    queueWebhook(db, { kind: "webhook_event", endpointId: endpoint.id, messageId, event }, facts.at);
  }
}

export function queueWebhookPing(db: WorkspaceDb, endpointId: string, messageId: string, event: WebhookEvent) {
  queueWebhook(db, { kind: "webhook_event", endpointId, messageId, event }, event.timestamp);
}

export function parseEvents(stored: string | null): string[] | null {
  return stored === null ? null : (JSON.parse(stored) as string[]);
}

/** The queued webhook rows of one endpoint, oldest first: the hand-off sends them together, in this order. */
export function queuedWebhookRows(db: WorkspaceDb, endpointId: string, limit: number) {
  return db
    .select()
    .from(outbox)
    .where(
      and(
        inArray(outbox.kind, [...WEBHOOK_OUTBOX_KINDS]),
        sql`json_extract(${outbox.payload}, '$.endpointId') = ${endpointId}`,
      ),
    )
    .orderBy(asc(outbox.seq))
    .limit(limit)
    .all();
}
