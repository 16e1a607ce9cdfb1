/** What every Workspace RPC returns: a value, or the problem code a route turns into its HTTP answer. */
import type { ProblemCode } from "../lib/problem";

export type Result<T> = { ok: true; value: T } | { ok: false; code: ProblemCode; detail?: string };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = <T = never>(code: ProblemCode, detail?: string): Result<T> => ({ ok: false, code, detail });
