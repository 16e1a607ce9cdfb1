/**
 * The one table from a workspace audit action to the webhook event it sends, and what that event carries. Events
 * name people by id only: the receiving app knows its users by id, and an email in a payload is personal data
 * copied to a system this service cannot erase. The exception is an invitation's events, which are about an
 * address (there may be no account yet); they carry that address.
 */
import type { WorkspaceAuditAction } from "../workspace/audit-actions";
import { WORKSPACE_AUDIT_TARGETS } from "../workspace/audit-actions";

export const WORKSPACE_EVENT_TYPES = {
  workspace_created: "workspace.created",
  workspace_renamed: "workspace.renamed",
  workspace_deleted: "workspace.deleted",
  policy_changed: "workspace.policy_changed",
  invitation_created: "invitation.created",
  invitation_resent: "invitation.resent",
  invitation_revoked: "invitation.revoked",
  invitation_accepted: "invitation.accepted",
  invitation_declined: "invitation.declined",
  member_joined: "member.joined",
  member_left: "member.left",
  member_removed: "member.removed",
  member_expired: "member.expired",
  member_purged: "member.purged",
  role_changed: "member.role_changed",
  owner_appointed: "member.owner_appointed",
  ownership_nominated: "ownership.offered",
  ownership_nomination_cancelled: "ownership.offer_cancelled",
  ownership_transferred: "ownership.transferred",
  link_created: "link.created",
  link_revoked: "link.revoked",
} as const satisfies Record<WorkspaceAuditAction, string>;

/** The event `POST …/test` sends; never caused by a change. */
export const PING_EVENT_TYPE = "ping";

export type WorkspaceEventType = (typeof WORKSPACE_EVENT_TYPES)[WorkspaceAuditAction];
export const WEBHOOK_EVENT_TYPES = [...new Set(Object.values(WORKSPACE_EVENT_TYPES))] as [
  WorkspaceEventType,
  ...WorkspaceEventType[],
];

export interface WebhookEvent {
  type: string;
  timestamp: string;
  data: Record<string, unknown>;
}

/** Detail keys an event may carry: roles, ids, reasons, the workspace's own names. Anything else stays in the log. */
const DETAIL_KEYS = ["role", "from", "to", "reason", "via", "link_id", "expires_at", "name"] as const;

/** What the target of each kind of action is called in an event's data. */
const TARGET_KEY = { person: "user_id", invitation: "invitation_id", link: "link_id", workspace: null } as const;

export interface AuditFacts {
  at: string;
  actorId: string;
  action: WorkspaceAuditAction;
  target: string | null;
  details: unknown;
}

export function workspaceEventOf(workspaceId: string, audit: AuditFacts): WebhookEvent {
  const targetKind = WORKSPACE_AUDIT_TARGETS[audit.action];
  const details = isRecord(audit.details) ? audit.details : {};
  const data: Record<string, unknown> = { workspace_id: workspaceId, actor_id: audit.actorId };
  const targetKey = TARGET_KEY[targetKind];
  if (targetKey && audit.target !== null) data[targetKey] = audit.target;
  for (const key of DETAIL_KEYS) if (details[key] !== undefined) data[key] = details[key];
  if (audit.action === "policy_changed") data.changes = details;
  if (targetKind === "invitation" && typeof details.email === "string") data.email = details.email;
  return { type: WORKSPACE_EVENT_TYPES[audit.action], timestamp: audit.at, data };
}

/** Whether an endpoint subscribed to `events` (null: every event) wants an event of `type`. Pings always go. */
export function wantsEvent(events: readonly string[] | null, type: string): boolean {
  return type === PING_EVENT_TYPE || events === null || events.includes(type);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
