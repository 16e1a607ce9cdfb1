/** D1 tables of sign-in: emailed-code challenges (sessions live in each person's Account object, src/account). */
import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

/**
 * An emailed 6-digit code. Only its hash is stored; wrong tries are counted here, server-side,
 * because the browser's encrypted cookie could be replayed to reset a count kept there.
 */
export const emailCodes = sqliteTable(
  "email_codes",
  {
    id: text("id").primaryKey(),
    email: text("email").notNull(),
    purpose: text("purpose", { enum: ["register", "reset", "signin", "step_up", "email_change"] }).notNull(),
    codeHash: text("code_hash").notNull(),
    /** What completing the challenge needs (a pending password hash, a user id), as JSON. */
    payload: text("payload").notNull().default("{}"),
    failedAttempts: integer("failed_attempts").notNull().default(0),
    createdAt: text("created_at").notNull(),
    expiresAt: text("expires_at").notNull(),
    verifiedAt: text("verified_at"),
    consumedAt: text("consumed_at"),
  },
  (table) => [index("email_codes_email_purpose_created").on(table.email, table.purpose, table.createdAt)],
);
