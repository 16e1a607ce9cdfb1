/**
 * `/api/admin/webhooks`: the platform's webhook endpoints for account events (decision 0037), platform admins only
 * (the `/api/admin/*` middleware: admins with two-factor, writes after a recent sign-in). The same shapes and rules
 * as a workspace's (webhooks.ts): the URL rule is checked here before anything is written; the list lives in D1
 * (webhooks/platform-endpoints.ts); each endpoint's WebhookEndpoint object keeps its log.
 */
import { createRoute, z } from "@hono/zod-openapi";
import { PageQuery } from "../http/pagination";
import { createRouter } from "../http/router";
import { unwrap } from "../lib/result";
import type { Services } from "../services";
import { ACCOUNT_EVENT_TYPES } from "../webhooks/account-events";
import { platformEndpointDeps, runPlatformWebhookCommand } from "../webhooks/platform-endpoints";
import { prepareWebhookCommand, type WebhookCommand } from "../workspace/webhook-commands";
import { problemResponses } from "./openapi";
import { json, jsonBody } from "./schemas";
import {
  DeliverySchema,
  Description,
  RotatedSchema,
  safeUrl,
  UrlField,
  WebhookSchema,
  WebhookWithSecretSchema,
} from "./webhooks";

const security = [{ bearer: [] }];
const tags = ["Administration"];
const ID = /^whk_[A-Za-z0-9_-]{22}$/;

const WebhookParams = z.object({
  webhook_id: z
    .string()
    .regex(ID)
    .openapi({ param: { name: "webhook_id", in: "path" } }),
});
const DeliveryParams = WebhookParams.extend({
  delivery_id: z
    .string()
    .min(1)
    .max(100)
    .openapi({ param: { name: "delivery_id", in: "path" } }),
});
const AccountEventTypes = z
  .array(z.enum(ACCOUNT_EVENT_TYPES))
  .min(1)
  .max(ACCOUNT_EVENT_TYPES.length)
  .openapi({ description: "The account events to send; omitted or null: every one, including ones added later." });

type View = z.infer<typeof WebhookSchema>;

async function command(services: Services, actorId: string, order: WebhookCommand) {
  const prepared = await prepareWebhookCommand(services.config.authSecret, order);
  return unwrap(await runPlatformWebhookCommand(platformEndpointDeps(services), actorId, prepared));
}

/** The endpoint's object, once D1 has said the endpoint exists. */
async function endpointOf(services: Services, actorId: string, webhookId: string) {
  await command(services, actorId, { kind: "get", id: webhookId });
  return services.webhookEndpoints.get(services.webhookEndpoints.idFromName(webhookId));
}

export const adminWebhookRoutes = createRouter();

adminWebhookRoutes.openapi(
  createRoute({
    method: "post",
    path: "/admin/webhooks",
    tags,
    security,
    summary: "Add a webhook endpoint for account events (platform admin); its secret is shown only here",
    request: {
      ...jsonBody(
        z.object({
          url: UrlField,
          events: AccountEventTypes.nullable().optional(),
          description: Description.optional(),
        }),
      ),
    },
    responses: { 201: json(WebhookWithSecretSchema, "Added."), ...problemResponses(400, 401, 403, 409, 422) },
  }),
  async (c) => {
    const { services, caller } = c.var;
    const body = c.req.valid("json");
    const order = {
      kind: "create" as const,
      url: safeUrl(services, body.url),
      events: body.events ?? null,
      description: body.description ?? "",
    };
    return c.json((await command(services, caller.userId, order)) as View & { secret: string }, 201);
  },
);

adminWebhookRoutes.openapi(
  createRoute({
    method: "get",
    path: "/admin/webhooks",
    tags,
    security,
    summary: "The platform's webhook endpoints, oldest first (platform admin)",
    responses: {
      200: json(z.object({ webhooks: z.array(WebhookSchema) }), "The endpoints."),
      ...problemResponses(401, 403),
    },
  }),
  async (c) => {
    const { services, caller } = c.var;
    return c.json((await command(services, caller.userId, { kind: "list" })) as { webhooks: View[] }, 200);
  },
);

adminWebhookRoutes.openapi(
  createRoute({
    method: "get",
    path: "/admin/webhooks/{webhook_id}",
    tags,
    security,
    summary: "One platform webhook endpoint (platform admin)",
    request: { params: WebhookParams },
    responses: { 200: json(WebhookSchema, "The endpoint."), ...problemResponses(400, 401, 403, 404) },
  }),
  async (c) => {
    const { services, caller } = c.var;
    const id = c.req.valid("param").webhook_id;
    return c.json((await command(services, caller.userId, { kind: "get", id })) as View, 200);
  },
);

