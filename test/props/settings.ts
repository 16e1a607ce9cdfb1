/**
 * How many sequences the property tests run, how long, and from which seed. `npm test` runs a few from a fixed seed
 * (bounded time, the same sequences every time); `npm run test:props` sets PROPS_RUNS for a larger run from a new
 * seed, printed so a failure can be replayed with PROPS_SEED, or straight to its shrunk counterexample with PROPS_SEED
 * and PROPS_PATH from fast-check's report (vitest.config.ts passes these into the Workers runtime).
 */
import { env } from "cloudflare:test";

/** The CI run: small and fixed (~15 s on a quiet 2-core machine, ~40 s on a loaded one; 24 steps at most each). */
export const CI_RUNS = 20;
export const CI_SEED = 230_2026;
export const MAX_STEPS = 24;

export interface PropsSettings {
  runs: number;
  seed: number;
  maxSteps: number;
  /** fast-check's `path` from a failure's report: replays that counterexample at once (with its seed). */
  path?: string;
  /** For the test's timeout: a generous bound on one run, shrinking included. */
  timeoutMs: number;
}

export function propsSettings(): PropsSettings {
  const vars = env as unknown as Record<string, string | undefined>;
  const asked = Number.parseInt(vars.PROPS_RUNS ?? "", 10);
  const runs = Number.isInteger(asked) && asked > 0 ? asked : CI_RUNS;
  const given = Number.parseInt(vars.PROPS_SEED ?? "", 10);
  // A larger run without a seed explores new sequences each time; the CI run always replays the same ones.
  const seed = Number.isInteger(given) ? given : asked > 0 ? Math.floor(Math.random() * 2 ** 31) : CI_SEED;
  const steps = Number.parseInt(vars.PROPS_STEPS ?? "", 10);
  const maxSteps = Number.isInteger(steps) && steps > 0 ? steps : MAX_STEPS;
  const path = vars.PROPS_PATH || undefined;
  return { runs, seed, maxSteps, path, timeoutMs: 60_000 + runs * maxSteps * 400 + 600_000 };
}
