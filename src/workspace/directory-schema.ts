/**
 * D1 `workspaces`, `memberships` and `involvements`: a derived index of what the Workspace objects hold, so "my
 * workspaces" and account deletion need not ask every object. Never the authority: written only by
 * the objects' outbox delivery (src/workspace/directory.ts).
 */
import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { ROLES } from "./roles";

export const workspaces = sqliteTable("workspaces", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  createdAt: text("created_at").notNull(),
  /** The outbox sequence number of the change this row reflects; older deliveries never overwrite newer ones. */
  version: integer("version").notNull(),
});

export const memberships = sqliteTable(
  "memberships",
  {
    userId: text("user_id").notNull(),
    workspaceId: text("workspace_id").notNull(),
    role: text("role", { enum: ROLES }).notNull(),
    joinedAt: text("joined_at").notNull(),
    version: integer("version").notNull(),
  },
  (table) => [
    primaryKey({ columns: [table.userId, table.workspaceId] }),
    index("memberships_workspace").on(table.workspaceId),
  ],
);

/**
 * Which workspace objects hold something that names a person: their user id (a member, now or before) or an
 * email (an invitation addressed to it). Rows are only added while the workspace lives, and removed by the
 * person's purge once that object has forgotten them, so export and purge reach every object, including those
 * the person left or was only invited to (src/account/purge.ts).
 */
export const involvements = sqliteTable(
  "involvements",
  {
    /** A user id, or a normalised email. */
    subject: text("subject").notNull(),
    workspaceId: text("workspace_id").notNull(),
  },
  (table) => [primaryKey({ columns: [table.subject, table.workspaceId] })],
);

/**
 * Which workspace holds a share link, by the hash of its token (decision 0029): a link's URL names no workspace, so
 * the route looks here to find the object, which re-checks the hash and decides. Derived like the rest: written only
 * by the object's outbox delivery; a row stays after its link stops working, so the link answers why.
 */
export const shareLinkDirectory = sqliteTable(
  "share_links",
  {
    tokenHash: text("token_hash").primaryKey(),
    workspaceId: text("workspace_id").notNull(),
  },
  (table) => [index("share_links_workspace").on(table.workspaceId)],
);
