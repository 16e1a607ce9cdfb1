/**
 * D1 `admin_audit_events`: the platform audit log, every admin action hash-chained as the workspaces' logs are
 * (lib/audit-chain.ts). `prev_hash` is unique: two actions that read the same newest event cannot both append,
 * so the chain never forks; the loser reads the new head and tries again (admin/audit-log.ts).
 */
import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

export const adminAuditEvents = sqliteTable("admin_audit_events", {
  seq: integer("seq").primaryKey({ autoIncrement: true }),
  id: text("id").notNull().unique(),
  at: text("at").notNull(),
  actorId: text("actor_id"),
  action: text("action").notNull(),
  target: text("target"),
  /** JSON: `{ before, after }` of what the action changed. */
  details: text("details").notNull(),
  prevHash: text("prev_hash").notNull().unique(),
  hash: text("hash").notNull(),
});

/**
 * D1 `admin_audit_cut`: the platform audit log's retention cut (decision 0034), at most one row: the newest event
 * removed, so verification starts from its hash.
 */
export const adminAuditCut = sqliteTable("admin_audit_cut", {
  /** Always 1. */
  id: integer("id").primaryKey(),
  seq: integer("seq").notNull(),
  hash: text("hash").notNull(),
  at: text("at").notNull(),
});
