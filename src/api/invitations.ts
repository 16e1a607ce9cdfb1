/** Invitations: managed under a workspace (editor+), and used through the link's token by the invited person. */
import { createRoute, z } from "@hono/zod-openapi";
import type { AppEnv } from "../app-env";
import { PageQuery } from "../http/pagination";
import { createRouter } from "../http/router";
import { ApiError } from "../lib/problem";
import { rateLimit } from "../ratelimit/limiter";
import { invitationTokenHash } from "../workspace/invitations";
import { problemResponses } from "./openapi";
import {
  EmailSchema,
  ExpiresAtSchema,
  InvitationCreatedSchema,
  InvitationSchema,
  json,
  jsonBody,
  RoleSchema,
} from "./schemas";
import { joiningPersonOf, personOf, unwrap, WorkspaceIdParam, workspaceStub } from "./workspace-access";

const security = [{ bearer: [] }];
const tags = ["Invitations"];
const InvitationParams = WorkspaceIdParam.extend({
  invitation_id: z
    .string()
    .min(1)
    .max(100)
    .openapi({ param: { name: "invitation_id", in: "path" } }),
});
/**
 * The link's token travels in a JSON body, never in a URL: request lines end up in access logs, proxies and
 * analytics, bodies do not (decision 0022). The mailed link carries it in the fragment, which no server sees.
 */
const TokenBody = z.object({
  token: z.string().min(1).max(200).openapi({ description: "The token from the invitation link (after `#`)." }),
});
/** A link token is `<workspace id>.<secret>`: the id finds the object, the hash of the whole finds the invitation. */
function invitationTarget(services: Parameters<typeof workspaceStub>[0], token: string) {
  const dot = token.lastIndexOf(".");
  if (dot <= 0) throw new ApiError("not_found", "No such invitation.");
  return { stub: workspaceStub(services, token.slice(0, dot)), tokenHash: invitationTokenHash(token) };
}

export const invitationRoutes = createRouter();

// Sending mail to others (inviting, resending) is limited per actor, across isolates. Only mail actually queued
// counts: a refused call (403, 409, 400, or the 429 itself) sends nothing, so it spends none of the budget.
const limitMailToOthers = rateLimit<AppEnv>({
  tier: "invitations",
  namespace: (c) => c.var.services.rateLimitCounters,
  key: (c) => c.var.caller.userId,
  successesOnly: true,
});
// `/invitations/*` also matches `/invitations` itself.
invitationRoutes.use("/workspaces/:id/invitations/*", (c, next) =>
  c.req.method === "POST" ? limitMailToOthers(c, next) : next(),
);

invitationRoutes.openapi(
  createRoute({
    method: "post",
    path: "/workspaces/{id}/invitations",
    tags,
    security,
    summary: "Invite an email with a role (editor+; editors invite editors and viewers only)",
    request: {
      params: WorkspaceIdParam,
      ...jsonBody(
        z.object({
          email: EmailSchema,
          role: RoleSchema,
          expires_at: ExpiresAtSchema.optional().openapi({
            description: "When the membership it grants expires (owner only; never for an owner). Omit or null: never.",
          }),
        }),
      ),
    },
    responses: {
      201: json(InvitationCreatedSchema, "Invited; the link is mailed. `replaced` names the invitation it replaced."),
      ...problemResponses(400, 401, 403, 404, 409, 429),
    },
  }),
  async (c) => {
    const { services, caller } = c.var;
    const { email, role, expires_at } = c.req.valid("json");
    const stub = workspaceStub(services, c.req.valid("param").id);
    const origin = new URL(c.req.url).origin;
    return c.json(
      unwrap(await stub.invite(caller.userId, { email, role, origin, expiresAt: expires_at ?? null })),
      201,
    );
  },
);

