/**
 * How the Workspace object answers a call it refuses: through `decide` (roles.ts), explained only to members. Shared
 * by the object and its command modules. The caller's role comes from `actorRole`, which also applies the
 * workspace's policy (policy-rules.ts) from the same read.
 */
import { fail, ok, type Result } from "../lib/result";
import { policyRefusal } from "./policy-rules";
import { type Decision, type DenialCode, decide, type Role, type SimpleAction } from "./roles";
import * as store from "./store";

export const NOT_A_MEMBER = "That person is not a member of this workspace.";

export const TWO_FACTOR_DEADLINE_PASSED =
  "This workspace requires two-factor authentication and its deadline has passed: turn it on in your account settings to continue, or leave the workspace.";

/** Sentences for people, by the code a refusal carries; codes without one get the route's default. */
export type Sentences = Partial<Record<DenialCode, string>>;

/**
 * The answer to a refused call, explained to a member. A non-member hears only the default "no such workspace",
 * never what is missing or in conflict inside it.
 */
export function refuse(db: store.WorkspaceDb, actorId: string, decision: Decision, sentences: Sentences = {}) {
  if (decision.allowed || store.roleOf(db, actorId) === null) return fail("not_found");
  return fail(decision.code, sentences[decision.code]);
}

/**
 * The caller's role for `decide` (null: not a member), from one read; or, for a member the workspace's policy
 * shuts out at `at` (past the two-factor deadline without it), `two_factor_required`. `leaving` is the one call
 * the policy never refuses: anyone may leave.
 */
export function actorRole(
  db: store.WorkspaceDb,
  actorId: string,
  at: string | number,
  options: { leaving?: boolean } = {},
): Result<Role | null> {
  const standing = store.standingOf(db, actorId);
  if (standing.role !== null && !options.leaving) {
    const now = typeof at === "number" ? at : Date.parse(at);
    if (policyRefusal(standing.policy, standing, now)) return fail("two_factor_required", TWO_FACTOR_DEADLINE_PASSED);
  }
  return ok(standing.role);
}

/** The caller's role if the policy and `decide` let them do `action`, else the refusal. */
export function permit(db: store.WorkspaceDb, userId: string, action: SimpleAction, at: string | number = Date.now()) {
  const role = actorRole(db, userId, at);
  if (!role.ok) return role as Result<never>;
  const decision = decide({ action, actor: role.value });
  if (!decision.allowed) return fail<Role>(decision.code);
  return role.value ? ok(role.value) : fail<Role>("not_found");
}

/** Thrown inside a transaction to roll back a refused change and carry its answer out. */
class RefusedChange extends Error {
  constructor(readonly result: Result<never>) {
    super("refused");
  }
}

/** Runs a check-and-write in one transaction: a refusal rolls back everything it wrote and is returned as is. */
export function atomically<T>(storage: DurableObjectStorage, body: () => Result<T>): Result<T> {
  try {
    return storage.transactionSync(() => {
      const outcome = body();
      if (!outcome.ok) throw new RefusedChange(outcome as Result<never>);
      return outcome;
    });
  } catch (error) {
    if (error instanceof RefusedChange) return error.result;
    throw error;
  }
}
