/**
 * Sends mail through Resend's HTTP API (`POST /emails`, decision 0039), one idempotency key per message, each call
 * aborted after MAIL_PROVIDER_TIMEOUT_MS. One request is all we need of Resend; its SDK would add about 40 KiB gzip
 * to the worker (an inbound-mail parser and webhook verification we never call).
 */
import { MAIL_PROVIDER_TIMEOUT_MS, MailDeliveryError, type Mailer, type MailMessage } from "./mailer";

const RESEND_API = "https://api.resend.com";

export class ResendMailer implements Mailer {
  private readonly baseUrl: string;
  private readonly timeoutMs: number;

  constructor(
    private readonly apiKey: string,
    private readonly from: string,
    options: { baseUrl?: string; timeoutMs?: number } = {},
  ) {
    this.baseUrl = options.baseUrl ?? RESEND_API;
    this.timeoutMs = options.timeoutMs ?? MAIL_PROVIDER_TIMEOUT_MS;
  }

  async send(message: MailMessage): Promise<void> {
    const { to, subject, text, html, idempotencyKey } = message;
    let status: number;
    let body: string;
    try {
      const response = await fetch(`${this.baseUrl}/emails`, {
        method: "POST",
        headers: {
          Authorization: `Bearer ${this.apiKey}`,
          "Content-Type": "application/json",
          "Idempotency-Key": idempotencyKey,
          "User-Agent": "edge-identity",
        },
        body: JSON.stringify({ from: this.from, to, subject, text, html }),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      status = response.status;
      body = await response.text();
    } catch (thrown) {
      // Not reached, or no whole answer in time: Resend may not have seen the message, so it may pass.
      throw new MailDeliveryError(`Resend did not answer in time: ${String(thrown)}`);
    }
    if (status >= 200 && status < 300) return;
    throw new MailDeliveryError(`Resend refused the message: ${status} ${describeRefusal(body)}`, {
      permanent: isPermanentStatus(status),
    });
  }
}

/** Resend's error body is `{ name, message, statusCode }`; anything else (a proxy's page) is shown cut short. */
function describeRefusal(body: string): string {
  try {
    const { name, message } = JSON.parse(body) as { name?: unknown; message?: unknown };
    if (typeof name === "string" || typeof message === "string") return `${name}: ${message}`;
  } catch {
    // not JSON: fall through
  }
  return body.slice(0, 200);
}

/**
 * A 4xx refuses the message itself (a bad recipient, a rejected field) and will be refused again; but 408, 409
 * (a concurrent request with the same idempotency key) and 429 (rate and quota limits) pass with time, and so may
 * a 5xx.
 */
function isPermanentStatus(status: number): boolean {
  return status >= 400 && status < 500 && ![408, 409, 429].includes(status);
}
