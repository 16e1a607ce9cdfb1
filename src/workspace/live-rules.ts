/**
 * The pure rules of live workspaces (decision 0028): which audit actions become live events and with what
 * `user_id` and `role`, who may see each event, what a reconnecting client is sent, and whether a live ticket
 * may open a socket. The Workspace object (live.ts) only applies them.
 */
import type { WorkspaceAuditAction } from "./audit-actions";
import { ACTION_ROLES, type Role } from "./roles";

/** How long a ticket works after it is issued, and the most a person may hold unused in one workspace. */
export const LIVE_TICKET_TTL_SECONDS = 30;
export const MAX_LIVE_TICKETS_PER_USER = 20;

/** A reconnecting client that missed more than this many events is told to `resync` (reload) instead. */
export const MAX_REPLAY_EVENTS = 100;

/** The close code for a socket whose person may no longer see the workspace (removed, left, deleted). */
export const CLOSE_NO_LONGER_MEMBER = 4403;
/** The close code for a socket whose session ended (signed out, revoked, deactivated, deleted). */
export const CLOSE_SESSION_ENDED = 4401;
/** The close code for a socket whose person the workspace's policy shuts out (past its two-factor deadline). */
export const CLOSE_TWO_FACTOR_REQUIRED = 4401;

export const LIVE_EVENT_TYPES = [
  "member_joined",
  "member_left",
  "member_removed",
  "role_changed",
  "invitation_created",
  "invitation_revoked",
  "ownership_offered",
  "ownership_transferred",
  "workspace_renamed",
  "workspace_deleted",
  "member_expired",
  "link_created",
  "link_revoked",
  "policy_changed",
] as const;
export type LiveEventType = (typeof LIVE_EVENT_TYPES)[number];

/** What a live event says besides its workspace and sequence: who it is about and the role involved. */
export interface LiveFacts {
  type: LiveEventType;
  user_id: string | null;
  role: Role | null;
}

export interface LiveEvent extends LiveFacts {
  workspace_id: string;
  at: string;
  seq: number;
}

/** An audit row as the live rules read it (details already parsed). */
export interface AuditFacts {
  action: string;
  actorId: string;
  target: string | null;
  details: Record<string, unknown>;
}

const roleIn = (value: unknown): Role | null =>
  value === "owner" || value === "editor" || value === "viewer" ? value : null;

/**
 * The live event an audit action stands for, or null for actions that are not pushed (a resend, a decline, a
 * cancelled nomination, a purge). Invitation events name the person who acted and the invited role, never the
 * invited address; member events name the member and the role they had (left, removed) or now have.
 */
export function liveFactsOf(audit: AuditFacts): LiveFacts | null {
  const { details } = audit;
  const map: Partial<Record<WorkspaceAuditAction, () => LiveFacts>> = {
    invitation_accepted: () => ({ type: "member_joined", user_id: audit.actorId, role: roleIn(details.role) }),
    member_joined: () => ({ type: "member_joined", user_id: audit.target, role: roleIn(details.role) }),
    link_created: () => ({ type: "link_created", user_id: audit.actorId, role: roleIn(details.role) }),
    link_revoked: () => ({ type: "link_revoked", user_id: audit.actorId, role: roleIn(details.role) }),
    member_left: () => ({ type: "member_left", user_id: audit.target, role: roleIn(details.role) }),
    member_removed: () => ({ type: "member_removed", user_id: audit.target, role: roleIn(details.role) }),
    member_expired: () => ({ type: "member_expired", user_id: audit.target, role: roleIn(details.role) }),
    role_changed: () => ({ type: "role_changed", user_id: audit.target, role: roleIn(details.to) }),
    invitation_created: () => ({ type: "invitation_created", user_id: audit.actorId, role: roleIn(details.role) }),
    invitation_revoked: () => ({ type: "invitation_revoked", user_id: audit.actorId, role: roleIn(details.role) }),
    ownership_nominated: () => ({ type: "ownership_offered", user_id: audit.target, role: "owner" }),
    ownership_transferred: () => ({ type: "ownership_transferred", user_id: audit.target, role: "owner" }),
    workspace_renamed: () => ({ type: "workspace_renamed", user_id: audit.actorId, role: null }),
    workspace_deleted: () => ({ type: "workspace_deleted", user_id: audit.actorId, role: null }),
    policy_changed: () => ({ type: "policy_changed", user_id: audit.actorId, role: null }),
  };
  return map[audit.action as WorkspaceAuditAction]?.() ?? null;
}

/** Events about what editors manage (invitations, share links): they name who acted, never someone they concern. */
const INVITATION_AND_LINK_EVENTS: ReadonlySet<LiveEventType> = new Set([
  "invitation_created",
  "invitation_revoked",
  "link_created",
  "link_revoked",
]);

/** Who is reading: the socket's person and their role now (null once they are no longer a member). */
export interface Viewer {
  userId: string;
  role: Role | null;
}

/**
 * Whether `viewer` is sent `event`. Invitation and share link events go to those who may list them (editors and
 * owners); an ownership offer to owners and the nominee (as `pending_transfer`); every other event to every member. An
 * event about the viewer themself always reaches them, so a removed member learns why their socket closes.
 */
export function canSeeLiveEvent(event: LiveFacts, viewer: Viewer): boolean {
  if (event.user_id === viewer.userId && !INVITATION_AND_LINK_EVENTS.has(event.type)) return true;
  if (viewer.role === null) return event.type === "workspace_deleted";
  switch (event.type) {
    case "invitation_created":
    case "invitation_revoked":
      return (ACTION_ROLES.list_invitations as readonly Role[]).includes(viewer.role);
    case "link_created":
    case "link_revoked":
      return (ACTION_ROLES.list_links as readonly Role[]).includes(viewer.role);
    case "ownership_offered":
      return viewer.role === "owner";
    default:
      return true;
  }
}

/** What a client reconnecting with `since` is sent first. */
export type ReplayPlan = { kind: "nothing" } | { kind: "replay"; after: number } | { kind: "resync" };

/**
 * `since` is the last seq the client saw (null: a first connection, which needs nothing); `lastSeq` the newest
 * event's. Too many missed, or a seq this workspace never reached (another workspace's, or a forged one), is resync.
 */
export function replayPlan(since: number | null, lastSeq: number): ReplayPlan {
  if (since === null || since === lastSeq) return { kind: "nothing" };
  if (since > lastSeq || lastSeq - since > MAX_REPLAY_EVENTS) return { kind: "resync" };
  return { kind: "replay", after: since };
}

/** A stored ticket as the verdict reads it. */
export interface TicketFacts {
  userId: string;
  sessionId: string;
  expiresAt: number;
}

export type TicketVerdict =
  | { ok: true; userId: string; sessionId: string; role: Role }
  | { ok: false; reason: "unknown" | "expired" | "not_member" };

/** Whether a ticket (null: none stored under that hash here, or already used) opens a socket at `now` (ms). */
export function ticketVerdict(ticket: TicketFacts | null, role: Role | null, now: number): TicketVerdict {
  if (ticket === null) return { ok: false, reason: "unknown" };
  if (now >= ticket.expiresAt) return { ok: false, reason: "expired" };
  if (role === null) return { ok: false, reason: "not_member" };
  return { ok: true, userId: ticket.userId, sessionId: ticket.sessionId, role };
}

/** Whether a `since` query value is a sequence number at all (a non-negative safe integer, in decimal). */
export function parseSince(value: string | undefined): number | null | "invalid" {
  if (value === undefined || value === "") return null;
  if (!/^\d{1,15}$/.test(value)) return "invalid";
  return Number(value);
}
