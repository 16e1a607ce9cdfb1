/**
 * The Workspace object's member commands: changing a member's role and removing a member (or leaving). Each runs
 * inside the object's transaction (workspace.ts `change`); `decide` rules.
 */

import { fail, ok, type Result } from "../lib/result";
import { setExpiry } from "./expiry-commands";
import { actorRole, NOT_A_MEMBER, refuse } from "./refusals";
import { decide, type Role } from "./roles";
import type { WorkspaceDb } from "./store";
import * as store from "./store";
import { memberView } from "./views";

export function changeRole(db: WorkspaceDb, actorId: string, targetId: string, newRole: Role, at: string) {
  const actor = actorRole(db, actorId, at);
  if (!actor.ok) return actor;
  const target = store.member(db, targetId);
  const decision = decide({
    action: "change_role",
    actor: actor.value,
    target: target?.role ?? null,
    newRole,
    ownerCount: store.ownerCount(db),
  });
  if (!decision.allowed || !target) return refuse(db, actorId, decision, { not_found: NOT_A_MEMBER });
  // Becoming an owner ends an expiry (store.setRole): owners never expire.
  const changed = { ...target, role: newRole, ...(newRole === "owner" ? { expiresAt: null } : {}) };
  if (target.role === newRole) return ok(memberView(changed, store.policyOf(db)));
  store.audit(db, actorId, "role_changed", targetId, { from: target.role, to: newRole }, at);
  store.setRole(db, actorId, target, newRole, at);
  return ok(memberView(changed, store.policyOf(db)));
}

/**
 * The PATCH of a member: the role first, then the expiry, so promoting and setting an expiry at once meets the
 * owner rule. A refusal of either rolls back both (the object's transaction).
 */
export function updateMember(
  db: WorkspaceDb,
  actorId: string,
  targetId: string,
  update: { role?: Role; expiresAt?: string | null },
  at: string,
): Result<ReturnType<typeof memberView>> {
  let result: Result<ReturnType<typeof memberView>> = fail("validation_failed", "Nothing to change.");
  if (update.role !== undefined) result = changeRole(db, actorId, targetId, update.role, at);
  if (!result.ok && update.role !== undefined) return result;
  if (update.expiresAt !== undefined) result = setExpiry(db, actorId, targetId, update.expiresAt, at);
  return result;
}

/** Removes `targetId`; the same command is leaving when the actor is the target. */
export function removeMember(db: WorkspaceDb, actorId: string, targetId: string, at: string) {
  // Leaving is the one thing a member shut out by the policy may still do.
  const standing = actorRole(db, actorId, at, { leaving: actorId === targetId });
  if (!standing.ok) return standing;
  const actor = standing.value;
  const target = store.member(db, targetId);
  const isSelf = actorId === targetId && actor !== null;
  const decision = decide({
    action: "remove_member",
    actor,
    target: actor === null ? null : (target?.role ?? null),
    isSelf,
    ownerCount: store.ownerCount(db),
  });
  if (!decision.allowed || !target) return refuse(db, actorId, decision, { not_found: NOT_A_MEMBER });
  store.audit(db, actorId, isSelf ? "member_left" : "member_removed", targetId, { role: target.role }, at);
  store.removeMember(db, actorId, targetId, at);
  return ok(null);
}
