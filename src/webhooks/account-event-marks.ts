/**
 * Which pieces of work queued account events (decision 0037), so that only those look in D1's
 * `account_event_outbox` afterwards: an ordinary write costs no extra D1 read. The queueing functions
 * (account-event-queue.ts) mark the work they run inside, wherever it was called from, without every caller
 * between the request and the queue carrying a flag; outside any such work (the cron) a mark does nothing.
 */
import { AsyncLocalStorage } from "node:async_hooks";

interface Marks {
  queued: boolean;
}

const current = new AsyncLocalStorage<Marks>();

/** Called where account events are queued (or their statements made for a batch). */
export function markAccountEventsQueued(): void {
  const marks = current.getStore();
  if (marks) marks.queued = true;
}

/** Runs `work` and tells whether it queued account events. */
export async function noticingAccountEvents<T>(work: () => Promise<T>): Promise<{ result: T; queued: boolean }> {
  const marks: Marks = { queued: false };
  const result = await current.run(marks, work);
  return { result, queued: marks.queued };
}
