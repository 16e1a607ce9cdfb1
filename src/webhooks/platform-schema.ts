/**
 * D1 tables of the platform's webhooks for account events (decision 0037): the endpoints platform admins add, and
 * the outbox every account event passes through on its way to them (platform-outbox.ts is their only writer).
 */
import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

/** An endpoint added by a platform admin; the same fields as a workspace's `webhook_endpoints`. */
export const platformWebhookEndpoints = sqliteTable("platform_webhook_endpoints", {
  /** `whk_<random>`: also the name of its WebhookEndpoint object. */
  id: text("id").primaryKey(),
  url: text("url").notNull(),
  /** JSON array of event types; null: every account event, including ones added later. */
  events: text("events"),
  description: text("description").notNull().default(""),
  enabled: integer("enabled", { mode: "boolean" }).notNull(),
  /** Why delivery turned it off (`gone`, `failing`); cleared when an admin turns it on or off. */
  disabledReason: text("disabled_reason", { enum: ["gone", "failing"] }),
  /** Sealed (webhooks/secrets.ts), bound to the endpoint id. */
  secret: text("secret").notNull(),
  previousSecret: text("previous_secret"),
  /** Until when (ms) the previous secret still signs. */
  previousSecretUntil: integer("previous_secret_until"),
  createdBy: text("created_by"),
  createdAt: text("created_at").notNull(),
});

/**
 * Account events not yet handed to the endpoints' objects, oldest first. Written in the same D1 batch as the change
 * they tell of, or by an Account object's outbox (insert-or-ignore on `id`, so a repeated hand-off adds nothing).
 * The head holds the rest: a batch is handed over whole, in `seq` order, or retried whole (order per endpoint).
 */
export const accountEventOutbox = sqliteTable(
  "account_event_outbox",
  {
    seq: integer("seq").primaryKey({ autoIncrement: true }),
    /** The `webhook-id` of every delivery of this event. */
    id: text("id").notNull().unique(),
    type: text("type").notNull(),
    /** The event as sent: `{ type, timestamp, data }`. */
    body: text("body").notNull(),
    attempts: integer("attempts").notNull().default(0),
    /** Milliseconds since the epoch before which the batch is not tried again. */
    nextAttemptAt: integer("next_attempt_at").notNull().default(0),
    lastError: text("last_error"),
  },
  (table) => [index("account_event_outbox_due").on(table.nextAttemptAt)],
);
