/**
 * The send limits of `POST /api/me/email` (decision 0019): each request mails a code to an address of the caller's
 * choosing, so a stolen session or a script could otherwise mail any address without end.
 */
import { type CounterNamespace, reserveSlot } from "../ratelimit/limiter";
import { SIGN_IN_LIMITS } from "./sign-in-limits";

/**
 * Reserves one email-change mail against the account (5 per hour) and the target address (3 per hour, whoever
 * asks). Null when both took it; otherwise the seconds until it may be asked again, and neither counts it.
 */
export async function reserveEmailChangeMail(
  counters: CounterNamespace,
  userId: string,
  targetEmail: string,
): Promise<number | null> {
  const slots = await Promise.all([
    reserveSlot(counters, SIGN_IN_LIMITS.emailChangesPerAccount, userId),
    reserveSlot(counters, SIGN_IN_LIMITS.emailChangesPerAddress, targetEmail),
  ]);
  const waits = slots.flatMap((slot) => (slot.allowed ? [] : [slot.retryAfterSeconds]));
  if (waits.length === 0) return null;
  await Promise.all(slots.map((slot) => (slot.allowed ? slot.release() : undefined)));
  return Math.max(...waits);
}
