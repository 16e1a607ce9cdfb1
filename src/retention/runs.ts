/**
 * The D1 side of the retention runs (decision 0034): when each rule last ran and what it removed
 * (`retention_runs`), and where the bounded sweep of Account and Workspace objects goes on from
 * (`retention_cursors`). The only module that writes these two tables.
 */
import { asc, eq, gt } from "drizzle-orm";
import type { DrizzleD1Database } from "drizzle-orm/d1";
import { users } from "../users/schema";
import { workspaces } from "../workspace/directory-schema";
import type { RetentionRule } from "./periods";
import { retentionCursors, retentionRuns } from "./schema";

export type SweptObjects = "accounts" | "workspaces";

export interface RuleRun {
  lastRunAt: string;
  lastRemoved: number;
}

/** Notes that `rule` ran at `at` and removed `removed`: the last run's numbers replace the ones before. */
export async function recordRuns(db: DrizzleD1Database, runs: Partial<Record<RetentionRule, number>>, at: string) {
  for (const [rule, removed] of Object.entries(runs)) {
    const row = { rule, lastRunAt: at, lastRemoved: removed ?? 0 };
    await db
      .insert(retentionRuns)
      .values(row)
      .onConflictDoUpdate({ target: retentionRuns.rule, set: { lastRunAt: at, lastRemoved: row.lastRemoved } });
  }
}

export async function lastRuns(db: DrizzleD1Database): Promise<Map<string, RuleRun>> {
  const rows = await db.select().from(retentionRuns);
  return new Map(rows.map((row) => [row.rule, { lastRunAt: row.lastRunAt, lastRemoved: row.lastRemoved }]));
}

/**
 * The next `limit` object ids after the saved cursor, in id order, and the cursor is moved past them (back to the
 * start when the list ran out), so each hourly run visits the next slice and a full pass takes ids / limit hours.
 */
export async function nextObjects(db: DrizzleD1Database, objects: SweptObjects, limit: number): Promise<string[]> {
  const [cursor] = await db.select().from(retentionCursors).where(eq(retentionCursors.objects, objects)).limit(1);
  const after = cursor?.afterId ?? "";
  const table = objects === "accounts" ? users : workspaces;
  const rows = await db
    .select({ id: table.id })
    .from(table)
    .where(gt(table.id, after))
    .orderBy(asc(table.id))
    .limit(limit);
  const ids = rows.map((row) => row.id);
  const next = ids.length < limit ? "" : (ids.at(-1) ?? "");
  await db
    .insert(retentionCursors)
    .values({ objects, afterId: next })
    .onConflictDoUpdate({ target: retentionCursors.objects, set: { afterId: next } });
  return ids;
}
