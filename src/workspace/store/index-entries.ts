/** What a queued index entry should say when delivered: the object's truth now, for delivery.ts to write to D1. */
import type { DirectoryChange } from "../directory";
import type { IndexKey } from "../outbox";
import type { WorkspaceDb } from "./db";
import { member } from "./members";
import { id, live } from "./rows";

export function indexChange(db: WorkspaceDb, key: IndexKey): DirectoryChange {
  const workspaceId = id(db);
  if (key.kind === "involvement") return { kind: "involvement_add", workspaceId, subject: key.subject };
  if (key.kind === "share_link") return { kind: "share_link_add", workspaceId, tokenHash: key.tokenHash };
  const current = live(db);
  if (key.kind === "workspace") {
    return current
      ? { kind: "workspace_upsert", workspaceId, name: current.name, createdAt: current.createdAt }
      : { kind: "workspace_delete", workspaceId };
  }
  const row = current ? member(db, key.userId) : undefined;
  return row
    ? { kind: "membership_upsert", workspaceId, userId: row.userId, role: row.role, joinedAt: row.joinedAt }
    : { kind: "membership_delete", workspaceId, userId: key.userId };
}
