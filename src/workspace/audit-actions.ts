/**
 * Every action a workspace's audit log records, and what its `target` names: a person (a user id or an erased
 * person's pseudonym), an invitation, a share link, or the workspace itself. `store.audit` takes only these, so a new action
 * cannot be recorded without being listed here (and the web app's sentences test fails until it is worded).
 */
export const WORKSPACE_AUDIT_TARGETS = {
  workspace_created: "workspace",
  workspace_renamed: "workspace",
  workspace_deleted: "workspace",
  invitation_created: "invitation",
  invitation_resent: "invitation",
  invitation_revoked: "invitation",
  invitation_accepted: "invitation",
  invitation_declined: "invitation",
  member_left: "person",
  member_removed: "person",
  member_purged: "person",
  member_expired: "person",
  role_changed: "person",
  owner_appointed: "person",
  ownership_nominated: "person",
  ownership_nomination_cancelled: "person",
  ownership_transferred: "person",
  member_joined: "person",
  link_created: "link",
  link_revoked: "link",
  policy_changed: "workspace",
} as const;

export type WorkspaceAuditAction = keyof typeof WORKSPACE_AUDIT_TARGETS;

export const WORKSPACE_AUDIT_ACTIONS = Object.keys(WORKSPACE_AUDIT_TARGETS) as [
  WorkspaceAuditAction,
  ...WorkspaceAuditAction[],
];
