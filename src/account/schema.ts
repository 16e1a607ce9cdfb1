/** Tables of one Account Durable Object's own SQLite database: the authority for one person's sessions and standing. */
import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";

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

/**
 * Two-factor authentication, at most one row: the TOTP secret sealed under a key derived from AUTH_SECRET (the
 * plain secret never reaches storage), `pending` from setup until a first code proves the app has it, then `on`.
 */
export const twoFactor = sqliteTable("two_factor", {
  /** Always 1: one row per account. */
  id: integer("id").primaryKey(),
  /** JSON of a SealedValue (src/auth/sealed-values.ts), sealed for this account's row. */
  sealedSecret: text("sealed_secret").notNull(),
  status: text("status", { enum: ["pending", "on"] }).notNull(),
  createdAt: text("created_at").notNull(),
  enabledAt: text("enabled_at"),
  /** The newest TOTP step a code was accepted for: that step and every older one are refused (one use per code). */
  lastUsedStep: integer("last_used_step"),
});

/** The backup codes of the current set, as MACs; each works once. A new set replaces every row. */
export const backupCodes = sqliteTable("backup_codes", {
  digest: text("digest").primaryKey(),
  createdAt: text("created_at").notNull(),
  usedAt: text("used_at"),
});

/**
 * A sign-in waiting for its second factor: the form's state names this nonce, and the right code consumes it, so a
 * copy of that state (another browser, or the same one after success) never completes a second sign-in.
 */
export const secondFactorChallenges = sqliteTable("second_factor_challenges", {
  nonce: text("nonce").primaryKey(),
  expiresAt: text("expires_at").notNull(),
});

/**
 * Every address the account has had, as far as this object saw it (decision 0021): recorded at the first sign-in,
 * at each completed email change, and backfilled at first touch for accounts older than this table. Export shows
 * it; the purge matches every one of these addresses, not only the last. Exactly one row is current (no
 * `replaced_at`): the account's address now.
 */
export const emailHistory = sqliteTable("email_history", {
  /** Normalised (lower-case), as the users table stores it. */
  email: text("email").primaryKey(),
  /** When this object first recorded the address for the account. */
  recordedAt: text("recorded_at").notNull(),
  /** When the account last moved off it; null while it is the account's address. */
  replacedAt: text("replaced_at"),
});

/**
 * The workspaces where a session may hold live sockets (decision 0028): noted when it is given a live ticket, so
 * when the session ends every one of them is told to close its sockets. At most 50 per session (live-sessions.ts);
 * a session's rows go once its sockets are closed.
 */
export const liveWorkspaces = sqliteTable(
  "live_workspaces",
  {
    sessionId: text("session_id").notNull(),
    workspaceId: text("workspace_id").notNull(),
    /** Milliseconds since the epoch: the newest ticket's time, so the oldest note goes first. */
    notedAt: integer("noted_at").notNull(),
  },
  (table) => [primaryKey({ columns: [table.sessionId, table.workspaceId] })],
);

/**
 * What this account must tell others and has not yet (decision 0030): today, its two-factor state to the workspaces
 * it belongs to. Written in the transaction of the change; delivered right after it and by the alarm, each row on
 * its own schedule with a bounded number of attempts (two-factor-fan-out.ts). `key` is `two_factor` (find the
 * workspaces in the D1 index), `two_factor:<workspace id>` (tell that one) or `webhook:<event id>` (an account
 * event for the platform's webhooks, decision 0037); a new change re-arms the same key,
 * and what is delivered is the state at delivery, so the last state wins.
 */
export const outbox = sqliteTable("outbox", {
  key: text("key").primaryKey(),
  /** Bumped by each re-arm: a delivery that raced a newer change leaves the row for the newer state. */
  generation: integer("generation").notNull().default(0),
  attempts: integer("attempts").notNull().default(0),
  /** Milliseconds since the epoch before which the row is not tried again (0: at once). */
  nextAttemptAt: integer("next_attempt_at").notNull().default(0),
  lastError: text("last_error"),
  /**
   * What a row carries when its key does not say it all: for `webhook:<event id>` rows (decision 0037), the account
   * event (`{ type, timestamp, data }`) to put in D1's account_event_outbox. Null for the two-factor rows.
   */
  payload: text("payload"),
});

/**
 * The sign-in history (decision 0032): one row per sign-in attempt on this account, whatever its result. Kept 90
 * days and at most a bounded number of rows, both cut on each write (sign-in-history.ts); `id` orders rows written
 * in the same millisecond and makes the page cursor stable.
 */
export const signInEvents = sqliteTable(
  "sign_in_events",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    at: text("at").notNull(),
    /** password, code, passkey, reset, step_up, two_factor (sign-in-history-rules.ts). */
    method: text("method").notNull(),
    /** signed_in, wrong_password, wrong_code, second_factor_failed, refused_deactivated, rate_limited. */
    result: text("result").notNull(),
    /** Coarse, as sessions keep it (lib/ip.ts coarseIp): IPv4 /24 or IPv6 /48, never the full address. */
    ip: text("ip").notNull().default(""),
    userAgent: text("user_agent").notNull().default(""),
    country: text("country"),
    city: text("city"),
    /** Whether the browser held a valid device cookie of this account (decision 0019). */
    knownDevice: integer("known_device", { mode: "boolean" }).notNull(),
  },
  (table) => [index("sign_in_events_at").on(table.at, table.id)],
);

