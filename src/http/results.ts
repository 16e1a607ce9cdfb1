/**
 * The one place a Durable Object's refusal becomes an HTTP answer: the Workspace and the Account objects both answer
 * in `Result` (src/lib/result.ts), and every route that calls them unwraps here.
 */
import { ApiError, type ProblemCode } from "../lib/problem";
import type { Result } from "../lib/result";

/** Sentences more precise than the catalogue's for codes an object refused without one, by subject. */
export type DefaultDetails = Partial<Record<ProblemCode, string>>;

/** The value of a successful call, or the problem the object decided, thrown for `onError`. */
export function unwrap<T>(result: Result<T>, defaults: DefaultDetails = {}): T {
  if (result.ok) return result.value;
  throw new ApiError(result.code, result.detail ?? defaults[result.code]);
}
