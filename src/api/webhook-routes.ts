/**
 * The webhook endpoint routes, declared once for both of their owners: a workspace's (decision 0035, webhooks.ts)
 * and the platform's (decision 0037, admin-webhooks.ts). The same nine routes with the same shapes and rules; what
 * differs comes in a `WebhookRouteSpec`: the path, who may call (the words of each summary, the problems each may
 * answer), the event types, what an endpoint id looks like, and how a command reaches the list's keeper. The URL
 * rule (webhooks/url-safety.ts) is checked here, before anything is asked of the keeper; each endpoint's
 * WebhookEndpoint object keeps its log.
 */
import { createRoute, type OpenAPIHono, z } from "@hono/zod-openapi";
import type { Context } from "hono";
import type { AppEnv } from "../app-env";
import { PageQuery } from "../http/pagination";
import { ApiError } from "../lib/problem";
import type { Result } from "../lib/result";
import type { Services } from "../services";
import { checkWebhookUrl } from "../webhooks/url-safety";
import type { WebhookCommand, WebhookView } from "../workspace/webhook-commands";
import { problemResponses } from "./openapi";
import { json, jsonBody } from "./schemas";

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

/** The URL as it will be used, or a 422 problem saying why it may not be: nothing is asked of the keeper. */
export function safeUrl(services: Services, url: string): string {
  const verdict = checkWebhookUrl(url, { development: services.config.isDevelopment });
  if (!verdict.ok) throw new ApiError("webhook_url_refused", verdict.reason);
  return verdict.url;
}

/** The `events` field: some of `types`, or (omitted or null) every one. */
export function eventTypesField(types: readonly [string, ...string[]], description: string) {
  return z.array(z.enum(types)).min(1).max(types.length).openapi({ description });
}

type RouteName = "create" | "list" | "get" | "update" | "delete" | "rotate" | "ping" | "deliveries" | "retry";

export interface WebhookRouteSpec {
  /** The list's path, e.g. `/admin/webhooks`. */
  path: string;
  tags: string[];
  /** The path parameters of the list's owner (a workspace's id); none for the platform's. */
  ownerParams?: z.ZodObject;
  /** What an endpoint id looks like in a path. */
  idPattern: RegExp;
  events: ReturnType<typeof eventTypesField>;
  summaries: Record<RouteName, string>;
  problems: Record<RouteName, number[]>;
  /** Runs a command as the caller on the list the request names; its value, or its problem thrown. */
  run(c: Context<AppEnv>, order: WebhookCommand): Promise<unknown>;
  /** An endpoint object's answer as a value, or its refusal as a problem in the owner's words. */
  unwrap<T>(result: Result<T>): T;
}

type Router = OpenAPIHono<AppEnv>;
const security = [{ bearer: [] }];

export function declareWebhookRoutes(router: Router, spec: WebhookRouteSpec) {
  const webhookParams = (spec.ownerParams ?? z.object({})).extend({
    webhook_id: z
      .string()
      .regex(spec.idPattern)
      .openapi({ param: { name: "webhook_id", in: "path" } }),
  });
  const deliveryParams = webhookParams.extend({
    delivery_id: z
      .string()
      .min(1)
      .max(100)
      .openapi({ param: { name: "delivery_id", in: "path" } }),
  });
  const route = (name: RouteName) => ({ tags: spec.tags, security, summary: spec.summaries[name] });
  declareList(router, spec, route);
  declareEndpoint(router, spec, route, webhookParams);
  declareActions(router, spec, route, webhookParams);
  declareDeliveries(router, spec, route, webhookParams, deliveryParams);
}

type RouteWords = (name: RouteName) => { tags: string[]; security: typeof security; summary: string };
type WebhookParams = z.ZodObject<{ webhook_id: z.ZodString }>;

function declareList(router: Router, spec: WebhookRouteSpec, route: RouteWords) {
  const owner = spec.ownerParams ? { params: spec.ownerParams } : {};
  const body = z.object({
    url: UrlField,
    events: spec.events.nullable().optional(),
    description: Description.optional(),
  });
  router.openapi(
    createRoute({
      method: "post",
      path: spec.path,
      ...route("create"),
      request: { ...owner, ...jsonBody(body) },
      responses: { 201: json(WebhookWithSecretSchema, "Added."), ...problemResponses(...spec.problems.create) },
    }),
    async (c) => {
      const { services } = c.var;
      const body = c.req.valid("json");
      const order = {
        kind: "create" as const,
        url: safeUrl(services, body.url),
        events: body.events ?? null,
        description: body.description ?? "",
      };
      return c.json((await spec.run(c, order)) as WebhookView & { secret: string }, 201);
    },
  );
  router.openapi(
    createRoute({
      method: "get",
      path: spec.path,
      ...route("list"),
      ...(spec.ownerParams && { request: owner }),
      responses: {
        200: json(z.object({ webhooks: z.array(WebhookSchema) }), "The endpoints."),
        ...problemResponses(...spec.problems.list),
      },
    }),
    async (c) => c.json((await spec.run(c, { kind: "list" })) as { webhooks: WebhookView[] }, 200),
  );
}

