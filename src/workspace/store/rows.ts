/** Reads of the workspace row itself: whether this object holds a workspace, and whether it is deleted. */
import { workspace } from "../schema";
import type { WorkspaceDb } from "./db";

/** The workspace row, unless it was never created or is deleted (both look like "not found"). */
export function live(db: WorkspaceDb) {
  const row = db.select().from(workspace).get();
  return row && !row.deletedAt ? row : undefined;
}

export function exists(db: WorkspaceDb): boolean {
  return db.select({ id: workspace.id }).from(workspace).get() !== undefined;
}

export function id(db: WorkspaceDb): string {
  return db.select({ id: workspace.id }).from(workspace).get()?.id ?? "";
}

/** The workspace row, deleted or not: a deleted workspace still holds rows that name people. */
export function workspaceRow(db: WorkspaceDb) {
  return db.select().from(workspace).get();
}
