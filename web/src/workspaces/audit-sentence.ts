/**
 * A workspace audit event as one sentence for people ("Olivia changed Eddie's role from owner to editor"): the
 * names the API resolved (`actor`, `subject`), roles and workspace names from `details`, and never a raw id or an
 * internal reason code. One wording per action the server records (src/workspace/audit-actions.ts).
 */
import type { WorkspaceAuditAction } from "../../../src/workspace/audit-actions";
import { detail, type ReadableEvent, who, whom, whose } from "../audit/words";

const quoted = (text: string | undefined) => (text ? `“${text}”` : "");
const aRole = (role: string) => `${/^[aeiou]/.test(role) ? "an" : "a"} ${role}`;
const as = (role: string | undefined) => (role ? ` as ${aRole(role)}` : "");
const address = (event: ReadableEvent) => event.subject?.email ?? "a deleted person";

function revoked(event: ReadableEvent, actor: string): string {
  switch (detail(event, "reason")) {
    case "inviter_lost_the_right_to_invite":
      return `An invitation to ${address(event)} was cancelled because its sender can no longer invite`;
    case "account_deleted":
      return "An invitation was withdrawn because the invited person deleted their account";
    default:
      return `${actor} cancelled the invitation to ${address(event)}`;
  }
}

type Wording = (event: ReadableEvent, actor: string) => string;

/** A policy change names what changed (its details hold each field's `{ from, to }`), in words. */
function policyChanged(event: ReadableEvent, actor: string): string {
  const changes = (event.details ?? {}) as Record<string, { to?: unknown } | undefined>;
  const to = (field: string) => changes[field]?.to;
  const parts: string[] = [];
  const required = to("require_two_factor");
  if (required === true) parts.push("required two-factor authentication");
  if (required === false) parts.push("stopped requiring two-factor authentication");
  const days = to("two_factor_grace_days");
  if (typeof days === "number") parts.push(`set the two-factor grace period to ${days} day${days === 1 ? "" : "s"}`);
  const domains = to("allowed_email_domains");
  if (Array.isArray(domains)) {
    parts.push(domains.length === 0 ? "allowed every email domain" : `allowed only ${domains.join(", ")}`);
  }
  return parts.length > 0 ? `${actor} ${parts.join(" and ")}` : `${actor} changed the workspace's policy`;
}

const WORDINGS: Record<WorkspaceAuditAction, Wording> = {
  workspace_created: (e, a) => `${a} created the workspace ${quoted(detail(e, "name"))}`.trimEnd(),
  workspace_renamed: (e, a) =>
    `${a} renamed the workspace from ${quoted(detail(e, "from"))} to ${quoted(detail(e, "to"))}`,
  workspace_deleted: (e, a) => `${a} deleted the workspace ${quoted(detail(e, "name"))}`.trimEnd(),
  invitation_created: (e, a) =>
    `${a} invited ${address(e)}${as(detail(e, "role"))}${detail(e, "replaced") ? ", replacing the earlier invitation" : ""}`,
  invitation_resent: (e, a) => `${a} sent the invitation to ${address(e)} again`,
  invitation_revoked: revoked,
  invitation_accepted: (e, a) => `${a} accepted the invitation and joined${as(detail(e, "role"))}`,
  invitation_declined: (_e, a) => `${a} declined the invitation`,
  member_left: (e, a) => {
    const role = detail(e, "role");
    return `${a} left the workspace${role ? ` (they were ${aRole(role)})` : ""}`;
  },
  member_removed: (e, a) =>
    detail(e, "reason") === "account_deleted"
      ? `${who(e.subject)} left the workspace because they deleted their account`
      : `${a} removed ${whom(e.subject)} from the workspace`,
  member_purged: () => "A deleted person's details were erased from this log",
  member_expired: (e) => {
    const role = detail(e, "role");
    return `${who(e.subject)}'s access expired and they left the workspace${role ? ` (they were ${aRole(role)})` : ""}`;
  },
  role_changed: (e, a) =>
    `${a} changed ${whose(e.subject, e.actor)} role from ${detail(e, "from")} to ${detail(e, "to")}`,
  owner_appointed: (e) => `${who(e.subject)} became an owner because the only owner deleted their account`,
  ownership_nominated: (e, a) => `${a} offered ownership of the workspace to ${whom(e.subject)}`,
  ownership_nomination_cancelled: (e, a) => `${a} withdrew the offer of ownership to ${whom(e.subject)}`,
  ownership_transferred: (_e, a) => `${a} accepted ownership of the workspace; whoever offered it is now an editor`,
  member_joined: (e, a) => `${a} joined through a share link${as(detail(e, "role"))}`,
  link_created: (e, a) => `${a} made a share link for ${detail(e, "role") ?? "new"}s`,
  link_revoked: (e, a) =>
    detail(e, "reason") === "creator_lost_the_right_to_grant"
      ? `A share link for ${detail(e, "role") ?? "new"}s stopped working because its maker can no longer grant that role`
      : `${a} revoked a share link for ${detail(e, "role") ?? "new"}s`,
  policy_changed: policyChanged,
};

export function workspaceAuditSentence(event: ReadableEvent): string {
  const actor = who(event.actor, "Someone");
  const wording = WORDINGS[event.action as WorkspaceAuditAction];
  return wording ? wording(event, actor) : `${actor} made a change`;
}

/** The action filter's choices, in words. */
export const WORKSPACE_ACTION_LABELS: Record<WorkspaceAuditAction, string> = {
  workspace_created: "Workspace created",
  workspace_renamed: "Workspace renamed",
  workspace_deleted: "Workspace deleted",
  invitation_created: "Invitation sent",
  invitation_resent: "Invitation sent again",
  invitation_revoked: "Invitation cancelled",
  invitation_accepted: "Invitation accepted",
  invitation_declined: "Invitation declined",
  member_left: "Member left",
  member_removed: "Member removed",
  member_purged: "Deleted person erased",
  member_expired: "Access expired",
  role_changed: "Role changed",
  owner_appointed: "Owner appointed",
  ownership_nominated: "Ownership offered",
  ownership_nomination_cancelled: "Ownership offer withdrawn",
  ownership_transferred: "Ownership transferred",
  member_joined: "Joined by link",
  link_created: "Share link made",
  link_revoked: "Share link revoked",
  policy_changed: "Policy changed",
};
