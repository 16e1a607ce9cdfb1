/**
 * The pure rules of a workspace's live socket (docs/api.md "Live events", decision 0028): what a frame says, how
 * long to wait before the next attempt, and what a close means (try again, or stop with a reason to show). The
 * connection (live-connection.ts) only applies them.
 */

export const LIVE_EVENT_TYPES = [
  "member_joined",
  "member_left",
  "member_removed",
  "member_expired",
  "role_changed",
  "invitation_created",
  "invitation_revoked",
  "link_created",
  "link_revoked",
  "ownership_offered",
  "ownership_transferred",
  "policy_changed",
  "workspace_renamed",
  "workspace_deleted",
] as const;
export type LiveEventType = (typeof LIVE_EVENT_TYPES)[number];

/** One membership event, as the server sends it after the change's transaction commits. */
export interface LiveEvent {
  type: LiveEventType;
  workspace_id: string;
  /** Who the event is about (see docs/api.md for each type), or null. */
  user_id: string | null;
  role: "owner" | "editor" | "viewer" | null;
  at: string;
  /** One more per event in the workspace: sent back as `since` on a reconnect. */
  seq: number;
}

/** What a frame asks of the client: apply an event, reload everything (too much was missed), or nothing. */
export type LiveFrame = { kind: "event"; event: LiveEvent } | { kind: "resync" } | { kind: "ignore" };

const ROLES = new Set(["owner", "editor", "viewer"]);
const TYPES = new Set<string>(LIVE_EVENT_TYPES);

function isLiveEvent(value: Record<string, unknown>): boolean {
  return (
    typeof value.type === "string" &&
    TYPES.has(value.type) &&
    typeof value.workspace_id === "string" &&
    (value.user_id === null || typeof value.user_id === "string") &&
    (value.role === null || (typeof value.role === "string" && ROLES.has(value.role))) &&
    typeof value.at === "string" &&
    Number.isSafeInteger(value.seq) &&
    (value.seq as number) >= 0
  );
}

/**
 * A text frame read defensively: `pong`, binary data, malformed JSON and event types this version does not know
 * are ignored (a newer server may add types; an old client must not fall over them).
 */
export function parseLiveFrame(data: unknown): LiveFrame {
  if (typeof data !== "string") return { kind: "ignore" };
  let value: unknown;
  try {
    value = JSON.parse(data);
  } catch {
    return { kind: "ignore" };
  }
  if (typeof value !== "object" || value === null) return { kind: "ignore" };
  const record = value as Record<string, unknown>;
  if (record.type === "resync") return { kind: "resync" };
  return isLiveEvent(record) ? { kind: "event", event: record as unknown as LiveEvent } : { kind: "ignore" };
}

export interface BackoffOptions {
  /** The first wait, in ms (default 500). */
  baseMs?: number;
  /** The longest wait, in ms (default 30 000). */
  maxMs?: number;
}

/**
 * How long to wait before attempt `attempt` (0 for the first retry): doubling from `baseMs` up to `maxMs`, then a
 * random point in the upper half of that, so a server restart does not bring every tab back in the same instant
 * while each still waits at least half the step. `random` is Math.random in use, fixed in tests.
 */
export function backoffDelay(attempt: number, random: () => number = Math.random, options: BackoffOptions = {}) {
  const base = options.baseMs ?? 500;
  const max = options.maxMs ?? 30_000;
  const step = Math.min(max, base * 2 ** Math.min(Math.max(0, attempt), 30));
  return Math.round(step / 2 + random() * (step / 2));
}

/** Why the live updates stopped for good: the app shows it and offers what fits (the list, a new sign-in). */
export type LiveEndReason = "removed" | "left" | "expired" | "workspace_deleted" | "not_member" | "session_ended";

export const LIVE_END_MESSAGES: Record<LiveEndReason, string> = {
  removed: "You were removed from this workspace.",
  left: "You left this workspace.",
  expired: "Your access to this workspace has ended.",
  workspace_deleted: "This workspace was deleted.",
  not_member: "You are no longer a member of this workspace.",
  session_ended: "Your session has ended; sign in again.",
};

/** The close codes the server uses (docs/api.md): no longer a member, and the session ended. */
export const CLOSE_NO_LONGER_MEMBER = 4403;
export const CLOSE_SESSION_ENDED = 4401;

const ENDING_EVENTS: Partial<Record<LiveEventType, LiveEndReason>> = {
  member_removed: "removed",
  member_left: "left",
  member_expired: "expired",
};

/**
 * The reason an event would give for a 4403 that follows it: a deleted workspace, or the removal, leaving or
 * expiry of `userId` (any person's when `userId` is unknown, as the server sends such an event to its person just
 * before it closes their socket). Null for an event that ends nothing for this person.
 */
export function endingReasonOf(event: LiveEvent, userId?: string | null): LiveEndReason | null {
  if (event.type === "workspace_deleted") return "workspace_deleted";
  const reason = ENDING_EVENTS[event.type];
  if (!reason) return null;
  return userId && event.user_id !== userId ? null : reason;
}

/**
 * What a close means. 4403 stops, for the reason the last ending event gave (else "not_member"); 4401 stops; any
 * other close (a drop, a deploy, a normal close the client did not ask for) is tried again.
 */
export function closeOutcome(
  code: number,
  lastEnding: LiveEndReason | null,
): { kind: "retry" } | { kind: "end"; reason: LiveEndReason } {
  if (code === CLOSE_NO_LONGER_MEMBER) return { kind: "end", reason: lastEnding ?? "not_member" };
  if (code === CLOSE_SESSION_ENDED) return { kind: "end", reason: "session_ended" };
  return { kind: "retry" };
}

/**
 * What a refused ticket request means: 404 (the workspace is gone, or this person is not in it) stops; 401 (the
 * session could not be refreshed) stops; anything else (5xx, 429, no network) is tried again.
 */
export function ticketRefusalOutcome(status: number): { kind: "retry" } | { kind: "end"; reason: LiveEndReason } {
  if (status === 404) return { kind: "end", reason: "not_member" };
  if (status === 401) return { kind: "end", reason: "session_ended" };
  return { kind: "retry" };
}

/** The socket's URL on the API's origin (ws: for http:, wss: for https:), with the ticket and the last seq seen. */
export function liveSocketUrl(apiUrl: string, workspaceId: string, ticket: string, since: number | null): string {
  const url = new URL(`${apiUrl}/workspaces/${encodeURIComponent(workspaceId)}/live`);
  url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
  url.searchParams.set("ticket", ticket);
  if (since !== null) url.searchParams.set("since", String(since));
  return url.href;
}
