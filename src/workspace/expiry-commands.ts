/**
 * The Workspace object's expiry commands (decision 0028, "Expiring access"): an owner sets or clears a member's
 * `expires_at`, and the alarm sends the day-before mail and removes whoever's access has ended. Each runs inside the
 * object's transaction (workspace.ts `change`); `decide` and expiry.ts rule.
 */
import { fail, ok } from "../lib/result";
import { isDue, parseExpiry, warningDue } from "./expiry";
import { expiredMessage, expiryWarningMessage } from "./messages";
import { actorRole, NOT_A_MEMBER, refuse } from "./refusals";
import { decide } from "./roles";
import type { WorkspaceDb } from "./store";
import * as store from "./store";
import { memberView } from "./views";

export const BAD_EXPIRY = "The expiry must be a time in the future, at most ten years ahead, or null for none.";

/** Sets (or with null clears) `targetId`'s expiry; only an owner may, and never on an owner. */
export function setExpiry(db: WorkspaceDb, actorId: string, targetId: string, value: string | null, at: string) {
  const actor = actorRole(db, actorId, at);
  if (!actor.ok) return actor;
  const target = store.member(db, targetId);
  const decision = decide({
    action: "set_expiry",
    actor: actor.value,
    target: target?.role ?? null,
    expires: value !== null,
  });
  if (!decision.allowed || !target) {
    return refuse(db, actorId, decision, { not_found: NOT_A_MEMBER, last_owner: "An owner's access cannot expire." });
  }
  // Checked after the permission, so someone who may not set it learns nothing from the answer.
  const expiry = parseExpiry(value, Date.parse(at));
  if (!expiry.ok) return fail("validation_failed", BAD_EXPIRY);
  if (expiry.value === target.expiresAt) return ok(memberView(target, store.policyOf(db)));
  store.setMemberExpiry(db, targetId, expiry.value);
  return ok(memberView({ ...target, expiresAt: expiry.value, expiryWarnedAt: null }, store.policyOf(db)));
}

/**
 * The alarm's expiry work at `at`: the day-before mail to those whose access ends within a day, then the removal
 * of those whose access has ended. Run twice, it does nothing the second time: a removed member is gone and a
 * warned one is marked. Returns how many were removed.
 */
export function expireDue(db: WorkspaceDb, at: string): { expired: number; warned: number } {
  const row = store.live(db);
  if (!row) return { expired: 0, warned: 0 };
  const now = Date.parse(at);
  const workspace = { workspaceId: row.id, workspaceName: row.name };
  let warned = 0;
  for (const member of store.membersToWarn(db, now)) {
    if (!warningDue(member, now)) continue;
    store.queueMail(db, expiryWarningMessage({ ...workspace, member }), at);
    store.markExpiryWarned(db, member.userId, at);
    warned += 1;
  }
  let expired = 0;
  for (const member of store.expiredMembers(db, at)) {
    if (!isDue(member, store.ownerCount(db), now)) {
      // Only the last owner can be ended and not due (owners never get an expiry; this is a guard): their expiry is
      // dropped, else the alarm would wake again at once, for ever.
      store.setMemberExpiry(db, member.userId, null);
      continue;
    }
    // The person is the actor: nobody acted now; the owner who set the expiry did so earlier, audited nowhere else.
    store.audit(
      db,
      member.userId,
      "member_expired",
      member.userId,
      { role: member.role, expires_at: member.expiresAt },
      at,
    );
    store.removeMember(db, member.userId, member.userId, at);
    store.queueMail(db, expiredMessage({ ...workspace, member }), at);
    expired += 1;
  }
  return { expired, warned };
}
