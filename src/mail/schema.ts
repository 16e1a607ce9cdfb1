/** D1 table of the development mailbox: mail kept instead of sent when ENVIRONMENT is development. */
import { index, sqliteTable, text } from "drizzle-orm/sqlite-core";

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
