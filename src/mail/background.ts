/**
 * Mail that must not delay an answer: queued and sent after the response, so an answer takes the same time whether
 * or not a mail goes out (a reset for a known email would otherwise wait for the provider and tell who has an
 * account). It goes through the mail outbox (outbox.ts): a refusal that may pass is retried by the minute's cron.
 */
import type { MailMessage } from "./mailer";
import { type MailOutboxDeps, queueMail } from "./outbox";

export interface BackgroundWork {
  waitUntil(promise: Promise<unknown>): void;
}

/**
 * Queueing still under way in this isolate. The development mailbox waits for them before it answers, so a reader
 * who asks right after a form's answer sees the mail that answer queued.
 */
const queueingInFlight = new Set<Promise<unknown>>();

export function sendInBackground(work: BackgroundWork, deps: MailOutboxDeps, message: MailMessage): void {
  const queued = queueMail(deps, message)
    .catch((error: unknown) => {
      console.error(`mail ${message.idempotencyKey} was not queued:`, error);
    })
    .finally(() => queueingInFlight.delete(queued));
  queueingInFlight.add(queued);
  work.waitUntil(queued);
}

/** Resolves once every mail queued so far in this isolate had its first attempt. */
export async function mailQueuedSoFar(): Promise<void> {
  await Promise.allSettled([...queueingInFlight]);
}
