/**
 * The Workspace object's commands on the workspace itself: how a member sees it, renaming and deleting it. Each runs
 * inside the object's transaction (workspace.ts `change`/`read`); `decide` and policy-rules.ts rule.
 */
import { fail, ok } from "../lib/result";
import { nominationExpiresAt } from "./nominations";
import * as ownershipCommands from "./ownership-commands";
import { memberDeadline } from "./policy-rules";
import { permit } from "./refusals";
import { decide, type Role } from "./roles";
import type { WorkspaceDb } from "./store";
import * as store from "./store";

/**
 * The workspace as its member `userId` sees it: the pending transfer only if `decide` lets them see it, and the
 * two-factor deadline only while it binds them (policy-rules.ts `memberDeadline`).
 */
export function detail(db: WorkspaceDb, userId: string, role: Role) {
  const row = store.live(db);
  const pending = ownershipCommands.pendingNomination(db, userId, new Date());
  const seen = decide({ action: "see_pending_transfer", actor: role, nomination: pending?.context ?? null });
  const standing = store.standingOf(db, userId);
  return {
    id: row?.id ?? "",
    name: row?.name ?? "",
    created_at: row?.createdAt ?? "",
    role,
    member_count: store.memberCount(db),
    pending_transfer:
      seen.allowed && pending
        ? {
            nominee_id: pending.row.nomineeId,
            nominated_by: pending.row.nominatedBy,
            expires_at: nominationExpiresAt(pending.row.nominatedAt),
          }
        : null,
    policy_deadline: memberDeadline(standing.policy, standing),
  };
}

export function summary(db: WorkspaceDb, userId: string) {
  const role = permit(db, userId, "view");
  return role.ok ? ok(detail(db, userId, role.value)) : role;
}

export function rename(db: WorkspaceDb, actorId: string, name: string, at: string) {
  const role = permit(db, actorId, "rename", at);
  const row = store.live(db);
  if (!role.ok || !row) return role.ok ? fail("not_found") : role;
  store.renameWorkspace(db, name, at);
  store.audit(db, actorId, "workspace_renamed", row.id, { from: row.name, to: name }, at);
  return ok(detail(db, actorId, role.value));
}

export function deleteWorkspace(db: WorkspaceDb, actorId: string, at: string) {
  const role = permit(db, actorId, "delete_workspace", at);
  const row = store.live(db);
  if (!role.ok || !row) return role.ok ? fail("not_found") : role;
  store.audit(db, actorId, "workspace_deleted", row.id, { name: row.name }, at);
  store.deleteWorkspace(db, at);
  return ok(null);
}
