/**
 * One guess at an account's second factor, under its lock (SIGN_IN_LIMITS.secondFactorGuessesPerAccount): the
 * failure it may turn out to be is reserved before the Account object evaluates it, so parallel guesses cannot pass
 * the limit; an answer that was not a wrong code (right, or nothing to check) hands the reservation back. The sign-in
 * step and the API routes share it, so 5 wrong codes anywhere lock both for that account.
 */
import type { CodeProof, CodeRefusal } from "../account/two-factor-state";
import { type CounterNamespace, reserveSlot } from "../ratelimit/limiter";
import { SIGN_IN_LIMITS } from "./sign-in-limits";

export type SecondFactorGuess<T> =
  | { ok: true; value: T }
  | { ok: false; reason: "wrong" | "replayed"; triesLeft: number }
  | { ok: false; reason: Exclude<CodeRefusal, "wrong" | "replayed"> }
  | { ok: false; reason: "limited"; retryAfterSeconds: number };

export async function guessSecondFactor<T>(
  counters: CounterNamespace,
  userId: string,
  evaluate: () => Promise<CodeProof<T>>,
): Promise<SecondFactorGuess<T>> {
  const slot = await reserveSlot(counters, SIGN_IN_LIMITS.secondFactorGuessesPerAccount, userId);
  if (!slot.allowed) return { ok: false, reason: "limited", retryAfterSeconds: slot.retryAfterSeconds };
  let result: CodeProof<T>;
  try {
    result = await evaluate();
  } catch (error) {
    await slot.release();
    throw error;
  }
  if (result.ok) {
    await slot.release();
    return result;
  }
  const { reason } = result;
  if (reason === "wrong" || reason === "replayed") return { ok: false, reason, triesLeft: slot.remaining };
  await slot.release();
  return { ok: false, reason };
}
