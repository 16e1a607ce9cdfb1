/**
 * The Workspace object's live sockets (decision 0028), held with the WebSocket Hibernation API: tickets issued and
 * redeemed, sockets accepted with the person's and the session's tags, events pushed after each committed change,
 * and sockets closed when their person or session may no longer see the workspace. Each socket's attachment keeps
 * its person's current role, so what it is sent follows a role change. No timer, alarm or waitUntil: an idle
 * object sleeps, and `setWebSocketAutoResponse` answers pings without waking it.
 */
import { sha256HexSync } from "../lib/crypto";
import { randomBase64Url } from "../lib/ids";
import { problemResponse } from "../lib/problem";
import { fail, ok, type Result } from "../lib/result";
import {
  CLOSE_NO_LONGER_MEMBER,
  CLOSE_SESSION_ENDED,
  CLOSE_TWO_FACTOR_REQUIRED,
  canSeeLiveEvent,
  LIVE_TICKET_TTL_SECONDS,
  type LiveEvent,
  MAX_REPLAY_EVENTS,
  parseSince,
  replayPlan,
  type TicketVerdict,
  ticketVerdict,
} from "./live-rules";
import { actorRole, permit } from "./refusals";
import type { Role } from "./roles";
import * as store from "./store";

/** What each socket carries across hibernation (well under the 16 KB an attachment may hold). */
interface SocketAttachment {
  userId: string;
  sessionId: string;
  role: Role | null;
}

/** The headers the worker forwards the upgrade with (the object is reachable only through the worker). */
export const LIVE_TICKET_HEADER = "x-live-ticket-hash";
export const LIVE_SINCE_HEADER = "x-live-since";

export const userTag = (userId: string) => `user:${userId}`;
export const sessionTag = (sessionId: string) => `session:${sessionId}`;

/** A live ticket's text: a prefix and 256 random bits; only its hash is stored. */
export const LIVE_TICKET = /^lt_[A-Za-z0-9_-]{43}$/;
export const liveTicketHash = (ticket: string) => sha256HexSync(`live-ticket:${ticket}`);

export class LiveSockets {
  constructor(
    private readonly ctx: DurableObjectState,
    private readonly db: store.WorkspaceDb,
    /** Whether the object holds a workspace's tables: one that was never created has nothing to read. */
    private readonly hasTables: () => boolean,
  ) {
    ctx.setWebSocketAutoResponse(new WebSocketRequestResponsePair("ping", "pong"));
  }

  /** Inside the object's transaction: a ticket for a member (viewer+), bound to their session and this object. */
  issueTicket(userId: string, sessionId: string, at: string): Result<{ ticket: string; expires_in: number }> {
    const role = permit(this.db, userId, "view");
    if (!role.ok) return role;
    const ticket = `lt_${randomBase64Url(32)}`;
    const expiresAt = Date.parse(at) + LIVE_TICKET_TTL_SECONDS * 1000;
    store.addLiveTicket(this.db, { tokenHash: liveTicketHash(ticket), userId, sessionId, expiresAt }, Date.parse(at));
    return ok({ ticket, expires_in: LIVE_TICKET_TTL_SECONDS });
  }

  /** What a ticket would open now, without using it: the worker's check before it forwards the upgrade. */
  verdict(tokenHash: string): TicketVerdict {
    if (!this.hasTables()) return ticketVerdict(null, null, 0);
    const ticket = store.liveTicket(this.db, tokenHash);
    // A person the policy shuts out opens nothing, as if no longer a member.
    const role = ticket ? actorRole(this.db, ticket.userId, Date.now()) : null;
    return ticketVerdict(ticket, role?.ok ? role.value : null, Date.now());
  }

  /** The object's `fetch`: the upgrade the worker forwards once its own checks passed (api/live.ts). */
  upgrade(request: Request): Response {
    const tokenHash = request.headers.get(LIVE_TICKET_HEADER) ?? "";
    const since = parseSince(request.headers.get(LIVE_SINCE_HEADER) ?? undefined);
    if (request.headers.get("upgrade")?.toLowerCase() !== "websocket" || since === "invalid") {
      return problemResponse("validation_failed", "Only a WebSocket upgrade with a valid since is accepted here.");
    }
    const accepted = this.accept(tokenHash, since);
    if (!accepted.ok) return problemResponse("live_ticket_invalid");
    return new Response(null, { status: 101, webSocket: accepted.value });
  }

