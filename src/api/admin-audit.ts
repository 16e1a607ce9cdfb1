/** `/api/admin/audit`: the platform audit log of every admin action, and its chain check (platform admins only). */
import { createRoute, z } from "@hono/zod-openapi";
import { ADMIN_AUDIT_ACTIONS } from "../admin/audit-actions";
import { adminAuditPage, verifyAdminAudit } from "../admin/audit-log";
import { PageQuery } from "../http/pagination";
import { createRouter } from "../http/router";
import { ApiError } from "../lib/problem";
import { adminEventPeople, fillFromDirectory } from "./audit-people";
import { problemResponses } from "./openapi";
import { auditFilters, json, ReadableAuditEventSchema } from "./schemas";

const security = [{ bearer: [] }];
const tags = ["Administration"];

export const adminAuditRoutes = createRouter();

adminAuditRoutes.openapi(
  createRoute({
    method: "get",
    path: "/admin/audit",
    tags,
    security,
    summary:
      "Every admin action, newest first; `target` is the account's id, `details` its before and after; filter by `actor`, `subject`, `action`",
    request: { query: PageQuery.extend(auditFilters(ADMIN_AUDIT_ACTIONS)) },
    responses: {
      200: json(z.object({ events: z.array(ReadableAuditEventSchema), next_cursor: z.string().nullable() }), "A page."),
      ...problemResponses(400, 401, 403),
    },
  }),
  async (c) => {
    const page = await adminAuditPage(c.var.services.db, c.req.valid("query"));
    if (page === "invalid") throw new ApiError("validation_failed", "The cursor is not valid.");
    const events = page.events.map((event) => ({ ...event, ...adminEventPeople(event) }));
    return c.json({ ...page, events: await fillFromDirectory(c.var.services.db, events) }, 200);
  },
);

adminAuditRoutes.openapi(
  createRoute({
    method: "get",
    path: "/admin/audit/verify",
    tags,
    security,
    summary: "Check the platform audit log's hash chain",
    responses: {
      200: json(z.object({ valid: z.boolean(), events_checked: z.number().int() }), "The verdict."),
      ...problemResponses(401, 403),
    },
  }),
  async (c) => {
    const { valid, events_checked } = await verifyAdminAudit(c.var.services.db);
    return c.json({ valid, events_checked }, 200);
  },
);
