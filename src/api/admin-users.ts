/** `/api/admin/users`: find, create and change accounts, and end their sessions (platform admins only). */
import { createRoute, z } from "@hono/zod-openapi";
import { accountOf } from "../account/stub";
import { changeUser, createUser, deleteUser, endSessions } from "../admin/user-admin";
import { sendMail } from "../auth/providers/steps";
import { createRouter } from "../http/router";
import { decodeCursor, encodeCursor } from "../lib/cursor";
import { ApiError } from "../lib/problem";
import { accountCreatedMail } from "../mail/templates";
import { directoryPage } from "../users/directory";
import { findUserById } from "../users/repository";
import { workspacesOf } from "../workspace/directory";
import {
  AdminUserDetailSchema,
  AdminUserSchema,
  adminUserView,
  NewUserSchema,
  UserChangeSchema,
  UserIdParam,
  UserListQuery,
} from "./admin-schemas";
import { tellMemberWorkspaces } from "./member-fan-out";
import { problemResponses } from "./openapi";
import { json, jsonBody } from "./schemas";

const security = [{ bearer: [] }];
const tags = ["Administration"];

/** How many of a person's workspaces the detail lists. */
const DETAIL_MEMBERSHIPS = 200;

export const adminUserRoutes = createRouter();

adminUserRoutes.openapi(
  createRoute({
    method: "get",
    path: "/admin/users",
    tags,
    security,
    summary: "Find accounts: prefix search, filters, oldest first, keyset-paginated",
    request: { query: UserListQuery },
    responses: {
      200: json(z.object({ users: z.array(AdminUserSchema), next_cursor: z.string().nullable() }), "A page."),
      ...problemResponses(400, 401, 403),
    },
  }),
  async (c) => {
    const query = c.req.valid("query");
    const after = decodeCursor<{ c: string; i: string }>(query.cursor, ["c", "i"]);
    if (after === "invalid") throw new ApiError("validation_failed", "The cursor is not valid.");
    const page = await directoryPage(c.var.services.db, {
      q: query.q || undefined,
      platformRole: query.platform_role,
      status: query.status,
      limit: query.limit,
      after: after && { createdDate: after.c, id: after.i },
    });
    const last = page.rows.at(-1);
    const next = page.hasMore && last ? encodeCursor({ c: last.createdDate, i: last.id }) : null;
    return c.json({ users: page.rows.map((user) => adminUserView(user)), next_cursor: next }, 200);
  },
);

adminUserRoutes.openapi(
  createRoute({
    method: "get",
    path: "/admin/users/{id}",
    tags,
    security,
    summary: "One account, with its workspaces and its sessions that can still act",
    request: { params: UserIdParam },
    responses: { 200: json(AdminUserDetailSchema, "The account."), ...problemResponses(400, 401, 403, 404) },
  }),
  async (c) => {
    const { services } = c.var;
    const id = c.req.valid("param").id;
    const user = await findUserById(services.db, id);
    if (!user) throw new ApiError("not_found", "There is no such user.");
    const account = accountOf(services, id);
    const [twoFactorEnabled, sessions, memberships] = await Promise.all([
      account.twoFactorEnabled(),
      account.listSessions(),
      workspacesOf(services.db, id, DETAIL_MEMBERSHIPS),
    ]);
    return c.json(
      {
        ...adminUserView(user, twoFactorEnabled),
        email_verified: user.emailVerifiedAt !== null,
        deleted_at: user.deletedAt,
        memberships: memberships.items.map((m) => ({ workspace_id: m.id, workspace_name: m.name, role: m.role })),
        sessions: sessions.map((s) => ({
          id: s.id,
          created_at: s.createdAt,
          last_used_at: s.lastUsedAt,
          user_agent: s.userAgent,
          ip: s.ip,
        })),
      },
      200,
    );
  },
);

