/**
 * How the Workspace object answers a call it refuses: through `decide` (roles.ts), explained only to members. Shared
 * by the object and its command modules.
 */
import { fail, ok, type Result } from "../lib/result";
import { type Decision, type DenialCode, decide, type Role, type SimpleAction } from "./roles";
import * as store from "./store";

export const NOT_A_MEMBER = "That person is not a member of this workspace.";

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

/** The caller's role if `decide` lets them do `action`, else the refusal. */
export function permit(db: store.WorkspaceDb, userId: string, action: SimpleAction): Result<Role> {
  const role = store.roleOf(db, userId);
  const decision = decide({ action, actor: role });
  if (!decision.allowed) return fail(decision.code);
  return role ? ok(role) : fail("not_found");
}
