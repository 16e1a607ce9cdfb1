/**
 * D1 `workspaces` and `memberships`: a derived index of what the Workspace objects hold, so "my
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
