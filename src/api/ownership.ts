/** Two-step ownership transfer, and the audit log with its chain check. */
import { createRoute, z } from "@hono/zod-openapi";
import { PageQuery } from "../http/pagination";
import { createRouter } from "../http/router";
import { WORKSPACE_AUDIT_ACTIONS } from "../workspace/audit-actions";
import type { WorkspaceAuditPage } from "../workspace/store";
import { fillFromDirectory } from "./audit-people";
import { problemResponses } from "./openapi";
import { auditFilters, json, jsonBody, ReadableAuditEventSchema, RoleSchema } from "./schemas";
import { unwrap, WorkspaceIdParam, workspaceStub } from "./workspace-access";

const security = [{ bearer: [] }];

const NominationSchema = z
  .object({ user_id: z.string(), nominated_by: z.string(), nominated_at: z.string(), expires_at: z.string() })
  .openapi("Nomination");

export const ownershipRoutes = createRouter();

ownershipRoutes.openapi(
  createRoute({
    method: "post",
    path: "/workspaces/{id}/transfer",
    tags: ["Ownership"],
    security,
    summary: "Nominate a member as owner (owner); the nominee is mailed and must accept within 7 days",
    request: { params: WorkspaceIdParam, ...jsonBody(z.object({ user_id: z.string().min(1).max(100) })) },
    responses: {
      202: json(NominationSchema, "Nominated; any earlier nomination is replaced."),
      ...problemResponses(400, 401, 403, 404, 409),
    },
  }),
  async (c) => {
    const { services, caller } = c.var;
    const stub = workspaceStub(services, c.req.valid("param").id);
    const origin = new URL(c.req.url).origin;
    return c.json(unwrap(await stub.nominateOwner(caller.userId, c.req.valid("json").user_id, origin)), 202);
  },
);

ownershipRoutes.openapi(
  createRoute({
    method: "delete",
    path: "/workspaces/{id}/transfer",
    tags: ["Ownership"],
    security,
    summary: "Cancel the pending nomination (owner); 404 if none is pending",
    request: { params: WorkspaceIdParam },
    responses: { 204: { description: "Cancelled." }, ...problemResponses(401, 403, 404) },
  }),
  async (c) => {
    const { services, caller } = c.var;
    unwrap(await workspaceStub(services, c.req.valid("param").id).cancelNomination(caller.userId));
    return c.body(null, 204);
  },
);

ownershipRoutes.openapi(
  createRoute({
    method: "post",
    path: "/workspaces/{id}/transfer/accept",
    tags: ["Ownership"],
    security,
    summary:
      "Accept a nomination (the nominee): the nominee becomes owner, the nominating owner editor; 409 if the nominator is no longer an owner",
    request: { params: WorkspaceIdParam },
    responses: {
      200: json(z.object({ workspace_id: z.string(), role: RoleSchema }), "Transferred."),
      ...problemResponses(401, 403, 404, 409),
    },
  }),
  async (c) => {
    const { services, caller } = c.var;
    return c.json(unwrap(await workspaceStub(services, c.req.valid("param").id).acceptOwnership(caller.userId)), 200);
  },
);

ownershipRoutes.openapi(
  createRoute({
    method: "get",
    path: "/workspaces/{id}/audit",
    tags: ["Audit"],
    security,
    summary: "The audit log, newest first (editor+), with who each event names; filter by `actor`, `subject`, `action`",
    request: { params: WorkspaceIdParam, query: PageQuery.extend(auditFilters(WORKSPACE_AUDIT_ACTIONS)) },
    responses: {
      200: json(z.object({ events: z.array(ReadableAuditEventSchema), next_cursor: z.string().nullable() }), "A page."),
      ...problemResponses(400, 401, 403, 404),
    },
  }),
  async (c) => {
    const { services, caller } = c.var;
    const stub = workspaceStub(services, c.req.valid("param").id);
    // The RPC stub's answer type is too deep for the compiler here; the store's auditPage fixes its shape.
    const page = unwrap(await stub.audit(caller.userId, c.req.valid("query"))) as WorkspaceAuditPage;
    return c.json({ ...page, events: await fillFromDirectory(services.db, page.events) }, 200);
  },
);

ownershipRoutes.openapi(
  createRoute({
    method: "get",
    path: "/workspaces/{id}/audit/verify",
    tags: ["Audit"],
    security,
    summary: "Check the audit log's hash chain (owner)",
    request: { params: WorkspaceIdParam },
    responses: {
      200: json(z.object({ valid: z.boolean(), events_checked: z.number().int() }), "The verdict."),
      ...problemResponses(401, 403, 404),
    },
  }),
  async (c) => {
    const { services, caller } = c.var;
    return c.json(unwrap(await workspaceStub(services, c.req.valid("param").id).verifyAudit(caller.userId)), 200);
  },
);
