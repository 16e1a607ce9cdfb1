/** Tables of one Workspace Durable Object's own SQLite database: the authority for that workspace. */
import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { INVITATION_DELIVERIES, INVITATION_STATUSES } from "./invitations";
import { ROLES } from "./roles";

/** One row: the workspace itself. */
export const workspace = sqliteTable("workspace", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  createdAt: text("created_at").notNull(),
  deletedAt: text("deleted_at"),
  /** Required two-factor (policy-rules.ts): when it was turned on, null while off; the deadline counts from it. */
  twoFactorRequiredSince: text("two_factor_required_since"),
  twoFactorGraceDays: integer("two_factor_grace_days").notNull().default(7),
  /** JSON array of lower-case domain names; empty: every domain is allowed. */
  allowedEmailDomains: text("allowed_email_domains").notNull().default("[]"),
  /** Days audit events are kept, as the owner chose (at least the retention floor); null: while the workspace lives. */
  auditRetentionDays: integer("audit_retention_days"),
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
    role: text("role", { enum: ROLES }).notNull(),
    joinedAt: text("joined_at").notNull(),
    invitedBy: text("invited_by"),
    /** When the alarm removes them (expiry.ts); null: their access does not expire. */
    expiresAt: text("expires_at"),
    /** When the day-before mail was queued for the current `expires_at`; cleared whenever that changes. */
    expiryWarnedAt: text("expiry_warned_at"),
    /** Whether their account has two-factor on, as their Account object last told this workspace (decision 0030). */
    twoFactorOn: integer("two_factor_on", { mode: "boolean" }).notNull().default(false),
  },
  (table) => [
    index("members_expires").on(table.expiresAt),
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
    role: text("role", { enum: ROLES }).notNull(),
    tokenHash: text("token_hash").notNull().unique(),
    status: text("status", { enum: INVITATION_STATUSES }).notNull(),
    expiresAt: text("expires_at").notNull(),
    invitedBy: text("invited_by").notNull(),
    createdAt: text("created_at").notNull(),
    resolvedAt: text("resolved_at"),
    /** Where its latest mail is. Every new row sets it; the default covers rows from before it was tracked. */
    delivery: text("delivery", { enum: INVITATION_DELIVERIES }).notNull().default("sent"),
    /** The `expires_at` of the membership it grants (null: none), copied onto the member on accept. */
    grantsExpiresAt: text("grants_expires_at"),
  },
  (table) => [
    index("invitations_status_email").on(table.status, table.email),
    index("invitations_created").on(table.createdAt, table.id),
  ],
);

/**
 * The hashes of links a resend replaced, so an old link answers "revoked" rather than "not found". Holds hashes
 * only, like `invitations`: a leaked copy opens nothing.
 */
export const retiredInvitationLinks = sqliteTable("retired_invitation_links", {
  tokenHash: text("token_hash").primaryKey(),
  invitationId: text("invitation_id").notNull(),
  retiredAt: text("retired_at").notNull(),
});

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

/**
 * Work that must reach the outside (the D1 index, mail), written with the change and delivered right after it
 * and by the alarm. Each row is retried on its own schedule, so no row waits behind another (decision 0009).
 */
export const outbox = sqliteTable("outbox", {
  seq: integer("seq").primaryKey({ autoIncrement: true }),
  kind: text("kind").notNull(),
  payload: text("payload").notNull(),
  createdAt: text("created_at").notNull(),
  attempts: integer("attempts").notNull().default(0),
  lastError: text("last_error"),
  /** Milliseconds since the epoch before which the row is not tried again (0: at once). */
  nextAttemptAt: integer("next_attempt_at").notNull().default(0),
  /** For an invitation's mail: the invitation whose `delivery` it reports to. */
  invitationId: text("invitation_id"),
});

