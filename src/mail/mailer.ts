/** The one way the service sends email: Resend in production, the development mailbox otherwise. */

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

/** The provider refused or could not be reached; the caller may retry with the same idempotency key. */
export class MailDeliveryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "MailDeliveryError";
  }
}
