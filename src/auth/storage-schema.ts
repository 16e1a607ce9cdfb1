/** D1 table behind OpenAuth's storage adapter: one row per OpenAuth key, written only by src/auth/storage.ts. */
import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

/**
 * `key` is the key's segments joined with U+001F, as OpenAuth's `joinKey` does, so one primary-key range covers a
 * prefix scan. `value` is JSON. `expires_at` is in milliseconds since the epoch; null never expires. The index on
 * it lets the scheduled purge find expired rows without reading the whole table.
 */
export const oauthStorage = sqliteTable(
  "oauth_storage",
  {
    key: text("key").primaryKey(),
    value: text("value").notNull(),
    expiresAt: integer("expires_at"),
  },
  (table) => [index("oauth_storage_expires_at").on(table.expiresAt)],
);
