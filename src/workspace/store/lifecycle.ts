/** Creating, renaming and deleting the workspace itself (inside a transaction). */
import { eq } from "drizzle-orm";
import { invitations, workspace } from "../schema";
import type { WorkspaceDb } from "./db";
import { resolveInvitations } from "./invitations";
import { clearNomination } from "./nominations";
import { queueIndex } from "./outbox";

export function createWorkspace(db: WorkspaceDb, input: { id: string; name: string }, at: string) {
  db.insert(workspace).values({ id: input.id, name: input.name, createdAt: at }).run();
  queueIndex(db, { kind: "workspace" }, at);
}

export function renameWorkspace(db: WorkspaceDb, name: string, at: string) {
  db.update(workspace).set({ name }).run();
  queueIndex(db, { kind: "workspace" }, at);
}

/** Marks it deleted; every pending invitation is revoked (its queued mail dropped) and any nomination ends. */
export function deleteWorkspace(db: WorkspaceDb, at: string) {
  db.update(workspace).set({ deletedAt: at }).run();
  const pending = db.select().from(invitations).where(eq(invitations.status, "pending")).all();
  resolveInvitations(db, pending, "revoked", at);
  clearNomination(db);
  queueIndex(db, { kind: "workspace" }, at);
}
