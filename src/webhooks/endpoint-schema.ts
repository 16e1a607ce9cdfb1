/** Tables of one WebhookEndpoint Durable Object: the endpoint as its workspace last handed it over, and its deliveries. */
import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

export const DELIVERY_STATUSES = ["pending", "succeeded", "failed"] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/**
 * One row: the endpoint's state from its owner (url, sealed secrets, enabled) and its failure streak. The owner is
 * a workspace, or the platform (`workspace_id` null: an account-event endpoint of D1's platform_webhook_endpoints).
 */
export const endpoint = sqliteTable("endpoint", {
  id: text("id").primaryKey(),
  workspaceId: text("workspace_id"),
  url: text("url").notNull(),
  enabled: integer("enabled", { mode: "boolean" }).notNull(),
  /** JSON array of sealed secrets (webhooks/secrets.ts), the current one first. */
  secrets: text("secrets").notNull(),
  /** Until when (ms) the second secret still signs; null when there is none. */
  previousSecretUntil: integer("previous_secret_until"),
  /** When the current run of failures began (ms); null after a success. Five days of it disables the endpoint. */
  failingSince: integer("failing_since"),
});

/**
 * The delivery log and queue in one: `pending` rows are delivered in `seq` order, one at a time; finished rows
 * stay 30 days for `GET …/deliveries`. `id` is the `webhook-id`, the same on every attempt.
 */
export const deliveries = sqliteTable(
  "deliveries",
  {
    seq: integer("seq").primaryKey({ autoIncrement: true }),
    id: text("id").notNull().unique(),
    eventType: text("event_type").notNull(),
    body: text("body").notNull(),
    status: text("status", { enum: DELIVERY_STATUSES }).notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    responseStatus: integer("response_status"),
    /** The first 1 KB of the last answer, for the owner to see why it failed. */
    responseBody: text("response_body"),
    nextAttemptAt: integer("next_attempt_at"),
    createdAt: integer("created_at").notNull(),
  },
  (table) => [index("deliveries_status").on(table.status, table.seq), index("deliveries_created").on(table.createdAt)],
);
