/** `/api/workspaces`: create and list one's workspaces; read, rename, delete one; its permissions. */
import { createRoute, z } from "@hono/zod-openapi";
import { PageQuery } from "../http/pagination";
import { createRouter } from "../http/router";
import { newId } from "../lib/ids";
import { workspacesOf } from "../workspace/directory";
import { problemResponses } from "./openapi";
import { json, jsonBody, NameSchema, PermissionsSchema, WorkspaceDetailSchema, WorkspaceSchema } from "./schemas";
import { joiningPersonOf, unwrap, WorkspaceIdParam, workspaceStub } from "./workspace-access";

const security = [{ bearer: [] }];
const tags = ["Workspaces"];

export const workspaceRoutes = createRouter();

workspaceRoutes.openapi(
  createRoute({
    method: "post",
    path: "/workspaces",
    tags,
    security,
    summary: "Create a workspace; the caller becomes its owner",
    request: jsonBody(z.object({ name: NameSchema })),
    responses: { 201: json(WorkspaceSchema, "Created."), ...problemResponses(400, 401, 413, 415) },
  }),
  async (c) => {
    const { services, caller } = c.var;
    const id = newId("ws");
    const owner = await joiningPersonOf(services, caller.userId);
    const created = unwrap(await workspaceStub(services, id).create({ id, name: c.req.valid("json").name, owner }));
    return c.json(created, 201);
  },
);

workspaceRoutes.openapi(
  createRoute({
    method: "get",
    path: "/workspaces",
    tags,
    security,
    summary: "The caller's workspaces",
    request: { query: PageQuery },
    responses: {
      200: json(z.object({ workspaces: z.array(WorkspaceSchema), next_cursor: z.string().nullable() }), "A page."),
      ...problemResponses(400, 401),
    },
  }),
  async (c) => {
    const { services, caller } = c.var;
    const { limit, cursor } = c.req.valid("query");
    const page = await workspacesOf(services.db, caller.userId, limit, cursor);
    const last = page.items.at(-1);
    return c.json({ workspaces: page.items, next_cursor: page.hasMore && last ? last.id : null }, 200);
  },
);

workspaceRoutes.openapi(
  createRoute({
    method: "get",
    path: "/workspaces/{id}",
    tags,
    security,
    summary: "One workspace (viewer+)",
    request: { params: WorkspaceIdParam },
    responses: { 200: json(WorkspaceDetailSchema, "The workspace."), ...problemResponses(401, 404) },
  }),
  async (c) => {
    const { services, caller } = c.var;
    return c.json(unwrap(await workspaceStub(services, c.req.valid("param").id).summary(caller.userId)), 200);
  },
);

workspaceRoutes.openapi(
  createRoute({
    method: "patch",
    path: "/workspaces/{id}",
    tags,
    security,
    summary: "Rename (owner)",
    request: { params: WorkspaceIdParam, ...jsonBody(z.object({ name: NameSchema })) },
    responses: { 200: json(WorkspaceDetailSchema, "Renamed."), ...problemResponses(400, 401, 403, 404) },
  }),
  async (c) => {
    const { services, caller } = c.var;
    const stub = workspaceStub(services, c.req.valid("param").id);
    return c.json(unwrap(await stub.rename(caller.userId, c.req.valid("json").name)), 200);
  },
);

workspaceRoutes.openapi(
  createRoute({
    method: "delete",
    path: "/workspaces/{id}",
    tags,
    security,
    summary: "Delete (owner)",
    request: { params: WorkspaceIdParam },
    responses: { 204: { description: "Deleted." }, ...problemResponses(401, 403, 404) },
  }),
  async (c) => {
    const { services, caller } = c.var;
    unwrap(await workspaceStub(services, c.req.valid("param").id).delete(caller.userId));
    return c.body(null, 204);
  },
);

workspaceRoutes.openapi(
  createRoute({
    method: "get",
    path: "/workspaces/{id}/permissions",
    tags,
    security,
    summary: "The caller's rights here (viewer+)",
    request: { params: WorkspaceIdParam },
    responses: { 200: json(PermissionsSchema, "Rights."), ...problemResponses(401, 404) },
  }),
  async (c) => {
    const { services, caller } = c.var;
    return c.json(unwrap(await workspaceStub(services, c.req.valid("param").id).permissions(caller.userId)), 200);
  },
);
