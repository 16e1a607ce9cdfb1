/**
 * The rules of deleting an account (decision 0014), as plain functions: the grace period, the confirmation, the
 * order of the purge's steps and the spacing of its retries. The Account object drives them (account.ts, purge.ts).
 */
import { normalizeEmail } from "../lib/email";

/**
 * Days between the deletion request and the purge; the person may sign in and restore until then. The default:
 * the retention table's `deleted_accounts` decides (decision 0034), and every caller passes it.
 */
export const PURGE_GRACE_DAYS = 30;

const DAY_MS = 24 * 60 * 60 * 1000;

/** When an account deleted at `deletedAt` is purged. */
export function purgeAfter(deletedAt: string, graceDays: number = PURGE_GRACE_DAYS): string {
  return new Date(Date.parse(deletedAt) + graceDays * DAY_MS).toISOString();
}

export function isPurgeDue(deletedAt: string, now: Date, graceDays: number = PURGE_GRACE_DAYS): boolean {
  return now.getTime() >= Date.parse(purgeAfter(deletedAt, graceDays));
}

/** Accounts deleted at or before this instant are due for purge at `now`. */
export function purgeDueIfDeletedBy(now: Date, graceDays: number = PURGE_GRACE_DAYS): string {
  return new Date(now.getTime() - graceDays * DAY_MS).toISOString();
}

/** Deleting takes typing one's own email: a stolen session alone is not enough to ask by accident or script. */
export function deletionConfirmed(confirm: string, email: string): boolean {
  return normalizeEmail(confirm) === normalizeEmail(email);
}

/**
 * The purge's steps, in order. Each is idempotent and recorded when done, so a purge cut short resumes at the
 * first step not recorded. Workspaces go first (they need the D1 index to be found); the user row goes last but
 * one, so until then the hourly sweep can still find an account whose alarm was lost; the Account object's own
 * storage (which holds this record) is erased after all of them.
 */
export const PURGE_STEPS = [
  "workspaces",
  "admin_audit",
  "sign_in_records",
  "avatar",
  "mail",
  "index",
  "user_row",
] as const;
export type PurgeStep = (typeof PURGE_STEPS)[number];

export function nextPurgeStep(done: readonly PurgeStep[]): PurgeStep | null {
  return PURGE_STEPS.find((step) => !done.includes(step)) ?? null;
}

const RETRY_BASE_MS = 60_000;
const RETRY_MAX_MS = 6 * 60 * 60 * 1000;

/**
 * The wait after the `failures`-th failed attempt: a minute, doubling, at most six hours. A purge is never given up
 * (the person asked for their data to go), but a failing one costs at most four attempts a day, and each account's
 * purge runs in its own object, so one that keeps failing holds back no other.
 */
export function purgeRetryDelayMs(failures: number): number {
  return Math.min(RETRY_BASE_MS * 2 ** Math.max(0, failures - 1), RETRY_MAX_MS);
}
