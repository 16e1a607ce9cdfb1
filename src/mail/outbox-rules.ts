/**
 * When sign-in mail is tried again (decision 0019). A code is worth mailing only while it works, so retries are
 * quick and few: from 30 seconds, doubling, and never past the message's give-up time. Every retry loop ends.
 */

/** Attempts before a message is given up, whatever its give-up time. */
export const MAIL_OUTBOX_MAX_ATTEMPTS = 6;
/** A code lives 10 minutes; its mail is dropped a little after, when it could no longer be used. */
export const MAIL_OUTBOX_GIVE_UP_AFTER_MS = 15 * 60_000;
/**
 * While an attempt is under way the row is not due for another. Longer than a provider call can take (10 s, then
 * it is aborted), so a cron pass never sends what an attempt in flight is sending; a worker that died mid-attempt
 * leaves a row that is due again once the lease is over.
 */
export const MAIL_ATTEMPT_LEASE_MS = 60_000;

const RETRY_BASE_MS = 30_000;
const RETRY_MAX_MS = 5 * 60_000;

/** The wait after the `attempts`-th failed attempt: 30 s, 1, 2, 4 minutes, then at most 5. */
export function mailRetryDelayMs(attempts: number): number {
  return Math.min(RETRY_BASE_MS * 2 ** Math.max(0, attempts - 1), RETRY_MAX_MS);
}

/**
 * What follows a failed attempt: try again at `nextAttemptAt`, or give up. A permanent refusal (a 4xx for the
 * message itself) is given up at once; a 429, a 5xx or no answer is retried until the attempts are spent or the
 * next attempt would come after `giveUpAt`.
 */
export function afterFailedMailAttempt(input: {
  /** Failed attempts so far, this one included. */
  attempts: number;
  permanent: boolean;
  now: number;
  giveUpAt: number;
}): { retry: true; nextAttemptAt: number } | { retry: false } {
  if (input.permanent || input.attempts >= MAIL_OUTBOX_MAX_ATTEMPTS) return { retry: false };
  const nextAttemptAt = input.now + mailRetryDelayMs(input.attempts);
  return nextAttemptAt > input.giveUpAt ? { retry: false } : { retry: true, nextAttemptAt };
}