function declareEndpoint(router: Router, spec: WebhookRouteSpec, route: RouteWords, params: WebhookParams) {
  const path = `${spec.path}/{webhook_id}`;
  const id = (c: Context<AppEnv>) => c.req.param("webhook_id") ?? "";
  router.openapi(
    createRoute({
      method: "get",
      path,
      ...route("get"),
      request: { params },
      responses: { 200: json(WebhookSchema, "The endpoint."), ...problemResponses(...spec.problems.get) },
    }),
    async (c) => c.json((await spec.run(c, { kind: "get", id: id(c) })) as WebhookView, 200),
  );
  const patchBody = z.object({
    url: UrlField.optional(),
    events: spec.events.nullable().optional(),
    description: Description.optional(),
    enabled: z.boolean().optional(),
  });
  router.openapi(
    createRoute({
      method: "patch",
      path,
      ...route("update"),
      request: { params, ...jsonBody(patchBody) },
      responses: { 200: json(WebhookSchema, "Changed."), ...problemResponses(...spec.problems.update) },
    }),
    async (c) => {
      const body = c.req.valid("json");
      const patch = { ...body, ...(body.url !== undefined && { url: safeUrl(c.var.services, body.url) }) };
      return c.json((await spec.run(c, { kind: "update", id: id(c), patch })) as WebhookView, 200);
    },
  );
  router.openapi(
    createRoute({
      method: "delete",
      path,
      ...route("delete"),
      request: { params },
      responses: { 204: { description: "Deleted." }, ...problemResponses(...spec.problems.delete) },
    }),
    async (c) => {
      await spec.run(c, { kind: "delete", id: id(c) });
      return c.body(null, 204);
    },
  );
}

function declareActions(router: Router, spec: WebhookRouteSpec, route: RouteWords, params: WebhookParams) {
  const id = (c: Context<AppEnv>) => c.req.param("webhook_id") ?? "";
  router.openapi(
    createRoute({
      method: "post",
      path: `${spec.path}/{webhook_id}/rotate-secret`,
      ...route("rotate"),
      request: { params },
      responses: { 200: json(RotatedSchema, "Rotated."), ...problemResponses(...spec.problems.rotate) },
    }),
    async (c) => c.json((await spec.run(c, { kind: "rotate", id: id(c) })) as z.infer<typeof RotatedSchema>, 200),
  );
  router.openapi(
    createRoute({
      method: "post",
      path: `${spec.path}/{webhook_id}/test`,
      ...route("ping"),
      request: { params },
      responses: {
        202: json(z.object({ delivery_id: z.string() }), "Queued; see the delivery log."),
        ...problemResponses(...spec.problems.ping),
      },
    }),
    async (c) => c.json((await spec.run(c, { kind: "ping", id: id(c) })) as { delivery_id: string }, 202),
  );
}

function declareDeliveries(
  router: Router,
  spec: WebhookRouteSpec,
  route: RouteWords,
  params: WebhookParams,
  deliveryParams: z.ZodObject<{ webhook_id: z.ZodString; delivery_id: z.ZodString }>,
) {
  /** The endpoint's object, once the list's keeper has said the caller may see it and it exists. */
  const endpointOf = async (c: Context<AppEnv>) => {
    const webhookId = c.req.param("webhook_id") ?? "";
    await spec.run(c, { kind: "get", id: webhookId });
    return c.var.services.webhookEndpoints.get(c.var.services.webhookEndpoints.idFromName(webhookId));
  };
  router.openapi(
    createRoute({
      method: "get",
      path: `${spec.path}/{webhook_id}/deliveries`,
      ...route("deliveries"),
      request: { params, query: PageQuery },
      responses: {
        200: json(z.object({ deliveries: z.array(DeliverySchema), next_cursor: z.string().nullable() }), "A page."),
        ...problemResponses(...spec.problems.deliveries),
      },
    }),
    async (c) => {
      const page = spec.unwrap(await (await endpointOf(c)).deliveries(c.req.valid("query")));
      return c.json(page as { deliveries: z.infer<typeof DeliverySchema>[]; next_cursor: string | null }, 200);
    },
  );
  router.openapi(
    createRoute({
      method: "post",
      path: `${spec.path}/{webhook_id}/deliveries/{delivery_id}/retry`,
      ...route("retry"),
      request: { params: deliveryParams },
      responses: {
        202: json(z.object({ id: z.string() }), "Queued again."),
        ...problemResponses(...spec.problems.retry),
      },
    }),
    async (c) => {
      const endpoint = await endpointOf(c);
      return c.json(spec.unwrap(await endpoint.retry(c.req.valid("param").delivery_id)), 202);
    },
  );
}
