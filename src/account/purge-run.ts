/**
 * Running an account's purge inside its Account object (decision 0014): the record made once, then each remaining
 * step in order, each recorded when done; a failure sets the alarm for a retry. The last act erases the object's
 * whole storage, the record included. The steps themselves are purge.ts; when they are due is deletion-rules.ts.
 */
import { newId } from "../lib/ids";
import { findUserById } from "../users/repository";
import { isPurgeDue, nextPurgeStep, purgeAfter, purgeRetryDelayMs } from "./deletion-rules";
import { addressesToForget } from "./email-history";
import { type PurgeDeps, type PurgeProgress, runPurgeStep } from "./purge";
import type { AccountStore } from "./store";

/** What a purge reads and writes: the object's storage (alarm, erasure), its store, and the outside it purges. */
export interface PurgeHost {
  storage: DurableObjectStorage;
  store: AccountStore;
  deps: PurgeDeps;
  /** The retention table's `deleted_accounts` (decision 0034). */
  graceDays: number;
}

/**
 * The purge's record, made once: every address the account has had (the history, the address deletion was asked
 * with, the directory's), which the purge searches by, and the pseudonym every workspace will use.
 */
async function startPurge(host: PurgeHost, userId: string): Promise<PurgeProgress | undefined> {
  const { store, storage, deps } = host;
  const recorded = [...store.emailHistory().map((row) => row.email), store.deletionEmail()];
  // The directory is asked only when this object recorded no address (deletion marks one since the history).
  const fromDirectory =
    addressesToForget(recorded).length > 0 ? undefined : (await findUserById(deps.db, userId))?.email;
  // A restore may have come in while D1 answered: only a record made while the mark stands starts the purge.
  if (!store.account()?.deletedAt) return undefined;
  const emails = addressesToForget([...recorded, fromDirectory]);
  if (emails.length === 0) {
    // Without an email the purge cannot find what names it; an empty one would match everything.
    console.error(`purge of ${userId}: no email on record; retrying later`);
    await storage.setAlarm(Date.now() + purgeRetryDelayMs(1));
    return undefined;
  }
  const progress: PurgeProgress = { person: { userId, emails, pseudonym: newId("deleted") }, done: [], failures: 0 };
  store.savePurgeProgress(progress);
  return progress;
}

/**
 * Runs the purge's remaining steps when it is due (or `force`d by an admin's hard delete). True when everything is
 * gone, this object's storage included; false when restored, not yet due, or waiting for a retry.
 */
export async function runPurge(host: PurgeHost, now: Date, options: { force: boolean }): Promise<boolean> {
  const { store, storage, deps } = host;
  const standing = store.account();
  if (!standing?.deletedAt) return false; // restored meanwhile, or already purged
  if (!options.force && !isPurgeDue(standing.deletedAt, now, host.graceDays)) {
    await storage.setAlarm(Date.parse(purgeAfter(standing.deletedAt, host.graceDays)));
    return false;
  }
  const progress = store.purgeProgress() ?? (await startPurge(host, standing.userId));
  if (!progress) return false;
  for (let step = nextPurgeStep(progress.done); step; step = nextPurgeStep(progress.done)) {
    try {
      await runPurgeStep(step, progress.person, deps);
    } catch (error) {
      progress.failures++;
      store.savePurgeProgress(progress);
      console.warn(`purge of ${standing.userId}: step ${step} failed (${progress.failures}): ${String(error)}`);
      await storage.setAlarm(Date.now() + purgeRetryDelayMs(progress.failures));
      return false;
    }
    progress.done.push(step);
    store.savePurgeProgress(progress);
  }
  await storage.deleteAlarm();
  await storage.deleteAll();
  return true;
}
