/** `/api/admin/clients`: register, list, change, rotate the secret of, and delete OpenID Connect clients (platform admins). */
import { createRoute, z } from "@hono/zod-openapi";
import { createRouter } from "../http/router";
import { ApiError } from "../lib/problem";
import { CLIENT_TYPES, registrableUriProblem } from "../oidc/client-rules";
import {
  type ClientRow,
  createClientRow,
  deleteClientRow,
  findClientRow,
  listClientRows,
  rotateClientSecret,
  updateClientRow,
} from "../oidc/clients";
import { problemResponses } from "./openapi";
import { json, jsonBody } from "./schemas";

const security = [{ bearer: [] }];
const tags = ["Administration"];

const UriSchema = z
  .string()
  .max(2000)
  .superRefine((value, ctx) => {
    const problem = registrableUriProblem(value);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  });
const UriListSchema = z.array(UriSchema).max(20);

const NewClientSchema = z
  .object({
    name: z.string().trim().min(1).max(100),
    redirect_uris: UriListSchema.min(1),
    post_logout_redirect_uris: UriListSchema.optional(),
    type: z.enum(CLIENT_TYPES),
    first_party: z.boolean().optional(),
  })
  .strict()
  .openapi("NewOidcClient");

const ClientChangeSchema = z
  .object({
    name: z.string().trim().min(1).max(100).optional(),
    redirect_uris: UriListSchema.min(1).optional(),
    post_logout_redirect_uris: UriListSchema.optional(),
    first_party: z.boolean().optional(),
  })
  .strict()
  .openapi("OidcClientChange");

const ClientSchema = z
  .object({
    client_id: z.string(),
    name: z.string(),
    type: z.enum(CLIENT_TYPES),
    first_party: z.boolean(),
    redirect_uris: z.array(z.string()),
    post_logout_redirect_uris: z.array(z.string()),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .openapi("OidcClient");

const CreatedClientSchema = ClientSchema.extend({
  client_secret: z.string().optional().openapi({ description: "Confidential clients only; shown this once." }),
}).openapi("OidcClientCreated");

const ClientIdParam = z.object({ client_id: z.string().max(100) });

function clientView(row: ClientRow) {
  return {
    client_id: row.id,
    name: row.name,
    type: row.type,
    first_party: row.firstParty,
    redirect_uris: JSON.parse(row.redirectUris) as string[],
    post_logout_redirect_uris: JSON.parse(row.postLogoutRedirectUris) as string[],
    created_at: row.createdAt,
    updated_at: row.updatedAt,
  };
}

const noSuchClient = () => new ApiError("not_found", "There is no such client.");

export const adminClientRoutes = createRouter();

adminClientRoutes.openapi(
  createRoute({
    method: "post",
    path: "/admin/clients",
    tags,
    security,
    summary: "Register an OpenID Connect client; a confidential one gets its secret in this answer only",
    request: jsonBody(NewClientSchema),
    responses: { 201: json(CreatedClientSchema, "Registered."), ...problemResponses(400, 401, 403, 413, 415) },
  }),
  async (c) => {
    const body = c.req.valid("json");
    const { row, secret } = await createClientRow(c.var.services.db, {
      name: body.name,
      type: body.type,
      firstParty: body.first_party ?? false,
      redirectUris: body.redirect_uris,
      postLogoutRedirectUris: body.post_logout_redirect_uris ?? [],
    });
    return c.json({ ...clientView(row), ...(secret ? { client_secret: secret } : {}) }, 201);
  },
);

adminClientRoutes.openapi(
  createRoute({
    method: "get",
    path: "/admin/clients",
    tags,
    security,
    summary: "The registered clients, newest first (never their secrets)",
    responses: {
      200: json(z.object({ clients: z.array(ClientSchema) }), "The clients."),
      ...problemResponses(401, 403),
    },
  }),
  async (c) => c.json({ clients: (await listClientRows(c.var.services.db)).map(clientView) }, 200),
);

adminClientRoutes.openapi(
  createRoute({
    method: "get",
    path: "/admin/clients/{client_id}",
    tags,
    security,
    summary: "One registered client",
    request: { params: ClientIdParam },
    responses: { 200: json(ClientSchema, "The client."), ...problemResponses(400, 401, 403, 404) },
  }),
  async (c) => {
    const row = await findClientRow(c.var.services.db, c.req.valid("param").client_id);
    if (!row) throw noSuchClient();
    return c.json(clientView(row), 200);
  },
);

adminClientRoutes.openapi(
  createRoute({
    method: "patch",
    path: "/admin/clients/{client_id}",
    tags,
    security,
    summary: "Change a client's name, URIs or first-party mark (its type and secret stay)",
    request: { params: ClientIdParam, ...jsonBody(ClientChangeSchema) },
    responses: { 200: json(ClientSchema, "The changed client."), ...problemResponses(400, 401, 403, 404, 413, 415) },
  }),
  async (c) => {
    const body = c.req.valid("json");
    const row = await updateClientRow(c.var.services.db, c.req.valid("param").client_id, {
      name: body.name,
      firstParty: body.first_party,
      redirectUris: body.redirect_uris,
      postLogoutRedirectUris: body.post_logout_redirect_uris,
    });
    if (!row) throw noSuchClient();
    return c.json(clientView(row), 200);
  },
);

adminClientRoutes.openapi(
  createRoute({
    method: "post",
    path: "/admin/clients/{client_id}/rotate-secret",
    tags,
    security,
    summary: "A new secret for a confidential client, shown once; the old one stops working at once",
    request: { params: ClientIdParam },
    responses: {
      200: json(z.object({ client_id: z.string(), client_secret: z.string() }), "The new secret."),
      ...problemResponses(401, 403, 404, 409),
    },
  }),
  async (c) => {
    const id = c.req.valid("param").client_id;
    const { db } = c.var.services;
    const row = await findClientRow(db, id);
    if (!row) throw noSuchClient();
    if (row.type !== "confidential") throw new ApiError("client_not_confidential");
    const secret = await rotateClientSecret(db, id);
    if (!secret) throw noSuchClient();
    return c.json({ client_id: id, client_secret: secret }, 200);
  },
);

adminClientRoutes.openapi(
  createRoute({
    method: "delete",
    path: "/admin/clients/{client_id}",
    tags,
    security,
    summary: "Delete a client: its authorizations and token exchanges are refused from now on",
    request: { params: ClientIdParam },
    responses: { 204: { description: "Deleted." }, ...problemResponses(401, 403, 404) },
  }),
  async (c) => {
    if (!(await deleteClientRow(c.var.services.db, c.req.valid("param").client_id))) throw noSuchClient();
    return c.body(null, 204);
  },
);
