/**
 * A workspace's webhook endpoints (decision 0035), owners only: made, listed, changed, deleted, their secret
 * rotated, a ping sent, and their delivery log read and retried (the routes: webhook-routes.ts). The Workspace
 * object decides who may act and owns the list; each endpoint's WebhookEndpoint object keeps its log.
 */
import { createRouter } from "../http/router";
import { WEBHOOK_EVENT_TYPES } from "../webhooks/events";
import { declareWebhookRoutes, eventTypesField } from "./webhook-routes";
import { unwrap, WorkspaceIdParam, workspaceStub } from "./workspace-access";

export const webhookRoutes = createRouter();

declareWebhookRoutes(webhookRoutes, {
  path: "/workspaces/{id}/webhooks",
  tags: ["Webhooks"],
  ownerParams: WorkspaceIdParam,
  idPattern: /^[a-z]{3}_[A-Za-z0-9_-]{22}$/,
  events: eventTypesField(
    WEBHOOK_EVENT_TYPES,
    "The event types to send; omitted or null: every event, including ones added later.",
  ),
  summaries: {
    create: "Add a webhook endpoint (owner); its secret is shown only in this answer",
    list: "The workspace's webhook endpoints, oldest first (owner)",
    get: "One webhook endpoint (owner)",
    update: "Change a webhook endpoint: URL, events, description, on or off (owner)",
    delete: "Delete a webhook endpoint and its delivery log (owner)",
    rotate: "A new secret (shown only here); the old one signs beside it for 24 hours (owner)",
    ping: "Send a `ping` event to the endpoint (owner)",
    deliveries: "The endpoint's delivery log, newest first, 30 days (owner)",
    retry: "Send a delivery again, now, in its place in the order (owner)",
  },
  problems: {
    create: [400, 401, 403, 404, 409, 422],
    list: [401, 403, 404],
    get: [400, 401, 403, 404],
    update: [400, 401, 403, 404, 422],
    delete: [400, 401, 403, 404],
    rotate: [400, 401, 403, 404],
    ping: [400, 401, 403, 404],
    deliveries: [400, 401, 403, 404],
    retry: [400, 401, 403, 404],
  },
  run: async (c, order) =>
    unwrap(await workspaceStub(c.var.services, c.req.param("id") ?? "").webhooks(c.var.caller.userId, order)),
  unwrap,
});
