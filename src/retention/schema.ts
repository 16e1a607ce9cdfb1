/**
 * D1 `retention_runs` and `retention_cursors` (decision 0034): when each retention rule last ran and how much it
 * removed, and where the hourly sweep of Account and Workspace objects goes on from. Written only by
 * src/retention/runs.ts; nothing personal is in them.
 */
import { integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

export const retentionRuns = sqliteTable("retention_runs", {
  /** A rule of src/retention/periods.ts. */
  rule: text("rule").primaryKey(),
  lastRunAt: text("last_run_at").notNull(),
  /** Rows (or accounts, for the account rules) the last run removed. */
  lastRemoved: integer("last_removed").notNull(),
});

export const retentionCursors = sqliteTable("retention_cursors", {
  /** `accounts` or `workspaces`. */
  objects: text("objects").primaryKey(),
  /** The id the next run starts after; empty: from the first. */
  afterId: text("after_id").notNull(),
});