/**
 * The browsers that completed a sign-in (decision 0032): the device id their cookie carries, and when and with
 * which user agent they were seen. A row counts as a known device while its generation is the account's current
 * one and it was seen within the cookie's 90 days; older rows are cut on each write.
 */
export const knownDevices = sqliteTable("known_devices", {
  deviceId: text("device_id").primaryKey(),
  generation: integer("generation").notNull(),
  firstSeenAt: text("first_seen_at").notNull(),
  lastSeenAt: text("last_seen_at").notNull(),
  userAgent: text("user_agent").notNull().default(""),
});

/**
 * The account's passkeys (WebAuthn credentials, decision 0031): the authority for every key. Sign-in reads the public
 * key and counter from here; D1's `passkey_credentials` only says which account to ask.
 */
export const passkeys = sqliteTable("passkeys", {
  /** Our id (`pk_…`), the one the API names; the credential id can be up to 1,023 bytes. */
  id: text("id").primaryKey(),
  /** The authenticator's credential id, base64url. */
  credentialId: text("credential_id").notNull().unique(),
  /** The COSE public key, base64url. */
  publicKey: text("public_key").notNull(),
  /** The authenticator's signature counter as last seen; 0 for authenticators that keep none (synced passkeys). */
  counter: integer("counter").notNull(),
  /** JSON array of the transports the browser reported (usb, internal, hybrid, …), a hint for later prompts. */
  transports: text("transports").notNull().default("[]"),
  backedUp: integer("backed_up", { mode: "boolean" }).notNull(),
  deviceType: text("device_type", { enum: ["singleDevice", "multiDevice"] }).notNull(),
  name: text("name").notNull(),
  createdAt: text("created_at").notNull(),
  lastUsedAt: text("last_used_at"),
});

/** A passkey registration waiting for its answer: one per session, single use, PASSKEY_CHALLENGE_SECONDS long. */
export const passkeyChallenges = sqliteTable("passkey_challenges", {
  sessionId: text("session_id").primaryKey(),
  challenge: text("challenge").notNull(),
  expiresAt: text("expires_at").notNull(),
});

/**
 * Credential ids whose D1 map row (`passkey_credentials`) may differ from this object: written in the same
 * transaction as the change, delivered right after it and on the alarm until D1 holds what this object holds.
 */
export const passkeyIndexOutbox = sqliteTable("passkey_index_outbox", {
  credentialId: text("credential_id").primaryKey(),
  attempts: integer("attempts").notNull().default(0),
  /** Milliseconds since the epoch. */
  nextAttemptAt: integer("next_attempt_at").notNull(),
});

/**
 * Every acceptance of a document by this person (decision 0033): the terms and privacy notice at the version
 * configured then, and the optional `marketing`, with when, from where (coarse IP, user agent) and how. A row is
 * never rewritten except for the one stamp of its withdrawal (`withdrawn_*`), so the acceptance stays visible; giving
 * a consent again is a new row.
 */
export const consents = sqliteTable(
  "consents",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    document: text("document", { enum: ["terms", "privacy", "marketing"] }).notNull(),
    version: text("version").notNull(),
    acceptedAt: text("accepted_at").notNull(),
    /** password_sign_up, code_sign_up, first_sign_in, version_change, settings. */
    how: text("how").notNull(),
    /** Coarse: IPv4 /24 or IPv6 /48, as the sessions keep it. */
    ip: text("ip").notNull().default(""),
    userAgent: text("user_agent").notNull().default(""),
    withdrawnAt: text("withdrawn_at"),
    withdrawnHow: text("withdrawn_how"),
    withdrawnIp: text("withdrawn_ip"),
    withdrawnUserAgent: text("withdrawn_user_agent"),
  },
  (table) => [index("consents_document").on(table.document, table.acceptedAt)],
);

/**
 * The account's connected accounts (decision 0038): which upstream identity (provider, subject) signs in to this
 * account. The authority for a sign-in through an upstream; D1's `connected_identities` only says which account to ask.
 */
export const connections = sqliteTable(
  "connections",
  {
    /** The configured upstream's name: `oidc`, `github`, `google`. One connection per provider. */
    provider: text("provider").primaryKey(),
    /** The upstream's stable user id (`sub`, GitHub's numeric id). */
    subject: text("subject").notNull(),
    /** The verified email the upstream reported when it was linked, shown in settings. */
    email: text("email").notNull(),
    linkedAt: text("linked_at").notNull(),
    lastUsedAt: text("last_used_at"),
  },
  (table) => [index("connections_subject").on(table.provider, table.subject)],
);

/** (provider, subject) pairs whose D1 map row may differ from this object, as `passkey_index_outbox`. */
export const connectionIndexOutbox = sqliteTable("connection_index_outbox", {
  /** `<provider> <subject>`: a provider name holds no space. */
  identity: text("identity").primaryKey(),
  attempts: integer("attempts").notNull().default(0),
  /** Milliseconds since the epoch. */
  nextAttemptAt: integer("next_attempt_at").notNull(),
});
