/** `/api/workspaces/:id/members`: list and search, change a role, remove (or leave). */
import { createRoute, z } from "@hono/zod-openapi";
import { PageQuery } from "../http/pagination";
import { createRouter } from "../http/router";
import { avatarKeysOf } from "../users/repository";
import { avatarUrlOf } from "./avatar";
import { problemResponses } from "./openapi";
import { ExpiresAtSchema, json, jsonBody, MemberSchema, RoleSchema } from "./schemas";
import { unwrap, WorkspaceIdParam, workspaceStub } from "./workspace-access";

const security = [{ bearer: [] }];
const tags = ["Members"];
const MemberParams = WorkspaceIdParam.extend({
  user_id: z
    .string()
    .min(1)
    .max(100)
    .openapi({ param: { name: "user_id", in: "path" } }),
});

/** A member as the list shows them: with their face, read from the user directory (the object keeps no avatars). */
const ListedMemberSchema = MemberSchema.extend({
  avatar_url: z.string().nullable().openapi({ description: "Their avatar image, or null (show initials)." }),
}).openapi("ListedMember");

/** A role, an expiry (null clears it), or both: both apply or neither does. */
const MemberUpdate = z
  .object({ role: RoleSchema.optional(), expires_at: ExpiresAtSchema.optional() })
  .refine((body) => body.role !== undefined || body.expires_at !== undefined, {
    message: "Give `role`, `expires_at` or both.",
  });

export const memberRoutes = createRouter();

memberRoutes.openapi(
  createRoute({
    method: "get",
    path: "/workspaces/{id}/members",
    tags,
    security,
    summary: "Members, oldest first; `q` is a prefix of email, first or last name (viewer+)",
    request: {
      params: WorkspaceIdParam,
      query: PageQuery.extend({
        q: z.string().trim().max(254).optional(),
        role: RoleSchema.optional(),
      }),
    },
    responses: {
      200: json(z.object({ members: z.array(ListedMemberSchema), next_cursor: z.string().nullable() }), "A page."),
      ...problemResponses(400, 401, 404),
    },
  }),
  async (c) => {
    const { services, caller } = c.var;
    const query = c.req.valid("query");
    const stub = workspaceStub(services, c.req.valid("param").id);
    const page = unwrap(await stub.listMembers(caller.userId, query));
    const avatars = await avatarKeysOf(
      services.db,
      page.members.map((member) => member.user_id),
    );
    const members = page.members.map((member) => {
      const key = avatars.get(member.user_id);
      return { ...member, avatar_url: key ? avatarUrlOf(key) : null };
    });
    return c.json({ members, next_cursor: page.next_cursor }, 200);
  },
);

memberRoutes.openapi(
  createRoute({
    method: "patch",
    path: "/workspaces/{id}/members/{user_id}",
    tags,
    security,
    summary: "Change a member's role, or when their access expires (owner; owners never expire)",
    request: { params: MemberParams, ...jsonBody(MemberUpdate) },
    responses: { 200: json(MemberSchema, "The member."), ...problemResponses(400, 401, 403, 404, 409) },
  }),
  async (c) => {
    const { services, caller } = c.var;
    const { id, user_id } = c.req.valid("param");
    const { role, expires_at } = c.req.valid("json");
    const stub = workspaceStub(services, id);
    return c.json(unwrap(await stub.updateMember(caller.userId, user_id, { role, expiresAt: expires_at })), 200);
  },
);

memberRoutes.openapi(
  createRoute({
    method: "delete",
    path: "/workspaces/{id}/members/{user_id}",
    tags,
    security,
    summary: "Remove a member; your own id means leave",
    request: { params: MemberParams },
    responses: { 204: { description: "Removed." }, ...problemResponses(401, 403, 404, 409) },
  }),
  async (c) => {
    const { services, caller } = c.var;
    const { id, user_id } = c.req.valid("param");
    unwrap(await workspaceStub(services, id).removeMember(caller.userId, user_id));
    return c.body(null, 204);
  },
);
