/**
 * A workspace's live socket, kept open (docs/api.md "Live events"): a fresh single-use ticket for every attempt
 * (a browser cannot send the access token on a WebSocket, and a token never goes in a URL), the last `seq` seen sent
 * back as `since` so a reconnect gets what it missed, and retries with growing, jittered waits after a drop. It
 * stops for good on 4403 (no longer a member) and 4401 (the session ended), with a reason the app can show.
 * Written here rather than taken from a reconnecting-socket library: each attempt needs a new ticket and a new URL.
 */
import {
  type BackoffOptions,
  backoffDelay,
  closeOutcome,
  endingReasonOf,
  type LiveEndReason,
  type LiveEvent,
  liveSocketUrl,
  parseLiveFrame,
  ticketRefusalOutcome,
} from "./live.js";
import type { Session } from "./session.js";

export type LiveStatus = "connecting" | "open" | "reconnecting" | "ended";

export interface LiveHandlers {
  /** Each event, in order (replayed ones first after a reconnect). */
  onEvent?(event: LiveEvent): void;
  /** Too much was missed (or could not be replayed): reload whatever the app shows of the workspace. */
  onResync?(): void;
  onStatus?(status: LiveStatus): void;
  /** The updates stopped for good; nothing is tried again. */
  onEnd?(reason: LiveEndReason): void;
}

export interface LiveOptions extends BackoffOptions {
  /** The signed-in person's id: a 4403 is then explained only by an event about them (or a deleted workspace). */
  userId?: string | null;
  /** Fixed in tests; Math.random otherwise. */
  random?: () => number;
  /** How often an open socket sends `ping` (answered by the server without waking it), so idle proxies keep it. */
  pingIntervalMs?: number;
  /** The WebSocket constructor (the global one by default; a scripted one in the connection's unit tests). */
  WebSocket?: new (
    url: string,
  ) => WebSocket;
}

export interface LiveConnection {
  status(): LiveStatus;
  /** Closes the socket and stops retrying (the page went away); no onEnd. */
  close(): void;
}

type LiveSession = Pick<Session, "config" | "fetch">;

/** A ticket for one attempt, or what its refusal means. */
async function takeTicket(session: LiveSession, workspaceId: string) {
  const url = `${session.config.apiUrl}/workspaces/${encodeURIComponent(workspaceId)}/live/ticket`;
  const response = await session.fetch(url, { method: "POST" });
  if (!response.ok) return ticketRefusalOutcome(response.status);
  const body = (await response.json()) as { ticket?: unknown };
  return typeof body.ticket === "string"
    ? { kind: "ticket" as const, ticket: body.ticket }
    : { kind: "retry" as const };
}

/** One workspace's socket over time: at most one open at once, and one timer (a retry's wait, or the ping). */
class LiveSocket implements LiveConnection {
  private current: LiveStatus = "connecting";
  private socket: WebSocket | null = null;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private pingTimer: ReturnType<typeof setInterval> | null = null;
  private attempt = 0;
  private lastSeq: number | null = null;
  private lastEnding: LiveEndReason | null = null;
  private everOpened = false;
  private stopped = false;

  private readonly session: LiveSession;
  private readonly workspaceId: string;
  private readonly handlers: LiveHandlers;
  private readonly options: LiveOptions;

  constructor(session: LiveSession, workspaceId: string, handlers: LiveHandlers, options: LiveOptions) {
    this.session = session;
    this.workspaceId = workspaceId;
    this.handlers = handlers;
    this.options = options;
    globalThis.addEventListener?.("online", this.onOnline);
    void this.open();
  }

  status() {
    return this.current;
  }

  close() {
    this.stop();
    const ws = this.socket;
    this.socket = null;
    ws?.close(1000, "Closed by the app.");
  }

  private setStatus(next: LiveStatus) {
    if (next === this.current) return;
    this.current = next;
    this.handlers.onStatus?.(next);
  }

  private stopTimers() {
    if (this.retryTimer) clearTimeout(this.retryTimer);
    if (this.pingTimer) clearInterval(this.pingTimer);
    this.retryTimer = this.pingTimer = null;
  }

  private stop() {
    this.stopped = true;
    this.stopTimers();
    globalThis.removeEventListener?.("online", this.onOnline);
  }

  private end(reason: LiveEndReason) {
    this.stop();
    this.setStatus("ended");
    this.handlers.onEnd?.(reason);
  }

  private retry() {
    if (this.stopped) return;
    this.stopTimers();
    this.setStatus("reconnecting");
    const wait = backoffDelay(this.attempt++, this.options.random, this.options);
    this.retryTimer = setTimeout(() => void this.open(), wait);
  }

  /** Back online: try now rather than at the end of a long wait. */
  private readonly onOnline = () => {
    if (!this.retryTimer || this.stopped) return;
    clearTimeout(this.retryTimer);
    void this.open();
  };

  private async open() {
    this.retryTimer = null;
    if (this.stopped) return;
    const answer = await takeTicket(this.session, this.workspaceId).catch(() => ({ kind: "retry" as const }));
    if (this.stopped) return;
    if (answer.kind === "end") return this.end(answer.reason);
    if (answer.kind === "retry") return this.retry();
    const Socket = this.options.WebSocket ?? WebSocket;
    const url = liveSocketUrl(this.session.config.apiUrl, this.workspaceId, answer.ticket, this.lastSeq);
    const ws = new Socket(url);
    this.socket = ws;
    ws.onopen = () => this.opened(ws);
    ws.onmessage = (message) => this.receive(message.data);
    // A refused upgrade or a drop ends in close (code 1006) too: an error alone needs nothing.
    ws.onclose = (event) => this.closed(ws, event.code);
  }

  private opened(ws: WebSocket) {
    // With no seq to replay from, a reconnect cannot know what it missed: the app reloads instead.
    const missedUnknown = this.everOpened && this.lastSeq === null;
    this.everOpened = true;
    this.attempt = 0;
    this.setStatus("open");
    const every = this.options.pingIntervalMs ?? 25_000;
    this.pingTimer = setInterval(() => ws.readyState === ws.OPEN && ws.send("ping"), every);
    if (missedUnknown) this.handlers.onResync?.();
  }

  private receive(data: unknown) {
    const frame = parseLiveFrame(data);
    if (frame.kind === "resync") this.handlers.onResync?.();
    if (frame.kind !== "event") return;
    this.lastSeq = Math.max(this.lastSeq ?? 0, frame.event.seq);
    this.lastEnding = endingReasonOf(frame.event, this.options.userId) ?? this.lastEnding;
    this.handlers.onEvent?.(frame.event);
  }

  private closed(ws: WebSocket, code: number) {
    if (this.socket !== ws || this.stopped) return;
    this.socket = null;
    const outcome = closeOutcome(code, this.lastEnding);
    if (outcome.kind === "end") this.end(outcome.reason);
    else this.retry();
  }
}

/** Opens the workspace's live socket and keeps it open until `close()` or an ending close code. */
export function connectLive(
  session: LiveSession,
  workspaceId: string,
  handlers: LiveHandlers,
  options: LiveOptions = {},
): LiveConnection {
  return new LiveSocket(session, workspaceId, handlers, options);
}
