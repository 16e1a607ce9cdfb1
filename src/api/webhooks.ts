/**
 * A workspace's webhook endpoints (decision 0035), owners only: made, listed, changed, deleted, their secret
 * rotated, a ping sent, and their delivery log read and retried. The URL rule (webhooks/url-safety.ts) is checked
 * here, before anything is asked of the object; the Workspace object decides who may act and owns the list; each
 * endpoint's WebhookEndpoint object keeps its log.
 */
import { createRoute, z } from "@hono/zod-openapi";
import { PageQuery } from "../http/pagination";
import { createRouter } from "../http/router";
import { ApiError } from "../lib/problem";
import type { Services } from "../services";
import { WEBHOOK_EVENT_TYPES } from "../webhooks/events";
import { checkWebhookUrl } from "../webhooks/url-safety";
import type { WebhookCommand, WebhookView } from "../workspace/webhook-commands";
import { problemResponses } from "./openapi";
import { json, jsonBody } from "./schemas";
import { unwrap, WorkspaceIdParam, workspaceStub } from "./workspace-access";

const security = [{ bearer: [] }];
const tags = ["Webhooks"];
const ID = /^[a-z]{3}_[A-Za-z0-9_-]{22}$/;

const WebhookParams = WorkspaceIdParam.extend({
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

const EventTypes = z
  .array(z.enum(WEBHOOK_EVENT_TYPES))
  .min(1)
  .max(WEBHOOK_EVENT_TYPES.length)
  .openapi({ description: "The event types to send; omitted or null: every event, including ones added later." });
export const UrlField = z
  .string()
  .min(1)
  .max(2048)
  .openapi({ description: "`https://` on a public host.", example: "https://example.com/hooks" });
export const Description = z.string().max(200);

export const WebhookSchema = z
  .object({
    id: z.string(),
    url: z.string(),
    events: z.array(z.string()).nullable(),
    description: z.string(),
    enabled: z.boolean(),
    disabled_reason: z.enum(["gone", "failing"]).nullable().openapi({ description: "Why delivery turned it off." }),
    created_at: z.string(),
  })
  .openapi("Webhook");
export const WebhookWithSecretSchema = WebhookSchema.extend({
  secret: z.string().openapi({ description: "`whsec_…`: shown only here, never again." }),
}).openapi("WebhookWithSecret");
export const RotatedSchema = WebhookWithSecretSchema.extend({
  previous_secret_expires_at: z
    .string()
    .openapi({ description: "Until then the old secret signs beside the new one." }),
}).openapi("WebhookRotated");
export const DeliverySchema = z
  .object({
    id: z.string().openapi({ description: "The `webhook-id` header: the same on every attempt." }),
    event_type: z.string(),
    status: z.enum(["pending", "succeeded", "failed"]),
    attempts: z.number().int(),
    response_status: z.number().int().nullable(),
    response_body: z.string().nullable().openapi({ description: "The first 1 KB of the last answer." }),
    next_attempt_at: z.string().nullable(),
    created_at: z.string(),
  })
  .openapi("WebhookDelivery");

/** The URL as it will be used, or a 422 problem saying why it may not be: nothing is asked of the object. */
export function safeUrl(services: Services, url: string): string {
  const verdict = checkWebhookUrl(url, { development: services.config.isDevelopment });
  if (!verdict.ok) throw new ApiError("webhook_url_refused", verdict.reason);
  return verdict.url;
}

async function command(services: Services, workspaceId: string, actorId: string, order: WebhookCommand) {
  return unwrap(await workspaceStub(services, workspaceId).webhooks(actorId, order));
}

/** The endpoint's object, once the workspace has said the caller owns it and the endpoint exists. */
async function endpointOf(services: Services, params: { id: string; webhook_id: string }, actorId: string) {
  await command(services, params.id, actorId, { kind: "get", id: params.webhook_id });
  return services.webhookEndpoints.get(services.webhookEndpoints.idFromName(params.webhook_id));
}

export const webhookRoutes = createRouter();

webhookRoutes.openapi(
  createRoute({
    method: "post",
    path: "/workspaces/{id}/webhooks",
    tags,
    security,
    summary: "Add a webhook endpoint (owner); its secret is shown only in this answer",
    request: {
      params: WorkspaceIdParam,
      ...jsonBody(
        z.object({ url: UrlField, events: EventTypes.nullable().optional(), description: Description.optional() }),
      ),
    },
    responses: { 201: json(WebhookWithSecretSchema, "Added."), ...problemResponses(400, 401, 403, 404, 409, 422) },
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
    const created = await command(services, c.req.valid("param").id, caller.userId, order);
    return c.json(created as WebhookView & { secret: string }, 201);
  },
);

webhookRoutes.openapi(
  createRoute({
    method: "get",
    path: "/workspaces/{id}/webhooks",
    tags,
    security,
    summary: "The workspace's webhook endpoints, oldest first (owner)",
    request: { params: WorkspaceIdParam },
    responses: {
      200: json(z.object({ webhooks: z.array(WebhookSchema) }), "The endpoints."),
      ...problemResponses(401, 403, 404),
    },
  }),
  async (c) => {
    const { services, caller } = c.var;
    const list = await command(services, c.req.valid("param").id, caller.userId, { kind: "list" });
    return c.json(list as { webhooks: WebhookView[] }, 200);
  },
);

webhookRoutes.openapi(
  createRoute({
    method: "get",
    path: "/workspaces/{id}/webhooks/{webhook_id}",
    tags,
    security,
    summary: "One webhook endpoint (owner)",
    request: { params: WebhookParams },
    responses: { 200: json(WebhookSchema, "The endpoint."), ...problemResponses(400, 401, 403, 404) },
  }),
  async (c) => {
    const { services, caller } = c.var;
    const params = c.req.valid("param");
    const found = await command(services, params.id, caller.userId, { kind: "get", id: params.webhook_id });
    return c.json(found as WebhookView, 200);
  },
);

webhookRoutes.openapi(
  createRoute({
    method: "patch",
    path: "/workspaces/{id}/webhooks/{webhook_id}",
    tags,
    security,
    summary: "Change a webhook endpoint: URL, events, description, on or off (owner)",
    request: {
      params: WebhookParams,
      ...jsonBody(
        z.object({
          url: UrlField.optional(),
          events: EventTypes.nullable().optional(),
          description: Description.optional(),
          enabled: z.boolean().optional(),
        }),
      ),
    },
    responses: { 200: json(WebhookSchema, "Changed."), ...problemResponses(400, 401, 403, 404, 422) },
  }),
  async (c) => {
    const { services, caller } = c.var;
    const params = c.req.valid("param");
    const body = c.req.valid("json");
    const patch = { ...body, ...(body.url !== undefined && { url: safeUrl(services, body.url) }) };
    const order = { kind: "update" as const, id: params.webhook_id, patch };
    return c.json((await command(services, params.id, caller.userId, order)) as WebhookView, 200);
  },
);

webhookRoutes.openapi(
  createRoute({
    method: "delete",
    path: "/workspaces/{id}/webhooks/{webhook_id}",
    tags,
    security,
    summary: "Delete a webhook endpoint and its delivery log (owner)",
    request: { params: WebhookParams },
    responses: { 204: { description: "Deleted." }, ...problemResponses(400, 401, 403, 404) },
  }),
  async (c) => {
    const { services, caller } = c.var;
    const params = c.req.valid("param");
    await command(services, params.id, caller.userId, { kind: "delete", id: params.webhook_id });
    return c.body(null, 204);
  },
);

webhookRoutes.openapi(
  createRoute({
    method: "post",
    path: "/workspaces/{id}/webhooks/{webhook_id}/rotate-secret",
    tags,
    security,
    summary: "A new secret (shown only here); the old one signs beside it for 24 hours (owner)",
    request: { params: WebhookParams },
    responses: { 200: json(RotatedSchema, "Rotated."), ...problemResponses(400, 401, 403, 404) },
  }),
  async (c) => {
    const { services, caller } = c.var;
    const params = c.req.valid("param");
    const rotated = await command(services, params.id, caller.userId, { kind: "rotate", id: params.webhook_id });
    return c.json(rotated as z.infer<typeof RotatedSchema>, 200);
  },
);

webhookRoutes.openapi(
  createRoute({
    method: "post",
    path: "/workspaces/{id}/webhooks/{webhook_id}/test",
    tags,
    security,
    summary: "Send a `ping` event to the endpoint (owner)",
    request: { params: WebhookParams },
    responses: {
      202: json(z.object({ delivery_id: z.string() }), "Queued; see the delivery log."),
      ...problemResponses(400, 401, 403, 404),
    },
  }),
  async (c) => {
    const { services, caller } = c.var;
    const params = c.req.valid("param");
    const queued = await command(services, params.id, caller.userId, { kind: "ping", id: params.webhook_id });
    return c.json(queued as { delivery_id: string }, 202);
  },
);

webhookRoutes.openapi(
  createRoute({
    method: "get",
    path: "/workspaces/{id}/webhooks/{webhook_id}/deliveries",
    tags,
    security,
    summary: "The endpoint's delivery log, newest first, 30 days (owner)",
    request: { params: WebhookParams, query: PageQuery },
    responses: {
      200: json(z.object({ deliveries: z.array(DeliverySchema), next_cursor: z.string().nullable() }), "A page."),
      ...problemResponses(400, 401, 403, 404),
    },
  }),
  async (c) => {
    const { services, caller } = c.var;
    const endpoint = await endpointOf(services, c.req.valid("param"), caller.userId);
    const page = unwrap(await endpoint.deliveries(c.req.valid("query")));
    return c.json(page as { deliveries: z.infer<typeof DeliverySchema>[]; next_cursor: string | null }, 200);
  },
);

webhookRoutes.openapi(
  createRoute({
    method: "post",
    path: "/workspaces/{id}/webhooks/{webhook_id}/deliveries/{delivery_id}/retry",
    tags,
    security,
    summary: "Send a delivery again, now, in its place in the order (owner)",
    request: { params: DeliveryParams },
    responses: {
      202: json(z.object({ id: z.string() }), "Queued again."),
      ...problemResponses(400, 401, 403, 404),
    },
  }),
  async (c) => {
    const { services, caller } = c.var;
    const params = c.req.valid("param");
    const endpoint = await endpointOf(services, params, caller.userId);
    return c.json(unwrap(await endpoint.retry(params.delivery_id)), 202);
  },
);
