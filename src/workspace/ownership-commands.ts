/**
 * The Workspace object's ownership commands: nominating a member as owner, cancelling the nomination, and the
 * nominee accepting it. Each runs inside the object's transaction (workspace.ts `change`); `decide` rules.
 */

import { ok } from "../lib/result";
import { nominationMessage } from "./messages";
import { nominationExpiresAt } from "./nominations";
import { actorRole, NOT_A_MEMBER, refuse } from "./refusals";
import { decide, type PendingNomination, type Role } from "./roles";
import type { NominationRow, WorkspaceDb } from "./store";
import * as store from "./store";

const NO_PENDING_TRANSFER = "No ownership transfer is pending.";

/** The pending nomination with what `decide` needs to know about it, as `userId` asks. */
export function pendingNomination(
  db: WorkspaceDb,
  userId: string,
  now: Date,
): { row: NominationRow; context: PendingNomination } | null {
  const row = store.pendingNomination(db, now);
  if (!row) return null;
  const nominatorRole = store.member(db, row.nominatedBy)?.role ?? null;
  return { row, context: { isNominee: row.nomineeId === userId, nominatorRole } };
}

export function nominateOwner(db: WorkspaceDb, actorId: string, nomineeId: string, origin: string, at: string) {
  const actor = actorRole(db, actorId, at);
  if (!actor.ok) return actor;
  const nominee = store.member(db, nomineeId);
  const decision = decide({
    action: "nominate_owner",
    actor: actor.value,
    target: nominee?.role ?? null,
  });
  if (!decision.allowed || !nominee) {
    return refuse(db, actorId, decision, {
      not_found: NOT_A_MEMBER,
      conflict: "That member is already an owner.",
    });
  }
  store.nominate(db, nomineeId, actorId, at);
  store.audit(db, actorId, "ownership_nominated", nomineeId, {}, at);
  const expiresAt = nominationExpiresAt(at);
  const mail = nominationMessage({
    workspaceId: store.id(db),
    workspaceName: store.live(db)?.name ?? "",
    nominator: store.member(db, actorId),
    nominee,
    nominatedAt: at,
    expiresAt,
    origin,
  });
  store.queueMail(db, mail, at);
  return ok({ user_id: nomineeId, nominated_by: actorId, nominated_at: at, expires_at: expiresAt });
}

export function cancelNomination(db: WorkspaceDb, actorId: string, at: string) {
  const actor = actorRole(db, actorId, at);
  if (!actor.ok) return actor;
  const pending = pendingNomination(db, actorId, new Date(at));
  const decision = decide({
    action: "cancel_nomination",
    actor: actor.value,
    nomination: pending?.context ?? null,
  });
  if (!decision.allowed || !pending) return refuse(db, actorId, decision, { not_found: NO_PENDING_TRANSFER });
  store.clearNomination(db);
  store.audit(db, actorId, "ownership_nomination_cancelled", pending.row.nomineeId, {}, at);
  return ok(null);
}

export function acceptOwnership(db: WorkspaceDb, actorId: string, at: string) {
  const standing = actorRole(db, actorId, at);
  if (!standing.ok) return standing;
  const actor = standing.value;
  const pending = pendingNomination(db, actorId, new Date(at));
  const decision = decide({ action: "accept_ownership", actor, nomination: pending?.context ?? null });
  const nominee = store.member(db, actorId);
  if (!decision.allowed || !pending || !nominee) {
    return refuse(db, actorId, decision, {
      not_found: NO_PENDING_TRANSFER,
      forbidden: "Only the nominated member can accept this ownership transfer.",
      conflict:
        actor === "owner"
          ? "You are already an owner of this workspace."
          : "The owner who nominated you is no longer an owner; ask a current owner to nominate you again.",
    });
  }
  const nominator = store.member(db, pending.row.nominatedBy);
  store.audit(db, actorId, "ownership_transferred", actorId, { from: pending.row.nominatedBy }, at);
  // One transaction: the nominee is owner before the nominator steps down, never zero owners.
  store.setRole(db, actorId, nominee, "owner", at);
  if (nominator) store.setRole(db, actorId, nominator, "editor", at);
  store.clearNomination(db);
  const role: Role = "owner";
  return ok({ workspace_id: store.id(db), role });
}
