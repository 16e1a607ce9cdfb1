/**
 * The Workspace object's policy commands (decision 0030): reading and changing the policy, recording a member's
 * two-factor state as their Account object reports it, and who is shut out now (for closing their sockets). Each runs
 * inside the object's transaction (workspace.ts `change`/`read`); policy-rules.ts and `decide` rule.
 */
import { fail, ok, type Result } from "../lib/result";
import { twoFactorRequiredMessage } from "./messages";
import {
  applyPolicyPatch,
  type PolicyPatch,
  type PolicyView,
  policyRefusal,
  policyView,
  twoFactorDeadline,
} from "./policy-rules";
import { actorRole, permit } from "./refusals";
import { decide } from "./roles";
import type { WorkspaceDb } from "./store";
import * as store from "./store";

export function readPolicy(db: WorkspaceDb, actorId: string): Result<PolicyView> {
  const role = permit(db, actorId, "view");
  return role.ok ? ok(policyView(store.policyOf(db))) : role;
}

/**
 * An owner changes the policy. A change that changes nothing is answered with the policy and records nothing;
 * anything else is audited (`policy_changed`, each changed field `{ from, to }`, pushed live). Turning required
 * two-factor on mails every member without it their deadline, through the outbox.
 */
export function updatePolicy(
  db: WorkspaceDb,
  actorId: string,
  input: { patch: PolicyPatch; origin: string },
  at: string,
): Result<PolicyView> {
  const actor = actorRole(db, actorId, at);
  if (!actor.ok) return actor;
  const decision = decide({ action: "manage", actor: actor.value });
  if (!decision.allowed) return fail(decision.code);
  const row = store.live(db);
  if (!row) return fail("not_found");
  const change = applyPolicyPatch(store.policyOf(db), input.patch, at);
  if (Object.keys(change.changed).length === 0) return ok(policyView(change.after));
  store.setPolicy(db, change.after);
  store.audit(db, actorId, "policy_changed", row.id, change.changed, at);
  const deadline = twoFactorDeadline(change.after);
  if (change.turnedOn && deadline && change.after.twoFactorRequiredSince) {
    for (const member of store.membersWithoutTwoFactor(db)) {
      const mail = twoFactorRequiredMessage({
        workspaceId: row.id,
        workspaceName: row.name,
        member,
        requiredSince: change.after.twoFactorRequiredSince,
        deadline,
        origin: input.origin,
      });
      store.queueMail(db, mail, at);
    }
  }
  return ok(policyView(change.after));
}

/** Whether the person's member row says two-factor on; idempotent, and a non-member changes nothing. */
export function recordMemberTwoFactor(db: WorkspaceDb, userId: string, on: boolean) {
  return ok({ updated: store.setMemberTwoFactor(db, userId, on) });
}

/** Whether the policy shuts `userId` out at `now` (ms): for the sockets of a person who may no longer act here. */
export function shutOut(db: WorkspaceDb, userId: string, now: number): boolean {
  const standing = store.standingOf(db, userId);
  return standing.role !== null && policyRefusal(standing.policy, standing, now) !== null;
}