adminWebhookRoutes.openapi(
  createRoute({
    method: "patch",
    path: "/admin/webhooks/{webhook_id}",
    tags,
    security,
    summary: "Change a platform webhook endpoint: URL, events, description, on or off (platform admin)",
    request: {
      params: WebhookParams,
      ...jsonBody(
        z.object({
          url: UrlField.optional(),
          events: AccountEventTypes.nullable().optional(),
          description: Description.optional(),
          enabled: z.boolean().optional(),
        }),
      ),
    },
    responses: { 200: json(WebhookSchema, "Changed."), ...problemResponses(400, 401, 403, 404, 422) },
  }),
  async (c) => {
    const { services, caller } = c.var;
    const body = c.req.valid("json");
    const patch = { ...body, ...(body.url !== undefined && { url: safeUrl(services, body.url) }) };
    const order = { kind: "update" as const, id: c.req.valid("param").webhook_id, patch };
    return c.json((await command(services, caller.userId, order)) as View, 200);
  },
);

adminWebhookRoutes.openapi(
  createRoute({
    method: "delete",
    path: "/admin/webhooks/{webhook_id}",
    tags,
    security,
    summary: "Delete a platform webhook endpoint and its delivery log (platform admin)",
    request: { params: WebhookParams },
    responses: { 204: { description: "Deleted." }, ...problemResponses(400, 401, 403, 404) },
  }),
  async (c) => {
    const { services, caller } = c.var;
    await command(services, caller.userId, { kind: "delete", id: c.req.valid("param").webhook_id });
    return c.body(null, 204);
  },
);

adminWebhookRoutes.openapi(
  createRoute({
    method: "post",
    path: "/admin/webhooks/{webhook_id}/rotate-secret",
    tags,
    security,
    summary: "A new secret (shown only here); the old one signs beside it for 24 hours (platform admin)",
    request: { params: WebhookParams },
    responses: { 200: json(RotatedSchema, "Rotated."), ...problemResponses(400, 401, 403, 404, 409) },
  }),
  async (c) => {
    const { services, caller } = c.var;
    const rotated = await command(services, caller.userId, { kind: "rotate", id: c.req.valid("param").webhook_id });
    return c.json(rotated as z.infer<typeof RotatedSchema>, 200);
  },
);

adminWebhookRoutes.openapi(
  createRoute({
    method: "post",
    path: "/admin/webhooks/{webhook_id}/test",
    tags,
    security,
    summary: "Send a `ping` event to the platform endpoint (platform admin)",
    request: { params: WebhookParams },
    responses: {
      202: json(z.object({ delivery_id: z.string() }), "Queued; see the delivery log."),
      ...problemResponses(400, 401, 403, 404),
    },
  }),
  async (c) => {
    const { services, caller } = c.var;
    const queued = await command(services, caller.userId, { kind: "ping", id: c.req.valid("param").webhook_id });
    return c.json(queued as { delivery_id: string }, 202);
  },
);

adminWebhookRoutes.openapi(
  createRoute({
    method: "get",
    path: "/admin/webhooks/{webhook_id}/deliveries",
    tags,
    security,
    summary: "The platform endpoint's delivery log, newest first, 30 days (platform admin)",
    request: { params: WebhookParams, query: PageQuery },
    responses: {
      200: json(z.object({ deliveries: z.array(DeliverySchema), next_cursor: z.string().nullable() }), "A page."),
      ...problemResponses(400, 401, 403, 404),
    },
  }),
  async (c) => {
    const { services, caller } = c.var;
    const endpoint = await endpointOf(services, caller.userId, c.req.valid("param").webhook_id);
    const page = unwrap(await endpoint.deliveries(c.req.valid("query")));
    return c.json(page as { deliveries: z.infer<typeof DeliverySchema>[]; next_cursor: string | null }, 200);
  },
);

adminWebhookRoutes.openapi(
  createRoute({
    method: "post",
    path: "/admin/webhooks/{webhook_id}/deliveries/{delivery_id}/retry",
    tags,
    security,
    summary: "Send a delivery again, now, in its place in the order (platform admin)",
    request: { params: DeliveryParams },
    responses: {
      202: json(z.object({ id: z.string() }), "Queued again."),
      ...problemResponses(400, 401, 403, 404),
    },
  }),
  async (c) => {
    const { services, caller } = c.var;
    const params = c.req.valid("param");
    const endpoint = await endpointOf(services, caller.userId, params.webhook_id);
    return c.json(unwrap(await endpoint.retry(params.delivery_id)), 202);
  },
);
