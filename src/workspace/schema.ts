/** Tables of one Workspace Durable Object's own SQLite database: the authority for that workspace. */
import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

/** One row: the workspace itself. */
export const workspace = sqliteTable("workspace", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  createdAt: text("created_at").notNull(),
  deletedAt: text("deleted_at"),
});

export const members = sqliteTable(
  "members",
  {
    userId: text("user_id").primaryKey(),
    email: text("email").notNull(),
    firstName: text("first_name").notNull().default(""),
    lastName: text("last_name").notNull().default(""),
    /** Lower-cased names, so a prefix search is an index range. */
    firstNameKey: text("first_name_key").notNull().default(""),
    lastNameKey: text("last_name_key").notNull().default(""),
    role: text("role", { enum: ["owner", "editor", "viewer"] }).notNull(),
    joinedAt: text("joined_at").notNull(),
    invitedBy: text("invited_by"),
  },
  (table) => [
    index("members_joined").on(table.joinedAt, table.userId),
    index("members_role_joined").on(table.role, table.joinedAt, table.userId),
    index("members_email").on(table.email),
    index("members_first_name_key").on(table.firstNameKey),
    index("members_last_name_key").on(table.lastNameKey),
  ],
);

export const invitations = sqliteTable(
  "invitations",
  {
    id: text("id").primaryKey(),
    email: text("email").notNull(),
    role: text("role", { enum: ["owner", "editor", "viewer"] }).notNull(),
    tokenHash: text("token_hash").notNull().unique(),
    status: text("status", { enum: ["pending", "accepted", "declined", "revoked", "replaced"] }).notNull(),
    expiresAt: text("expires_at").notNull(),
    invitedBy: text("invited_by").notNull(),
    createdAt: text("created_at").notNull(),
    resolvedAt: text("resolved_at"),
  },
  (table) => [
    index("invitations_status_email").on(table.status, table.email),
    index("invitations_created").on(table.createdAt, table.id),
  ],
);

/** Hash-chained: each row's hash covers the previous row's hash. */
export const auditEvents = sqliteTable("audit_events", {
  seq: integer("seq").primaryKey({ autoIncrement: true }),
  id: text("id").notNull().unique(),
  at: text("at").notNull(),
  actorId: text("actor_id").notNull(),
  action: text("action").notNull(),
  target: text("target"),
  details: text("details").notNull(),
  prevHash: text("prev_hash").notNull(),
  hash: text("hash").notNull(),
});

/** Work that must reach the outside (the D1 index, mail), written with the change and delivered by the alarm. */
export const outbox = sqliteTable("outbox", {
  seq: integer("seq").primaryKey({ autoIncrement: true }),
  kind: text("kind").notNull(),
  payload: text("payload").notNull(),
  createdAt: text("created_at").notNull(),
  attempts: integer("attempts").notNull().default(0),
  lastError: text("last_error"),
});

/** At most one pending ownership nomination. */
export const ownershipNomination = sqliteTable("ownership_nomination", {
  nomineeId: text("nominee_id").primaryKey(),
  nominatedBy: text("nominated_by").notNull(),
  nominatedAt: text("nominated_at").notNull(),
});