adminUserRoutes.openapi(
  createRoute({
    method: "post",
    path: "/admin/users",
    tags,
    security,
    summary: "Create an account; its owner is mailed a link to choose a password (409 conflict if the email is taken)",
    request: jsonBody(NewUserSchema),
    responses: { 201: json(AdminUserSchema, "Created."), ...problemResponses(400, 401, 403, 409, 413, 415) },
  }),
  async (c) => {
    const { services, caller } = c.var;
    const body = c.req.valid("json");
    const user = await createUser(services.db, caller.userId, {
      email: body.email,
      firstName: body.first_name ?? "",
      lastName: body.last_name ?? "",
      platformRole: body.platform_role ?? "user",
    });
    // The forgotten-password flow sets the first password: it mails a code, so following the link proves the address.
    const origin = new URL(c.req.url).origin;
    const link = `${origin}/password/change?${new URLSearchParams({ redirect_uri: `${origin}/` })}`;
    sendMail(c, services, user.email, accountCreatedMail({ link }), `account-created:${user.id}`);
    return c.json(adminUserView(user), 201);
  },
);

adminUserRoutes.openapi(
  createRoute({
    method: "patch",
    path: "/admin/users/{id}",
    tags,
    security,
    summary: "Change an account's names, platform role or standing (409 last_admin for the last admin)",
    request: { params: UserIdParam, ...jsonBody(UserChangeSchema) },
    responses: {
      200: json(AdminUserSchema, "The updated account."),
      ...problemResponses(400, 401, 403, 404, 409, 413, 415),
    },
  }),
  async (c) => {
    const { services, caller } = c.var;
    const body = c.req.valid("json");
    const { before, after } = await changeUser(services, caller.userId, c.req.valid("param").id, {
      firstName: body.first_name,
      lastName: body.last_name,
      platformRole: body.platform_role,
      isActive: body.is_active,
    });
    // As after PATCH /api/me: every workspace of the person shows the new names.
    if (after.firstName !== before.firstName || after.lastName !== before.lastName) {
      const names = { firstName: after.firstName, lastName: after.lastName };
      await tellMemberWorkspaces(services, after.id, "new names", (workspace) =>
        workspace.refreshMemberProfile(after.id, names),
      );
    }
    return c.json(adminUserView(after), 200);
  },
);

adminUserRoutes.openapi(
  createRoute({
    method: "delete",
    path: "/admin/users/{id}/sessions",
    tags,
    security,
    summary: "End every session of an account at once",
    request: { params: UserIdParam },
    responses: {
      204: { description: "Ended: its refresh and access tokens stop working at once." },
      ...problemResponses(400, 401, 403, 404),
    },
  }),
  async (c) => {
    const { services, caller } = c.var;
    await endSessions(services, caller.userId, c.req.valid("param").id);
    return c.body(null, 204);
  },
);

const DeleteQuery = z.object({
  hard: z
    .enum(["true", "false"])
    .optional()
    .openapi({ description: "`true` purges at once instead of after the 30-day grace period." }),
});

adminUserRoutes.openapi(
  createRoute({
    method: "delete",
    path: "/admin/users/{id}",
    tags,
    security,
    summary: "Delete an account (purged after 30 days), or with ?hard=true purge it now",
    description:
      "The rules of `DELETE /api/me` apply: `409 sole_owner` lists the workspaces the person alone owns while " +
      "others remain; `409 last_admin` for the last admin. Soft: `202 { purge_after }`, every session ended. Hard: " +
      "204 once everything is gone, or `202 { purge_after }` (now) when part of the purge must be retried.",
    request: { params: UserIdParam, query: DeleteQuery },
    responses: {
      202: json(z.object({ purge_after: z.string() }).openapi("AdminDeletionScheduled"), "Deletion scheduled."),
      204: { description: "Purged: nothing of the account is left." },
      ...problemResponses(400, 401, 403, 404, 409, 503),
    },
  }),
  async (c) => {
    const { services, caller } = c.var;
    const hard = c.req.valid("query").hard === "true";
    const { id } = c.req.valid("param");
    const scheduled = await deleteUser(services, caller.userId, id, { hard });
    return scheduled ? c.json(scheduled, 202) : c.body(null, 204);
  },
);
