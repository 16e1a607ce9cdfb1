/**
 * Live workspaces (decision 0028): a member asks for a short, single-use ticket with their access token, then
 * opens `GET /workspaces/:id/live?ticket=` as a WebSocket (a browser cannot send headers on one, and an access
 * token never goes in a URL). This worker checks the ticket (the workspace object that issued it), the person's
 * membership and the ticket's session (their Account object) before it forwards the upgrade to the object, which
 * uses the ticket and accepts the socket in one step. Every refusal is 401 `live_ticket_invalid`, with no upgrade.
 */
import { createRoute, z } from "@hono/zod-openapi";
import { accountOf } from "../account/stub";
import { bearerToken, verifiedBearer } from "../auth/middleware";
import { createRouter } from "../http/router";
import { ApiError } from "../lib/problem";
import { LIVE_SINCE_HEADER, LIVE_TICKET, LIVE_TICKET_HEADER, liveTicketHash } from "../workspace/live";
import { LIVE_EVENT_TYPES } from "../workspace/live-rules";
import { ProblemSchema, problemResponses } from "./openapi";
import { json } from "./schemas";
import { unwrap, WorkspaceIdParam, workspaceStub } from "./workspace-access";

export const LiveTicketSchema = z
  .object({
    ticket: z.string().openapi({ description: "Single use; bound to the caller, their session and this workspace." }),
    expires_in: z.number().int().openapi({ description: "Seconds the ticket works for (30)." }),
  })
  .openapi("LiveTicket");

const LIVE_DESCRIPTION = [
  "A WebSocket (send `Upgrade: websocket`) of this workspace's membership events, as JSON text frames",
  "`{ type, workspace_id, user_id, role, at, seq }` with `type` one of",
  `${LIVE_EVENT_TYPES.map((type) => `\`${type}\``).join(", ")}; \`seq\` grows by one per event.`,
  '`since` (the last seq seen) replays what was missed, or sends `{ "type": "resync" }` when too much was.',
  "Text `ping` is answered `pong`. Close codes: 4403 no longer a member (removed, left, workspace deleted),",
  "4401 the session ended. OpenAPI cannot describe the frames themselves; docs/api.md is the contract.",
].join(" ");

const refused = () => new ApiError("live_ticket_invalid");

export const liveRoutes = createRouter();

liveRoutes.openapi(
  createRoute({
    method: "post",
    path: "/workspaces/{id}/live/ticket",
    tags: ["Live"],
    security: [{ bearer: [] }],
    summary: "A ticket to open the workspace's live socket (viewer+)",
    request: { params: WorkspaceIdParam },
    responses: { 200: json(LiveTicketSchema, "A ticket, good for 30 seconds."), ...problemResponses(401, 404) },
  }),
  async (c) => {
    const { services, caller } = c.var;
    const { id } = c.req.valid("param");
    const ticket = unwrap(await workspaceStub(services, id).issueLiveTicket(caller.userId, caller.sessionId));
    // Noted before the ticket is handed out, so the session's end reaches every socket it may open.
    await accountOf(services, caller.userId).noteLiveWorkspace(caller.sessionId, id);
    return c.json(ticket, 200);
  },
);

liveRoutes.openapi(
  createRoute({
    method: "get",
    path: "/workspaces/{id}/live",
    tags: ["Live"],
    summary: "The workspace's live events, as a WebSocket (ticket holder)",
    description: LIVE_DESCRIPTION,
    request: {
      params: WorkspaceIdParam,
      query: z.object({
        ticket: z.string().max(100).optional(),
        since: z
          .string()
          .regex(/^\d{1,15}$/)
          .optional(),
      }),
    },
    responses: {
      101: { description: "Switching Protocols: the socket is open." },
      ...problemResponses(400, 404),
      401: {
        description:
          "No ticket, or one that is unknown, used, expired, for another workspace, or whose person is no longer a member or whose session ended, or sent with an access token of another person or session (live_ticket_invalid).",
        content: { "application/problem+json": { schema: ProblemSchema } },
      },
      426: {
        description: "Not a WebSocket upgrade (upgrade_required).",
        content: { "application/problem+json": { schema: ProblemSchema } },
      },
    },
  }),
  async (c) => {
    const { services } = c.var;
    if (c.req.header("upgrade")?.toLowerCase() !== "websocket") throw new ApiError("upgrade_required");
    const stub = workspaceStub(services, c.req.valid("param").id);
    const { ticket, since } = c.req.valid("query");
    if (!ticket || !LIVE_TICKET.test(ticket)) throw refused();
    const tokenHash = liveTicketHash(ticket);
    const verdict = await stub.liveTicketVerdict(tokenHash);
    if (!verdict.ok) throw refused();
    const session = await accountOf(services, verdict.userId).authorize(verdict.sessionId);
    if (!session.ok || session.deletedAt) throw refused();
    // A client that can send headers and sends its access token must be the ticket's own person and session.
    const authorization = c.req.header("authorization");
    if (authorization !== undefined) {
      const token = bearerToken(authorization);
      const bearer = token ? await verifiedBearer(c, token) : null;
      if (bearer?.userId !== verdict.userId || bearer.sessionId !== verdict.sessionId) throw refused();
    }
    // The object checks the ticket again and uses it as it accepts: of two uses racing here, one opens a socket.
    return stub.fetch("https://workspace.internal/live", {
      headers: { upgrade: "websocket", [LIVE_TICKET_HEADER]: tokenHash, [LIVE_SINCE_HEADER]: since ?? "" },
    });
  },
);
