/** Recognising the service's problem+json answers (docs/api.md, Errors): callers branch on `code` only. */
import type { components } from "./schema.js";

export type Problem = components["schemas"]["Problem"];
export type ProblemCode = Problem["code"];

/** Whether an answer's body is one of the service's problems (a string `code` and a numeric `status`). */
export function isProblem(body: unknown): body is Problem {
  if (typeof body !== "object" || body === null) return false;
  const { code, status } = body as { code?: unknown; status?: unknown };
  return typeof code === "string" && typeof status === "number";
}

/**
 * Whether a refusal asks for a fresh sign-in (`403 reauthentication_required`: deleting the account, changing the
 * email, turning two-factor off need one from the last 10 minutes). Takes the problem body or an error that carries
 * one as `problem` (such as the web app's ApiError), so one test serves every caller.
 */
export function needsReauthentication(refusal: unknown): boolean {
  const problem = isProblem(refusal) ? refusal : (refusal as { problem?: unknown } | null)?.problem;
  return isProblem(problem) && problem.code === "reauthentication_required";
}
