/** D1 tables of sign-in: sessions (one per refresh-token family) and emailed-code challenges. */
import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

/**
 * A session is one sign-in: its refresh tokens rotate through `refresh_generation` and its id rides in
 * every access token (`sid`), so revoking the row refuses both at the next request.
 */
export const sessions = sqliteTable(
  "sessions",
  {
    id: text("id").primaryKey(),
    userId: text("user_id").notNull(),
    clientId: text("client_id").notNull(),
    /** How the first factor was proven: password, code. */
    method: text("method").notNull(),
    /** When the person last proved who they are (for "recent sign-in required"). */
    authenticatedAt: text("authenticated_at").notNull(),
    createdAt: text("created_at").notNull(),
    lastUsedAt: text("last_used_at").notNull(),
    /** Absolute end of the session, whatever the refreshes. */
    expiresAt: text("expires_at").notNull(),
    revokedAt: text("revoked_at"),
    revokedReason: text("revoked_reason"),
    userAgent: text("user_agent").notNull().default(""),
    /** Coarse: IPv4 /24 or IPv6 /48, never the full address. */
    ip: text("ip").notNull().default(""),
    refreshGeneration: integer("refresh_generation").notNull().default(0),
    rotatedAt: text("rotated_at"),
  },
  (table) => [index("sessions_user_created").on(table.userId, table.createdAt)],
);

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
