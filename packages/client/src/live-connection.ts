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

export function connectLive(
  session: LiveSession,
  workspaceId: string,
  handlers: LiveHandlers,
  options: LiveOptions = {},
): LiveConnection {
  let status: LiveStatus = "connecting";
  let socket: WebSocket | null = null;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  let pingTimer: ReturnType<typeof setInterval> | null = null;
  let attempt = 0;
  let lastSeq: number | null = null;
  let lastEnding: LiveEndReason | null = null;
  let everOpened = false;
  let stopped = false;

  const setStatus = (next: LiveStatus) => {
    if (next === status) return;
    status = next;
    handlers.onStatus?.(next);
  };

  const stopTimers = () => {
    if (retryTimer) clearTimeout(retryTimer);
    if (pingTimer) clearInterval(pingTimer);
    retryTimer = pingTimer = null;
  };

  const end = (reason: LiveEndReason) => {
    stopped = true;
    stopTimers();
    globalThis.removeEventListener?.("online", onOnline);
    setStatus("ended");
    handlers.onEnd?.(reason);
  };

  const retry = () => {
    if (stopped) return;
    stopTimers();
    setStatus("reconnecting");
    retryTimer = setTimeout(open, backoffDelay(attempt++, options.random, options));
  };

  const receive = (data: unknown) => {
    const frame = parseLiveFrame(data);
    if (frame.kind === "resync") handlers.onResync?.();
    if (frame.kind !== "event") return;
    lastSeq = Math.max(lastSeq ?? 0, frame.event.seq);
    lastEnding = endingReasonOf(frame.event, options.userId) ?? lastEnding;
    handlers.onEvent?.(frame.event);
  };

  const watch = (ws: WebSocket) => {
    ws.onopen = () => {
      // With no seq to replay from, a reconnect cannot know what it missed: the app reloads instead.
      const missedUnknown = everOpened && lastSeq === null;
      everOpened = true;
      attempt = 0;
      setStatus("open");
      pingTimer = setInterval(() => ws.readyState === ws.OPEN && ws.send("ping"), options.pingIntervalMs ?? 25_000);
      if (missedUnknown) handlers.onResync?.();
    };
    ws.onmessage = (message) => receive(message.data);
    // A refused upgrade or a drop ends in close (code 1006) too: an error alone needs nothing.
    ws.onclose = (event) => {
      if (socket !== ws || stopped) return;
      socket = null;
      const outcome = closeOutcome(event.code, lastEnding);
      if (outcome.kind === "end") end(outcome.reason);
      else retry();
    };
  };

  async function open() {
    retryTimer = null;
    if (stopped) return;
    const answer = await takeTicket(session, workspaceId).catch(() => ({ kind: "retry" as const }));
    if (stopped) return;
    if (answer.kind === "end") return end(answer.reason);
    if (answer.kind === "retry") return retry();
    const Socket = options.WebSocket ?? WebSocket;
    const ws = new Socket(liveSocketUrl(session.config.apiUrl, workspaceId, answer.ticket, lastSeq));
    socket = ws;
    watch(ws);
  }

  // Back online: try now rather than at the end of a long wait.
  const onOnline = () => {
    if (retryTimer && !stopped) {
      clearTimeout(retryTimer);
      void open();
    }
  };
  globalThis.addEventListener?.("online", onOnline);
  void open();

  return {
    status: () => status,
    close() {
      stopped = true;
      stopTimers();
      globalThis.removeEventListener?.("online", onOnline);
      const ws = socket;
      socket = null;
      ws?.close(1000, "Closed by the app.");
    },
  };
}
