/**
 * What every Durable Object RPC that can refuse returns, the Workspace object's and the Account object's alike: a
 * value, or the problem code (with a sentence for people) that the API turns into its HTTP answer in one place
 * (src/http/results.ts `unwrap`).
 */
import type { ProblemCode } from "./problem";

export type Result<T> = { ok: true; value: T } | { ok: false; code: ProblemCode; detail?: string };

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = <T = never>(code: ProblemCode, detail?: string): Result<T> => ({ ok: false, code, detail });
