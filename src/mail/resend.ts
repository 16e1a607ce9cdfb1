/** Sends mail through Resend, one idempotency key per message. */
import { Resend } from "resend";
import { MailDeliveryError, type Mailer, type MailMessage } from "./mailer";

export class ResendMailer implements Mailer {
  private readonly client: Resend;

  constructor(
    apiKey: string,
    private readonly from: string,
    options: { baseUrl?: string } = {},
  ) {
    this.client = new Resend(apiKey, options.baseUrl ? { baseUrl: options.baseUrl } : undefined);
  }

  async send(message: MailMessage): Promise<void> {
    // The SDK does not throw on network or API failure: it returns { error }.
    const { error } = await this.client.emails.send(
      { from: this.from, to: message.to, subject: message.subject, text: message.text, html: message.html },
      { idempotencyKey: message.idempotencyKey },
    );
    if (error) {
      throw new MailDeliveryError(`Resend refused the message: ${error.name}: ${error.message}`, {
        permanent: isPermanentStatus(error.statusCode),
      });
    }
  }
}

/**
 * A 4xx refuses the message itself (a bad recipient, a rejected field) and will be refused again; but 408, 409
 * (a concurrent request with the same idempotency key) and 429 (rate and quota limits) pass with time. No status
 * means Resend was not reached, which may pass too.
 */
function isPermanentStatus(status: number | null): boolean {
  return status !== null && status >= 400 && status < 500 && ![408, 409, 429].includes(status);
}