/** At most one ownership nomination; it lapses 7 days after `nominated_at` (nominations.ts). */
export const ownershipNomination = sqliteTable("ownership_nomination", {
  nomineeId: text("nominee_id").primaryKey(),
  nominatedBy: text("nominated_by").notNull(),
  nominatedAt: text("nominated_at").notNull(),
});

/**
 * Live tickets (decision 0028): single use, 30 seconds, bound to a person, a session and this workspace (a ticket
 * is only ever looked up in the object that issued it). Only the hash is kept; a used one is deleted.
 */
export const liveTickets = sqliteTable(
  "live_tickets",
  {
    tokenHash: text("token_hash").primaryKey(),
    userId: text("user_id").notNull(),
    sessionId: text("session_id").notNull(),
    /** Milliseconds since the epoch. */
    expiresAt: integer("expires_at").notNull(),
  },
  (table) => [index("live_tickets_user").on(table.userId, table.expiresAt)],
);

/**
 * The live event sequence: one row per audit event that is pushed live, written in the same transaction. `seq` is
 * the event's number as clients see it (one more per event); the audit row is its content, so replay reads the log.
 */
export const liveEvents = sqliteTable("live_events", {
  seq: integer("seq").primaryKey({ autoIncrement: true }),
  auditSeq: integer("audit_seq").notNull(),
});

/**
 * Share links (decision 0029): a role handed to whoever opens the link, until it expires, is used up or revoked.
 * Only the hash of the token is kept (share-links.ts); the D1 `share_links` map finds this object from it. `uses`
 * is counted in the same transaction as each join, so the cap is exact. Rows stay after a link stops working, so
 * its token answers "revoked", "expired" or "used up" rather than "not found".
 */
export const shareLinks = sqliteTable(
  "share_links",
  {
    id: text("id").primaryKey(),
    tokenHash: text("token_hash").notNull().unique(),
    role: text("role", { enum: ROLES }).notNull(),
    createdBy: text("created_by").notNull(),
    createdAt: text("created_at").notNull(),
    expiresAt: text("expires_at").notNull(),
    maxUses: integer("max_uses").notNull(),
    uses: integer("uses").notNull().default(0),
    /** When it was revoked (by a person, or because its creator lost the right to grant its role); null: not. */
    revokedAt: text("revoked_at"),
  },
  (table) => [
    index("share_links_created_by").on(table.createdBy),
    index("share_links_open").on(table.revokedAt, table.expiresAt),
  ],
);

/**
 * Webhook endpoints (decision 0035): where this workspace's events go. The object owns the list (it knows the
 * owners); each endpoint's deliveries are kept by its own WebhookEndpoint object, fed through the outbox. Secrets
 * are sealed (webhooks/secrets.ts); the previous one keeps signing until `previous_secret_until` after a rotation.
 */
export const webhookEndpoints = sqliteTable("webhook_endpoints", {
  id: text("id").primaryKey(),
  url: text("url").notNull(),
  /** JSON array of event types; null: every event. */
  events: text("events"),
  description: text("description").notNull().default(""),
  enabled: integer("enabled", { mode: "boolean" }).notNull().default(true),
  /** Why delivery turned it off (`gone`, `failing`); null when enabled or turned off by an owner. */
  disabledReason: text("disabled_reason", { enum: ["gone", "failing"] }),
  createdBy: text("created_by").notNull(),
  createdAt: text("created_at").notNull(),
  secret: text("secret").notNull(),
  previousSecret: text("previous_secret"),
  previousSecretUntil: integer("previous_secret_until"),
});

/**
 * The audit log's retention cut (decision 0034), at most one row: the newest event removed by retention, so
 * verification starts from its hash and a log cut any other way does not verify.
 */
export const auditCut = sqliteTable("audit_cut", {
  /** Always 1. */
  id: integer("id").primaryKey(),
  /** The `seq` and `hash` of the newest event removed; every event up to it is gone. */
  seq: integer("seq").notNull(),
  hash: text("hash").notNull(),
  at: text("at").notNull(),
});
