/**
 * Mail that must not delay an answer: sent after the response, so an answer takes the same time whether or not a
 * mail goes out (a reset for a known email would otherwise wait for the provider and tell who has an account).
 * A failed send is logged; the person can ask again (every such mail is a code they can request anew).
 */
import type { Mailer, MailMessage } from "./mailer";

export interface BackgroundWork {
  waitUntil(promise: Promise<unknown>): void;
}

export function sendInBackground(work: BackgroundWork, mailer: Mailer, message: MailMessage): void {
  work.waitUntil(
    mailer.send(message).catch((error: unknown) => {
      console.error(`mail ${message.idempotencyKey} was not sent:`, error);
    }),
  );
}
