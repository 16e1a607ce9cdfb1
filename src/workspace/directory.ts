/**
 * The D1 directory: reads for "my workspaces", and the outbox deliveries that keep it in step with
 * the objects. Every delivery is idempotent and versioned, so the alarm may run it twice.
 */
import { and, asc, eq, gt, inArray, lt } from "drizzle-orm";
import type { DrizzleD1Database } from "drizzle-orm/d1";
import { involvements, memberships, shareLinkDirectory, workspaces } from "./directory-schema";
import type { Role } from "./roles";

export type DirectoryChange =
  | { kind: "workspace_upsert"; workspaceId: string; name: string; createdAt: string }
  | { kind: "workspace_delete"; workspaceId: string }
  | { kind: "membership_upsert"; workspaceId: string; userId: string; role: Role; joinedAt: string }
  | { kind: "membership_delete"; workspaceId: string; userId: string }
  | { kind: "involvement_add"; workspaceId: string; subject: string }
  | { kind: "share_link_add"; workspaceId: string; tokenHash: string };

/** Applies one change; `version` is the object's outbox sequence, so a late duplicate cannot undo a newer change. */
export async function applyDirectoryChange(db: DrizzleD1Database, change: DirectoryChange, version: number) {
  switch (change.kind) {
    case "workspace_upsert":
      await db
        .insert(workspaces)
        .values({ id: change.workspaceId, name: change.name, createdAt: change.createdAt, version })
        .onConflictDoUpdate({
          target: workspaces.id,
          set: { name: change.name, version },
          setWhere: lt(workspaces.version, version),
        });
      return;
    case "workspace_delete":
      await db.batch([
        db.delete(memberships).where(eq(memberships.workspaceId, change.workspaceId)),
        db.delete(workspaces).where(eq(workspaces.id, change.workspaceId)),
      ]);
      return;
    case "membership_upsert":
      await db.batch([
        db
          .insert(memberships)
          .values({
            userId: change.userId,
            workspaceId: change.workspaceId,
            role: change.role,
            joinedAt: change.joinedAt,
            version,
          })
          .onConflictDoUpdate({
            target: [memberships.userId, memberships.workspaceId],
            set: { role: change.role, version },
            setWhere: lt(memberships.version, version),
          }),
        // A member is involved for good: after leaving, the audit log still names them.
        db
          .insert(involvements)
          .values({ subject: change.userId, workspaceId: change.workspaceId })
          .onConflictDoNothing(),
      ]);
      return;
    case "membership_delete":
      await db
        .delete(memberships)
        .where(and(eq(memberships.userId, change.userId), eq(memberships.workspaceId, change.workspaceId)));
      return;
    case "involvement_add":
      await db
        .insert(involvements)
        .values({ subject: change.subject, workspaceId: change.workspaceId })
        .onConflictDoNothing();
      return;
    case "share_link_add":
      // A token hash names one link for good: a repeat writes the same row.
      await db
        .insert(shareLinkDirectory)
        .values({ tokenHash: change.tokenHash, workspaceId: change.workspaceId })
        .onConflictDoNothing();
      return;
  }
}

/** The workspace that holds the share link with this token hash, if any (its object decides everything else). */
export async function workspaceOfShareLink(db: DrizzleD1Database, tokenHash: string): Promise<string | null> {
  const row = await db
    .select({ workspaceId: shareLinkDirectory.workspaceId })
    .from(shareLinkDirectory)
    .where(eq(shareLinkDirectory.tokenHash, tokenHash))
    .get();
  return row?.workspaceId ?? null;
}

export interface MyWorkspace {
  id: string;
  name: string;
  role: Role;
  created_at: string;
}

/** The caller's workspaces from the index, oldest first, one page after `afterId`. */
export async function workspacesOf(db: DrizzleD1Database, userId: string, limit: number, afterId?: string) {
  const rows = await db
    .select({ id: workspaces.id, name: workspaces.name, role: memberships.role, created_at: workspaces.createdAt })
    .from(memberships)
    .innerJoin(workspaces, eq(workspaces.id, memberships.workspaceId))
    .where(and(eq(memberships.userId, userId), afterId ? gt(memberships.workspaceId, afterId) : undefined))
    .orderBy(asc(memberships.workspaceId))
    .limit(limit + 1);
  return { items: rows.slice(0, limit) as MyWorkspace[], hasMore: rows.length > limit };
}

/** Every workspace the index lists for `userId` (the fan-out of a change to the person, e.g. a new email). */
export async function workspaceIdsOf(db: DrizzleD1Database, userId: string): Promise<string[]> {
  const rows = await db.select({ id: memberships.workspaceId }).from(memberships).where(eq(memberships.userId, userId));
  return rows.map((row) => row.id);
}

/** Every workspace object that may name one of `subjects` (user ids and emails): those export and purge ask. */
export async function workspacesInvolving(db: DrizzleD1Database, subjects: string[]): Promise<string[]> {
  const rows = await db
    .selectDistinct({ id: involvements.workspaceId })
    .from(involvements)
    .where(inArray(involvements.subject, subjects))
    .orderBy(asc(involvements.workspaceId));
  return rows.map((row) => row.id);
}

/** Forgets the subjects: called once every workspace object has forgotten them. */
export async function forgetInvolvements(db: DrizzleD1Database, subjects: string[]) {
  await db.delete(involvements).where(inArray(involvements.subject, subjects));
}

/** Forgets a workspace that was erased whole: nothing there names anyone any more, and its links lead nowhere. */
export async function forgetWorkspaceInvolvements(db: DrizzleD1Database, workspaceId: string) {
  await db.batch([
    db.delete(involvements).where(eq(involvements.workspaceId, workspaceId)),
    db.delete(shareLinkDirectory).where(eq(shareLinkDirectory.workspaceId, workspaceId)),
  ]);
}
