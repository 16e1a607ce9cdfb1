/**
 * What the Webhooks section asks of the server, as a small adapter: the section (WebhooksSection.tsx) never names a
 * path, so the same components serve a workspace's endpoints (`/workspaces/:id/webhooks`, below) and the platform
 * admin's (`/admin/webhooks`, the same shapes): that side writes its own `WebhookApi` with its paths and its event
 * types, and passes it in. Shapes are the server's own (the generated schema).
 */
import { queryOptions } from "@tanstack/react-query";
import { WEBHOOK_EVENT_TYPES } from "../../../src/webhooks/events";
import { api, call } from "../api/client";
import { cursorQuery } from "../api/paging";
import type { components } from "../api/schema";

export type Webhook = components["schemas"]["Webhook"];
export type WebhookWithSecret = components["schemas"]["WebhookWithSecret"];
export type RotatedWebhook = components["schemas"]["WebhookRotated"];
export type WebhookDelivery = components["schemas"]["WebhookDelivery"];
export type DeliveryPage = { deliveries: WebhookDelivery[]; next_cursor: string | null };

export interface WebhookFields {
  url: string;
  /** null: every event, including types added later. */
  events: string[] | null;
  description: string;
}

export interface WebhookApi {
  /** The query key under which the list and every delivery log are kept (invalidating it reloads them all). */
  key: readonly unknown[];
  /** The event types an endpoint may choose from, in the order to show them. */
  eventTypes: readonly string[];
  list: () => Promise<{ webhooks: Webhook[] }>;
  create: (fields: WebhookFields) => Promise<WebhookWithSecret>;
  update: (id: string, patch: Partial<WebhookFields> & { enabled?: boolean }) => Promise<Webhook>;
  remove: (id: string) => Promise<void>;
  rotateSecret: (id: string) => Promise<RotatedWebhook>;
  sendTest: (id: string) => Promise<{ delivery_id: string }>;
  deliveries: (id: string, cursor: string) => Promise<DeliveryPage>;
  retry: (id: string, deliveryId: string) => Promise<{ id: string }>;
}

/** `workspace.created` is a type no endpoint can hear yet (an endpoint needs its workspace first): not offered. */
export const WORKSPACE_WEBHOOK_EVENTS: readonly string[] = WEBHOOK_EVENT_TYPES.filter(
  (type) => type !== "workspace.created",
);

/** Deliveries per page of the log: a screenful; older ones behind "Show older deliveries". */
export const DELIVERIES_PAGE_SIZE = 20;

type EventType = (typeof WEBHOOK_EVENT_TYPES)[number];
/** The form offers only the list above, so its choices are the server's enum. */
const asEventTypes = (events: string[] | null | undefined) => events as EventType[] | null | undefined;

/** A workspace's endpoints (owners only: docs/api.md, Webhooks). */
export function workspaceWebhookApi(workspaceId: string): WebhookApi {
  const id = workspaceId;
  const one = (webhookId: string) => ({ params: { path: { id, webhook_id: webhookId } } });
  return {
    key: ["workspaces", id, "webhooks"],
    eventTypes: WORKSPACE_WEBHOOK_EVENTS,
    list: () => call(api.GET("/workspaces/{id}/webhooks", { params: { path: { id } } })),
    create: (fields) =>
      call(
        api.POST("/workspaces/{id}/webhooks", {
          params: { path: { id } },
          body: { ...fields, events: asEventTypes(fields.events) },
        }),
      ),
    update: (webhookId, patch) =>
      call(
        api.PATCH("/workspaces/{id}/webhooks/{webhook_id}", {
          ...one(webhookId),
          body: { ...patch, events: asEventTypes(patch.events) },
        }),
      ),
    remove: async (webhookId) => {
      await call(api.DELETE("/workspaces/{id}/webhooks/{webhook_id}", one(webhookId)));
    },
    rotateSecret: (webhookId) => call(api.POST("/workspaces/{id}/webhooks/{webhook_id}/rotate-secret", one(webhookId))),
    sendTest: (webhookId) => call(api.POST("/workspaces/{id}/webhooks/{webhook_id}/test", one(webhookId))),
    deliveries: (webhookId, cursor) =>
      call(
        api.GET("/workspaces/{id}/webhooks/{webhook_id}/deliveries", {
          params: {
            path: { id, webhook_id: webhookId },
            query: { limit: DELIVERIES_PAGE_SIZE, ...cursorQuery(cursor) },
          },
        }),
      ),
    retry: (webhookId, deliveryId) =>
      call(
        api.POST("/workspaces/{id}/webhooks/{webhook_id}/deliveries/{delivery_id}/retry", {
          params: { path: { id, webhook_id: webhookId, delivery_id: deliveryId } },
        }),
      ),
  };
}

/** The endpoints' list as a query, shared by the section and the tab's prefetch (one key, one request). */
export const webhookListQuery = (webhooks: WebhookApi) =>
  queryOptions({ queryKey: [...webhooks.key, "list"], queryFn: webhooks.list });
