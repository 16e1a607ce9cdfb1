/**
 * D1 `connected_identities`: which account an upstream identity (provider, subject) signs in to, so a sign-in through
 * an upstream knows which Account object to ask (decision 0038). Derived: written only by the Account object's
 * connection outbox (src/account/connection-state.ts); the connection itself lives in that object.
 */
import { index, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";

export const connectedIdentities = sqliteTable(
  "connected_identities",
  {
    provider: text("provider").notNull(),
    subject: text("subject").notNull(),
    userId: text("user_id").notNull(),
    createdAt: text("created_at").notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.provider, table.subject] }),
    index("connected_identities_user").on(table.userId),
  ],
);
