/** Development mailbox: keeps mail in D1 so `GET /dev/mailbox?to=` and `/dev/mailbox.html` can show it; never sends. */
import { desc, eq } from "drizzle-orm";
import type { DrizzleD1Database } from "drizzle-orm/d1";
import { normalizeEmail } from "../lib/email";
import { newId } from "../lib/ids";
import { mailQueuedSoFar } from "./background";
import { MailDeliveryError, type Mailer, type MailMessage } from "./mailer";
import { devMailbox, devMailRefusals } from "./schema";

/**
 * Reserved domains (`.invalid` never exists, RFC 2606) make the mailbox fail as a provider would, so how the
 * service copes can be tried under `npm run dev` and in tests: `@refused.invalid` is refused for good (as a 4xx
 * for a bad recipient), `@unavailable.invalid` cannot be taken now (as a 5xx or a timeout).
 */
export const REFUSED_DOMAIN = "refused.invalid";
export const UNAVAILABLE_DOMAIN = "unavailable.invalid";
/** `@flaky.invalid` is unavailable on a message's first attempt and takes it on the next (a retry can be seen). */
export const FLAKY_DOMAIN = "flaky.invalid";

export interface StoredMail {
  id: string;
  to: string;
  subject: string;
  text: string;
  html: string;
  created_at: string;
}

/**
 * Writes still under way in this isolate. Sign-in mail is sent in the background (after the answer), so a reader
 * who asks right after the answer waits for them instead of racing them.
 */
const writesInFlight = new Set<Promise<unknown>>();

export class DevMailbox implements Mailer {
  constructor(private readonly db: DrizzleD1Database) {}

  async send(message: MailMessage): Promise<void> {
    const domain = normalizeEmail(message.to).split("@").at(-1);
    if (domain === REFUSED_DOMAIN) {
      throw new MailDeliveryError(`The development mailbox refuses ${REFUSED_DOMAIN} for good.`, { permanent: true });
    }
    if (domain === UNAVAILABLE_DOMAIN) {
      throw new MailDeliveryError(`The development mailbox is unavailable for ${UNAVAILABLE_DOMAIN} right now.`);
    }
    if (domain === FLAKY_DOMAIN && (await this.refusedForTheFirstTime(message.idempotencyKey))) {
      throw new MailDeliveryError(`The development mailbox refuses each ${FLAKY_DOMAIN} message once.`);
    }
    const write = this.store(message);
    writesInFlight.add(write);
    try {
      await write;
    } finally {
      writesInFlight.delete(write);
    }
  }

  /** True the first time a message is seen (it is recorded as refused), false on every later attempt. */
  private async refusedForTheFirstTime(idempotencyKey: string): Promise<boolean> {
    const recorded = await this.db
      .insert(devMailRefusals)
      .values({ idempotencyKey, refusedAt: new Date().toISOString() })
      .onConflictDoNothing()
      .returning();
    return recorded.length > 0;
  }

  private async store(message: MailMessage): Promise<void> {
    await this.db
      .insert(devMailbox)
      .values({
        id: newId("mail"),
        to: normalizeEmail(message.to),
        subject: message.subject,
        text: message.text,
        html: message.html,
        idempotencyKey: message.idempotencyKey,
        createdAt: new Date().toISOString(),
      })
      .onConflictDoNothing({ target: devMailbox.idempotencyKey });
  }

  /** Newest first. */
  messagesTo(to: string, limit = 50): Promise<StoredMail[]> {
    return this.newest(limit, normalizeEmail(to));
  }

  /** Newest first, whoever they were sent to (the mailbox page's list). */
  recentMessages(limit = 50): Promise<StoredMail[]> {
    return this.newest(limit);
  }

  private async newest(limit: number, to?: string): Promise<StoredMail[]> {
    await mailQueuedSoFar();
    await Promise.allSettled([...writesInFlight]);
    const rows = await this.db
      .select()
      .from(devMailbox)
      .where(to === undefined ? undefined : eq(devMailbox.to, to))
      .orderBy(desc(devMailbox.createdAt), desc(devMailbox.id))
      .limit(limit);
    return rows.map((row) => ({
      id: row.id,
      to: row.to,
      subject: row.subject,
      text: row.text,
      html: row.html,
      created_at: row.createdAt,
    }));
  }
}