  /**
   * The upgrade: checks the ticket again and uses it in one synchronous step with the accept (of two uses of one
   * ticket exactly one opens a socket), then sends what a reconnecting client missed. A refusal changes nothing.
   */
  accept(tokenHash: string, since: number | null): Result<WebSocket> {
    const verdict = this.verdict(tokenHash);
    if (!verdict.ok) return fail("live_ticket_invalid");
    store.consumeLiveTicket(this.db, tokenHash);
    const [client, server] = Object.values(new WebSocketPair()) as [WebSocket, WebSocket];
    this.ctx.acceptWebSocket(server, [userTag(verdict.userId), sessionTag(verdict.sessionId)]);
    const attachment: SocketAttachment = { userId: verdict.userId, sessionId: verdict.sessionId, role: verdict.role };
    server.serializeAttachment(attachment);
    this.catchUp(server, attachment, since);
    return ok(client);
  }

  private catchUp(socket: WebSocket, viewer: SocketAttachment, since: number | null) {
    const plan = replayPlan(since, store.lastLiveSeq(this.db));
    if (plan.kind === "resync") socket.send(JSON.stringify({ type: "resync" }));
    if (plan.kind !== "replay") return;
    for (const event of store.liveEventsAfter(this.db, plan.after, MAX_REPLAY_EVENTS)) {
      if (canSeeLiveEvent(event, viewer)) socket.send(JSON.stringify(this.frame(event)));
    }
  }

  /**
   * After a change commits: each live event written after `seq` goes to every socket allowed to see it. The
   * roles of the people it is about are read again first (a demoted editor stops seeing invitations at once), and
   * afterwards the sockets of people who are no longer members, or of a deleted workspace, close with 4403.
   */
  publish(seq: number) {
    const events = store.liveEventsAfter(this.db, seq, Number.MAX_SAFE_INTEGER);
    for (const event of events) {
      const touched = [event.user_id, event.audit.target, event.audit.details.from].filter(
        (id): id is string => typeof id === "string",
      );
      for (const userId of new Set(touched)) this.refreshRole(userId);
      const frame = JSON.stringify(this.frame(event));
      for (const socket of this.ctx.getWebSockets()) {
        const viewer = socket.deserializeAttachment() as SocketAttachment | null;
        if (viewer && canSeeLiveEvent(event, viewer)) sendQuietly(socket, frame);
      }
      const deleted = event.type === "workspace_deleted";
      for (const socket of this.ctx.getWebSockets()) {
        const viewer = socket.deserializeAttachment() as SocketAttachment | null;
        if (deleted || viewer?.role === null) closeQuietly(socket, CLOSE_NO_LONGER_MEMBER, "No longer a member.");
      }
    }
  }

  /**
   * The ended session's sockets close (4401) and its unused tickets go, so a ticket on its way to an upgrade opens
   * nothing either: the accept and this run one after the other, never interleaved. Returns how many sockets.
   */
  closeSession(sessionId: string): number {
    if (this.hasTables()) store.forgetSessionTickets(this.db, sessionId);
    const sockets = this.ctx.getWebSockets(sessionTag(sessionId));
    for (const socket of sockets) closeQuietly(socket, CLOSE_SESSION_ENDED, "The session has ended.");
    return sockets.length;
  }

  /** A client closed: answer, so its closing handshake completes (the runtime does not here). */
  answerClose(socket: WebSocket, code: number, reason: string) {
    const echoable = code === 1000 || (code >= 3000 && code <= 4999);
    closeQuietly(socket, echoable ? code : 1000, echoable ? reason : "");
  }

  /** The sockets of people `shutOut` names close with 4401 (decision 0030); returns how many. */
  closeShutOut(shutOut: (userId: string) => boolean): number {
    if (!this.hasTables()) return 0;
    let closed = 0;
    for (const socket of this.ctx.getWebSockets()) {
      const viewer = socket.deserializeAttachment() as SocketAttachment | null;
      if (!viewer || !shutOut(viewer.userId)) continue;
      closeQuietly(socket, CLOSE_TWO_FACTOR_REQUIRED, "This workspace requires two-factor authentication.");
      closed += 1;
    }
    return closed;
  }

  /** Every socket closes (the workspace is being erased). */
  closeAll() {
    for (const socket of this.ctx.getWebSockets()) closeQuietly(socket, CLOSE_NO_LONGER_MEMBER, "No longer a member.");
  }

  private refreshRole(userId: string) {
    const role = store.roleOf(this.db, userId);
    for (const socket of this.ctx.getWebSockets(userTag(userId))) {
      const attachment = socket.deserializeAttachment() as SocketAttachment | null;
      if (attachment && attachment.role !== role) socket.serializeAttachment({ ...attachment, role });
    }
  }

  private frame(event: store.StoredLiveEvent): LiveEvent {
    const { type, user_id, role, at, seq } = event;
    return { type, workspace_id: store.id(this.db), user_id, role, at, seq };
  }
}

/** A socket that is closing (`getWebSockets` may list it) cannot be sent to or closed again; that is no error. */
function sendQuietly(socket: WebSocket, frame: string) {
  try {
    socket.send(frame);
  } catch {}
}

function closeQuietly(socket: WebSocket, code: number, reason: string) {
  try {
    socket.close(code, reason);
  } catch {}
}
