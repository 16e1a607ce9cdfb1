/**
 * `/api/admin/webhooks`: the platform's webhook endpoints for account events (decision 0037), platform admins only
 * (the `/api/admin/*` middleware: admins with two-factor, writes after a recent sign-in). The same routes, shapes
 * and rules as a workspace's (webhook-routes.ts); the list lives in D1 (webhooks/platform-endpoints.ts); each
 * endpoint's WebhookEndpoint object keeps its log.
 */
import { createRouter } from "../http/router";
import { unwrap } from "../lib/result";
import { ACCOUNT_EVENT_TYPES } from "../webhooks/account-events";
import { platformEndpointDeps, runPlatformWebhookCommand } from "../webhooks/platform-endpoints";
import { prepareWebhookCommand } from "../workspace/webhook-commands";
import { declareWebhookRoutes, eventTypesField } from "./webhook-routes";

export const adminWebhookRoutes = createRouter();

declareWebhookRoutes(adminWebhookRoutes, {
  path: "/admin/webhooks",
  tags: ["Administration"],
  idPattern: /^whk_[A-Za-z0-9_-]{22}$/,
  events: eventTypesField(
    ACCOUNT_EVENT_TYPES,
    "The account events to send; omitted or null: every one, including ones added later.",
  ),
  summaries: {
    create: "Add a webhook endpoint for account events (platform admin); its secret is shown only here",
    list: "The platform's webhook endpoints, oldest first (platform admin)",
    get: "One platform webhook endpoint (platform admin)",
    update: "Change a platform webhook endpoint: URL, events, description, on or off (platform admin)",
    delete: "Delete a platform webhook endpoint and its delivery log (platform admin)",
    rotate: "A new secret (shown only here); the old one signs beside it for 24 hours (platform admin)",
    ping: "Send a `ping` event to the platform endpoint (platform admin)",
    deliveries: "The platform endpoint's delivery log, newest first, 30 days (platform admin)",
    retry: "Send a delivery again, now, in its place in the order (platform admin)",
  },
  problems: {
    create: [400, 401, 403, 409, 422],
    list: [401, 403],
    get: [400, 401, 403, 404],
    update: [400, 401, 403, 404, 422],
    delete: [400, 401, 403, 404],
    rotate: [400, 401, 403, 404, 409],
    ping: [400, 401, 403, 404],
    deliveries: [400, 401, 403, 404],
    retry: [400, 401, 403, 404],
  },
  run: async (c, order) => {
    const { services, caller } = c.var;
    const prepared = await prepareWebhookCommand(services.config.authSecret, order);
    return unwrap(await runPlatformWebhookCommand(platformEndpointDeps(services), caller.userId, prepared));
  },
  unwrap: (result) => unwrap(result),
});
