/**
 * What a workspace keeps of a person whose account is purged (decision 0014), as a pure rule: who inherits the
 * workspace when they were its only owner. How the audit log keeps its events while naming them only by a
 * pseudonym is lib/audit-redaction.ts, shared with the platform audit log. The Workspace object applies both in
 * one transaction (store/forget.ts `forgetPerson`).
 */
export type { ForgottenPerson } from "../lib/audit-redaction";

import type { Role } from "./roles";

/**
 * The member who becomes owner when the only owner's account is purged while others remain (deletion is refused
 * then, but the others may have changed roles during the grace period): the longest-standing editor, else the
 * longest-standing viewer, so the workspace never ends up without an owner.
 */
export function successorOwner<M extends { userId: string; role: Role; joinedAt: string }>(
  remaining: readonly M[],
): M | undefined {
  const byTenure = [...remaining].sort(
    (a, b) => a.joinedAt.localeCompare(b.joinedAt) || a.userId.localeCompare(b.userId),
  );
  return byTenure.find((member) => member.role === "editor") ?? byTenure.find((member) => member.role === "viewer");
}
