/** `/api/admin/audit`: the platform audit log of every admin action, and its chain check (platform admins only). */
import { createRoute, z } from "@hono/zod-openapi";
import { adminAuditPage, verifyAdminAudit } from "../admin/audit-log";
import { PageQuery } from "../http/pagination";
import { createRouter } from "../http/router";
import { ApiError } from "../lib/problem";
import { problemResponses } from "./openapi";
import { AuditEventSchema, json } from "./schemas";

const security = [{ bearer: [] }];
const tags = ["Administration"];

export const adminAuditRoutes = createRouter();

adminAuditRoutes.openapi(
  createRoute({
    method: "get",
    path: "/admin/audit",
    tags,
    security,
    summary: "Every admin action, newest first; `target` is the account's id, `details` its before and after",
    request: { query: PageQuery },
    responses: {
      200: json(z.object({ events: z.array(AuditEventSchema), next_cursor: z.string().nullable() }), "A page."),
      ...problemResponses(400, 401, 403),
    },
  }),
  async (c) => {
    const page = await adminAuditPage(c.var.services.db, c.req.valid("query"));
    if (page === "invalid") throw new ApiError("validation_failed", "The cursor is not valid.");
    return c.json(page, 200);
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
