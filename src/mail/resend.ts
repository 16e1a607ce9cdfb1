/** Sends mail through Resend, one idempotency key per message, each call aborted after MAIL_PROVIDER_TIMEOUT_MS. */
import { Resend } from "resend";
import { MAIL_PROVIDER_TIMEOUT_MS, MailDeliveryError, type Mailer, type MailMessage } from "./mailer";

export class ResendMailer implements Mailer {
  private readonly client: Resend;
  private readonly timeoutMs: number;

  constructor(
    apiKey: string,
    private readonly from: string,
    options: { baseUrl?: string; timeoutMs?: number } = {},
  ) {
    this.client = new Resend(apiKey, options.baseUrl ? { baseUrl: options.baseUrl } : undefined);
    this.timeoutMs = options.timeoutMs ?? MAIL_PROVIDER_TIMEOUT_MS;
  }

  async send(message: MailMessage): Promise<void> {
    // The SDK passes its request options on to fetch, the abort signal included.
    const options = { idempotencyKey: message.idempotencyKey, signal: AbortSignal.timeout(this.timeoutMs) };
    const payload = {
      from: this.from,
      to: message.to,
      subject: message.subject,
      text: message.text,
      html: message.html,
    };
    let answer: Awaited<ReturnType<Resend["emails"]["send"]>>;
    try {
      // The SDK does not throw on network or API failure: it returns { error }. An abort may still throw.
      answer = await this.client.emails.send(payload, options);
    } catch (thrown) {
      throw new MailDeliveryError(`Resend did not answer in time: ${String(thrown)}`);
    }
    const { error } = answer;
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
