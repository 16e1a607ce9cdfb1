/** D1 tables of mail: the development mailbox, and the outbox sign-in mail goes through. */
import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

export const devMailbox = sqliteTable(
  "dev_mailbox",
  {
    id: text("id").primaryKey(),
    to: text("to").notNull(),
    subject: text("subject").notNull(),
    text: text("text").notNull(),
    html: text("html").notNull(),
    idempotencyKey: text("idempotency_key").notNull().unique(),
    createdAt: text("created_at").notNull(),
  },
  (table) => [index("dev_mailbox_to_created").on(table.to, table.createdAt)],
);

/**
 * Sign-in mail on its way (src/mail/outbox.ts, decision 0019): written before the first attempt, deleted once the
 * provider took it or it was given up, so a refusal (429, 5xx, a timeout) is retried by the minute's cron. The
 * message (recipient included) is sealed under a key derived from AUTH_SECRET: it carries a live code.
 */
export const mailOutbox = sqliteTable(
  "mail_outbox",
  {
    id: text("id").primaryKey(),
    /** The provider's idempotency key, the same on every attempt; one row per message. */
    idempotencyKey: text("idempotency_key").notNull().unique(),
    /** `{ sealed, iv, ciphertext }` of `{ to, subject, text, html }`, bound to the idempotency key. */
    sealedMessage: text("sealed_message").notNull(),
    attempts: integer("attempts").notNull().default(0),
    /** Milliseconds since the epoch; an attempt under way pushes it a lease ahead. */
    nextAttemptAt: integer("next_attempt_at").notNull(),
    /** Milliseconds since the epoch: past it the mail is worthless (its code has expired) and is dropped. */
    giveUpAt: integer("give_up_at").notNull(),
    lastError: text("last_error"),
    createdAt: text("created_at").notNull(),
  },
  (table) => [index("mail_outbox_next_attempt").on(table.nextAttemptAt)],
);

/**
 * Development only: messages to `@flaky.invalid` the development mailbox has refused once (it takes them on the
 * next attempt), so a retry can be tried under `npm run dev` and in tests.
 */
export const devMailRefusals = sqliteTable("dev_mail_refusals", {
  idempotencyKey: text("idempotency_key").primaryKey(),
  refusedAt: text("refused_at").notNull(),
});
