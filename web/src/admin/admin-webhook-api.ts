/**
 * The platform's webhook endpoints for account events (decision 0037), as the `WebhookApi` the shared Webhooks
 * section takes (webhooks/webhook-api.ts): the same shapes as a workspace's, at `/admin/webhooks`, with the
 * account event types to choose from.
 */
import { ACCOUNT_EVENT_TYPES, type AccountEventType } from "../../../src/webhooks/account-event-types";
import { api, call } from "../api/client";
import { cursorQuery } from "../api/paging";
import { DELIVERIES_PAGE_SIZE, type WebhookApi } from "../webhooks/webhook-api";

/** The form offers only the list above, so its choices are the server's enum. */
const asAccountEvents = (events: string[] | null | undefined) => events as AccountEventType[] | null | undefined;

const one = (webhookId: string) => ({ params: { path: { webhook_id: webhookId } } });

export const adminWebhookApi: WebhookApi = {
  key: ["admin", "webhooks"],
  eventTypes: ACCOUNT_EVENT_TYPES,
  list: () => call(api.GET("/admin/webhooks")),
  create: (fields) =>
    call(api.POST("/admin/webhooks", { body: { ...fields, events: asAccountEvents(fields.events) } })),
  update: (webhookId, patch) =>
    call(
      api.PATCH("/admin/webhooks/{webhook_id}", {
        ...one(webhookId),
        body: { ...patch, events: asAccountEvents(patch.events) },
      }),
    ),
  remove: async (webhookId) => {
    await call(api.DELETE("/admin/webhooks/{webhook_id}", one(webhookId)));
  },
  rotateSecret: (webhookId) => call(api.POST("/admin/webhooks/{webhook_id}/rotate-secret", one(webhookId))),
  sendTest: (webhookId) => call(api.POST("/admin/webhooks/{webhook_id}/test", one(webhookId))),
  deliveries: (webhookId, cursor) =>
    call(
      api.GET("/admin/webhooks/{webhook_id}/deliveries", {
        params: { path: { webhook_id: webhookId }, query: { limit: DELIVERIES_PAGE_SIZE, ...cursorQuery(cursor) } },
      }),
    ),
  retry: (webhookId, deliveryId) =>
    call(
      api.POST("/admin/webhooks/{webhook_id}/deliveries/{delivery_id}/retry", {
        params: { path: { webhook_id: webhookId, delivery_id: deliveryId } },
      }),
    ),
};
