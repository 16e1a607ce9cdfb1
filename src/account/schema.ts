/** Tables of one Account Durable Object's own SQLite database: the authority for one person's sessions and standing. */
import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

/** One row: whose account this is, and its standing. */
export const account = sqliteTable("account", {
  userId: text("user_id").primaryKey(),
  createdAt: text("created_at").notNull(),
  /** Set while an administrator has deactivated the account: no session may act, no sign-in. */
  deactivatedAt: text("deactivated_at"),
  /** Set while the account waits for purge: its sessions may only see, export and restore. */
  deletedAt: text("deleted_at"),
});

/**
 * A session is one sign-in: its refresh tokens rotate through `refresh_generation` and its id rides in every
 * access token (`sid`), so revoking the row refuses both at the next request.
 */
export const sessions = sqliteTable(
  "sessions",
  {
    id: text("id").primaryKey(),
    clientId: text("client_id").notNull(),
    /** How the person proved who they are: password, code, password_reset. */
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
  (table) => [index("sessions_created").on(table.createdAt)],
);
