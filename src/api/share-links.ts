/**
 * Share links (decision 0029): made, listed and revoked under a workspace (editor+), and shown and used through the
 * link's token by anyone signed in. The token names no workspace: the D1 map (workspace/directory.ts) finds the
 * object from its hash, and the object decides everything (workspace/share-link-commands.ts).
 */
import { createRoute, z } from "@hono/zod-openapi";
import { createRouter } from "../http/router";
import { ApiError } from "../lib/problem";
import type { Services } from "../services";
import { workspaceOfShareLink } from "../workspace/directory";
import { LINK_EXPIRY_DAYS, LINK_MAX_USES, linkTokenHash } from "../workspace/share-links";
import { problemResponses } from "./openapi";
import { json, jsonBody, RoleSchema, ShareLinkSchema } from "./schemas";
import { joiningPersonOf, unwrap, WorkspaceIdParam, workspaceStub } from "./workspace-access";

const security = [{ bearer: [] }];
const tags = ["Share links"];
const NO_SUCH_LINK = "No such share link.";
/** What `newLinkToken` makes: 32 bytes in base64url. Anything else was never a link, so D1 is not asked. */
const LINK_TOKEN = /^[A-Za-z0-9_-]{43}$/;

const LinkParams = WorkspaceIdParam.extend({
  link_id: z
    .string()
    .min(1)
    .max(100)
    .openapi({ param: { name: "link_id", in: "path" } }),
});
const TokenParam = z.object({
  token: z.string().openapi({ param: { name: "token", in: "path" }, description: "The token from the link's URL." }),
});

const NewLinkBody = z.object({
  role: RoleSchema,
  expires_in_days: z
    .number()
    .int()
    .min(LINK_EXPIRY_DAYS.min)
    .max(LINK_EXPIRY_DAYS.max)
    .optional()
    .openapi({ description: `Days it works; ${LINK_EXPIRY_DAYS.default} if omitted.` }),
  max_uses: z
    .number()
    .int()
    .min(LINK_MAX_USES.min)
    .max(LINK_MAX_USES.max)
    .optional()
    .openapi({ description: `How many people may join through it; ${LINK_MAX_USES.default} if omitted.` }),
});
const ShareLinkCreatedSchema = ShareLinkSchema.extend({
  url: z.string().openapi({ description: "`<origin>/join/<token>`: shown here only, never again." }),
}).openapi("ShareLinkCreated");
const LinkPreviewSchema = z
  .object({ workspace: z.object({ id: z.string(), name: z.string() }), role: RoleSchema, expires_at: z.string() })
  .openapi("ShareLinkPreview");

/** The object holding the link with this token, and the hash it is known by there. */
async function linkTarget(services: Services, token: string) {
  if (!LINK_TOKEN.test(token)) throw new ApiError("not_found", NO_SUCH_LINK);
  const tokenHash = linkTokenHash(token);
  const workspaceId = await workspaceOfShareLink(services.db, tokenHash);
  if (workspaceId === null) throw new ApiError("not_found", NO_SUCH_LINK);
  return { stub: workspaceStub(services, workspaceId), tokenHash };
}

export const shareLinkRoutes = createRouter();

shareLinkRoutes.openapi(
  createRoute({
    method: "post",
    path: "/workspaces/{id}/links",
    tags,
    security,
    summary: "Make a share link (editor+; a role the caller may grant)",
    request: { params: WorkspaceIdParam, ...jsonBody(NewLinkBody) },
    responses: {
      201: json(ShareLinkCreatedSchema, "Made; `url` is shown only here."),
      ...problemResponses(400, 401, 403, 404, 409),
    },
  }),
  async (c) => {
    const { services, caller } = c.var;
    const body = c.req.valid("json");
    const input = {
      role: body.role,
      expiresInDays: body.expires_in_days,
      maxUses: body.max_uses,
      origin: new URL(c.req.url).origin,
    };
    return c.json(unwrap(await workspaceStub(services, c.req.valid("param").id).createLink(caller.userId, input)), 201);
  },
);

shareLinkRoutes.openapi(
  createRoute({
    method: "get",
    path: "/workspaces/{id}/links",
    tags,
    security,
    summary: "The share links that work now, newest first (editor+)",
    request: { params: WorkspaceIdParam },
    responses: {
      200: json(z.object({ links: z.array(ShareLinkSchema) }), "Not revoked, not expired, not used up."),
      ...problemResponses(401, 403, 404),
    },
  }),
  async (c) => {
    const { services, caller } = c.var;
    return c.json(unwrap(await workspaceStub(services, c.req.valid("param").id).listLinks(caller.userId)), 200);
  },
);

shareLinkRoutes.openapi(
  createRoute({
    method: "delete",
    path: "/workspaces/{id}/links/{link_id}",
    tags,
    security,
    summary: "Revoke a share link; it stops working (editor+, for links of a role they may grant)",
    request: { params: LinkParams },
    responses: { 204: { description: "Revoked." }, ...problemResponses(401, 403, 404) },
  }),
  async (c) => {
    const { services, caller } = c.var;
    const { id, link_id } = c.req.valid("param");
    unwrap(await workspaceStub(services, id).revokeLink(caller.userId, link_id));
    return c.body(null, 204);
  },
);

shareLinkRoutes.openapi(
  createRoute({
    method: "get",
    path: "/links/{token}",
    tags,
    security,
    summary: "What a share link offers (anyone signed in who holds it)",
    request: { params: TokenParam },
    responses: { 200: json(LinkPreviewSchema, "The link."), ...problemResponses(401, 404, 410) },
  }),
  async (c) => {
    const { stub, tokenHash } = await linkTarget(c.var.services, c.req.valid("param").token);
    return c.json(unwrap(await stub.linkPreview(tokenHash)), 200);
  },
);

shareLinkRoutes.openapi(
  createRoute({
    method: "post",
    path: "/links/{token}/join",
    tags,
    security,
    summary: "Join the workspace with the link's role (anyone signed in)",
    request: { params: TokenParam },
    responses: {
      200: json(z.object({ workspace_id: z.string(), role: RoleSchema }), "Joined."),
      ...problemResponses(401, 403, 404, 409, 410),
    },
  }),
  async (c) => {
    const { services, caller } = c.var;
    const [target, joiner] = await Promise.all([
      linkTarget(services, c.req.valid("param").token),
      joiningPersonOf(services, caller.userId),
    ]);
    return c.json(
      unwrap(await target.stub.joinByLink({ ...joiner, twoFactorOn: joiner.twoFactorOn ?? false }, target.tokenHash)),
      200,
    );
  },
);
