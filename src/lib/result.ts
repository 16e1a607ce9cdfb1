/**
 * What every Durable Object RPC that can refuse returns, the Workspace object's and the Account object's alike: a
 * value, or the problem code (with a sentence for people) that the API turns into its HTTP answer in one place
 * (`unwrap` below).
 */
import { ApiError, type ProblemCode } from "./problem";

export type Result<T> = { ok: true; value: T } | { ok: false; code: ProblemCode; detail?: string };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = <T = never>(code: ProblemCode, detail?: string): Result<T> => ({ ok: false, code, detail });

/** Sentences more precise than the catalogue's for codes an object refused without one, by subject. */
export type DefaultDetails = Partial<Record<ProblemCode, string>>;

/** The value of a successful call, or the problem the object decided, thrown for the HTTP layer's `onError`. */
export function unwrap<T>(result: Result<T>, defaults: DefaultDetails = {}): T {
  if (result.ok) return result.value;
  throw new ApiError(result.code, result.detail ?? defaults[result.code]);
}
