/** `/api/me/sessions` and sign-out: the caller's sessions, kept and ended by their Account object. */
import { createRoute, z } from "@hono/zod-openapi";
import type { SessionView } from "../account/session-views";
import { accountOf } from "../account/stub";
import { createRouter } from "../http/router";
import { ApiError } from "../lib/problem";
import { problemResponses } from "./openapi";

export const SessionSchema = z
  .object({
    id: z.string(),
    created_at: z.string(),
    last_used_at: z.string(),
    user_agent: z.string(),
    ip: z.string().openapi({ description: "Coarse: the IPv4 /24 or IPv6 /48 the session signed in from." }),
    current: z.boolean().openapi({ description: "Whether this is the session of the token that asked." }),
  })
  .openapi("Session");

/** A session as the person sees it; `currentSessionId` is the session of the token that asked. */
export function sessionView(session: SessionView, currentSessionId: string): z.infer<typeof SessionSchema> {
  return {
    id: session.id,
    created_at: session.createdAt,
    last_used_at: session.lastUsedAt,
    user_agent: session.userAgent,
    ip: session.ip,
    current: session.id === currentSessionId,
  };
}

const SessionIdParam = z.object({
  id: z
    .string()
    .min(1)
    .max(100)
    .openapi({ param: { name: "id", in: "path" }, example: "ses_…" }),
});

const RevokeAllQuery = z.object({
  others: z
    .enum(["true", "false"])
    .optional()
    .openapi({ description: "`true` keeps the calling session and ends every other one." }),
});

const ended = { 204: { description: "Ended: its refresh and access tokens stop working at once." } };

export const sessionRoutes = createRouter();

sessionRoutes.openapi(
  createRoute({
    method: "get",
    path: "/me/sessions",
    tags: ["Me"],
    summary: "The caller's sessions that can still act, newest first",
    security: [{ bearer: [] }],
    responses: {
      200: {
        description: "The sessions.",
        content: { "application/json": { schema: z.object({ sessions: z.array(SessionSchema) }) } },
      },
      ...problemResponses(401, 403),
    },
  }),
  async (c) => {
    const { services, caller } = c.var;
    const sessions = await accountOf(services, caller.userId).listSessions();
    return c.json(
      {
        sessions: sessions.map((session) => sessionView(session, caller.sessionId)),
      },
      200,
    );
  },
);

sessionRoutes.openapi(
  createRoute({
    method: "delete",
    path: "/me/sessions/{id}",
    tags: ["Me"],
    summary: "End one of the caller's sessions",
    security: [{ bearer: [] }],
    request: { params: SessionIdParam },
    responses: { ...ended, ...problemResponses(400, 401, 403, 404) },
  }),
  async (c) => {
    const { services, caller } = c.var;
    // Only the caller's own object is asked: another person's session id is simply not found here.
    const revoked = await accountOf(services, caller.userId).revokeSession(c.req.valid("param").id, "revoked_by_user");
    if (!revoked) throw new ApiError("not_found", "You have no such session.");
    return c.body(null, 204);
  },
);

sessionRoutes.openapi(
  createRoute({
    method: "delete",
    path: "/me/sessions",
    tags: ["Me"],
    summary: "End every session of the caller (sign out everywhere), or every other one",
    security: [{ bearer: [] }],
    request: { query: RevokeAllQuery },
    responses: { ...ended, ...problemResponses(400, 401, 403) },
  }),
  async (c) => {
    const { services, caller } = c.var;
    const keepCurrent = c.req.valid("query").others === "true";
    await accountOf(services, caller.userId).revokeSessions(
      keepCurrent ? "signed_out_elsewhere" : "signed_out_everywhere",
      keepCurrent ? { except: caller.sessionId } : {},
    );
    return c.body(null, 204);
  },
);

sessionRoutes.openapi(
  createRoute({
    method: "post",
    path: "/me/sign-out",
    tags: ["Me"],
    summary: "Sign out: end the calling session",
    security: [{ bearer: [] }],
    responses: { ...ended, ...problemResponses(401, 403) },
  }),
  async (c) => {
    const { services, caller } = c.var;
    await accountOf(services, caller.userId).revokeSession(caller.sessionId, "signed_out");
    return c.body(null, 204);
  },
);