invitationRoutes.openapi(
  createRoute({
    method: "get",
    path: "/workspaces/{id}/invitations",
    tags,
    security,
    summary: "Pending invitations, newest first (editor+)",
    request: { params: WorkspaceIdParam, query: PageQuery },
    responses: {
      200: json(z.object({ invitations: z.array(InvitationSchema), next_cursor: z.string().nullable() }), "A page."),
      ...problemResponses(400, 401, 403, 404),
    },
  }),
  async (c) => {
    const { services, caller } = c.var;
    const stub = workspaceStub(services, c.req.valid("param").id);
    return c.json(unwrap(await stub.listInvitations(caller.userId, c.req.valid("query"))), 200);
  },
);

invitationRoutes.openapi(
  createRoute({
    method: "delete",
    path: "/workspaces/{id}/invitations/{invitation_id}",
    tags,
    security,
    summary: "Revoke; the link stops working (editor+)",
    request: { params: InvitationParams },
    responses: { 204: { description: "Revoked." }, ...problemResponses(401, 403, 404) },
  }),
  async (c) => {
    const { services, caller } = c.var;
    const { id, invitation_id } = c.req.valid("param");
    unwrap(await workspaceStub(services, id).revokeInvitation(caller.userId, invitation_id));
    return c.body(null, 204);
  },
);

invitationRoutes.openapi(
  createRoute({
    method: "post",
    path: "/workspaces/{id}/invitations/{invitation_id}/resend",
    tags,
    security,
    summary: "Send a new link with a new expiry; the old link stops working (editor+)",
    request: { params: InvitationParams },
    responses: { 200: json(InvitationSchema, "Re-sent."), ...problemResponses(401, 403, 404, 429) },
  }),
  async (c) => {
    const { services, caller } = c.var;
    const { id, invitation_id } = c.req.valid("param");
    const origin = new URL(c.req.url).origin;
    return c.json(
      unwrap(await workspaceStub(services, id).resendInvitation(caller.userId, invitation_id, origin)),
      200,
    );
  },
);

const PreviewSchema = z
  .object({
    workspace: z.object({ id: z.string(), name: z.string() }),
    role: RoleSchema,
    email: z.string(),
    invited_by: z.object({ first_name: z.string(), last_name: z.string(), email: z.string() }).openapi({
      description: "Who sent it: their names (empty when they have none) and email; all empty if they are gone.",
    }),
    expires_at: z.string(),
  })
  .openapi("InvitationPreview");

invitationRoutes.openapi(
  createRoute({
    method: "post",
    path: "/invitations/lookup",
    tags,
    summary: "What an invitation link offers (anyone with the link)",
    description: "Changes nothing; a POST only so the token travels in the body, not the URL.",
    request: jsonBody(TokenBody),
    responses: { 200: json(PreviewSchema, "The invitation."), ...problemResponses(400, 404, 410) },
  }),
  async (c) => {
    const { stub, tokenHash } = invitationTarget(c.var.services, c.req.valid("json").token);
    return c.json(unwrap(await stub.invitationPreview(tokenHash)), 200);
  },
);

invitationRoutes.openapi(
  createRoute({
    method: "post",
    path: "/invitations/accept",
    tags,
    security,
    summary: "Join (the invited user: a verified email equal to the invited one)",
    request: jsonBody(TokenBody),
    responses: {
      200: json(z.object({ workspace_id: z.string(), role: RoleSchema }), "Joined."),
      ...problemResponses(400, 401, 403, 404, 409, 410),
    },
  }),
  async (c) => {
    const { services, caller } = c.var;
    const { stub, tokenHash } = invitationTarget(services, c.req.valid("json").token);
    return c.json(unwrap(await stub.acceptInvitation(await joiningPersonOf(services, caller.userId), tokenHash)), 200);
  },
);

invitationRoutes.openapi(
  createRoute({
    method: "post",
    path: "/invitations/decline",
    tags,
    security,
    summary: "Decline (the invited user)",
    request: jsonBody(TokenBody),
    responses: { 204: { description: "Declined." }, ...problemResponses(400, 401, 403, 404, 410) },
  }),
  async (c) => {
    const { services, caller } = c.var;
    const { stub, tokenHash } = invitationTarget(services, c.req.valid("json").token);
    unwrap(await stub.declineInvitation(await personOf(services, caller.userId), tokenHash));
    return c.body(null, 204);
  },
);
