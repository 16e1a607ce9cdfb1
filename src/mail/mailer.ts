/** The one way the service sends email: Resend in production, the development mailbox otherwise. */

/**
 * Every call to a mail provider is aborted after this long, so a hung call never holds a workspace's outbox or a
 * sign-in mail's first attempt (it is then retried like any refusal that may pass).
 */
export const MAIL_PROVIDER_TIMEOUT_MS = 10_000;

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** The same key never sends twice (Resend keeps it for 24 hours); retries reuse it. */
  idempotencyKey: string;
}

export interface Mailer {
  send(message: MailMessage): Promise<void>;
}

/**
 * The provider refused or could not be reached. `permanent` means it refused this message for good (a 4xx such
 * as an invalid recipient): sending it again would be refused again. Otherwise the caller may retry later with
 * the same idempotency key.
 */
export class MailDeliveryError extends Error {
  readonly permanent: boolean;

  constructor(message: string, options: { permanent?: boolean } = {}) {
    super(message);
    this.name = "MailDeliveryError";
    this.permanent = options.permanent ?? false;
  }
}

/** Whether an error from `Mailer.send` means the message will never be taken (anything unknown may pass). */
export function isPermanentMailFailure(error: unknown): boolean {
  return error instanceof MailDeliveryError && error.permanent;
}
