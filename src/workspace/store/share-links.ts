/** The share link rows (decision 0029): adding, counting a use, revoking. Rules come from ../share-links.ts. */
import { and, desc, eq, gt, inArray, isNull } from "drizzle-orm";
import type { Role } from "../roles";
import { shareLinks } from "../schema";
import { linksOutlivingTheirCreator } from "../share-links";
import type { ShareLinkRow } from "../views";
import { audit } from "./audit";
import type { WorkspaceDb } from "./db";
import { queueIndex } from "./outbox";

// ---- reads

export function shareLinkById(db: WorkspaceDb, id: string): ShareLinkRow | undefined {
  return db.select().from(shareLinks).where(eq(shareLinks.id, id)).get();
}

export function shareLinkByTokenHash(db: WorkspaceDb, tokenHash: string): ShareLinkRow | undefined {
  return db.select().from(shareLinks).where(eq(shareLinks.tokenHash, tokenHash)).get();
}

/** The links not revoked and not expired at `at`, newest first; whether each still works is ../share-links.ts's. */
export function standingShareLinks(db: WorkspaceDb, at: string): ShareLinkRow[] {
  return db
    .select()
    .from(shareLinks)
    .where(and(isNull(shareLinks.revokedAt), gt(shareLinks.expiresAt, at)))
    .orderBy(desc(shareLinks.createdAt), desc(shareLinks.id))
    .all();
}

/** Every link `userId` made, whatever became of it, oldest first (what names them: `created_by`). */
export function shareLinksCreatedBy(db: WorkspaceDb, userId: string): ShareLinkRow[] {
  return db.select().from(shareLinks).where(eq(shareLinks.createdBy, userId)).orderBy(shareLinks.createdAt).all();
}

// ---- writes (inside a transaction)

/** Stores a new link and queues its D1 map entry, so the route can find this workspace from the token. */
export function addShareLink(db: WorkspaceDb, row: ShareLinkRow, at: string) {
  db.insert(shareLinks).values(row).run();
  queueIndex(db, { kind: "share_link", tokenHash: row.tokenHash }, at);
}

/** One more person joined through the link; in the join's transaction, so parallel joins count exactly. */
export function countShareLinkUse(db: WorkspaceDb, row: ShareLinkRow) {
  db.update(shareLinks)
    .set({ uses: row.uses + 1 })
    .where(eq(shareLinks.id, row.id))
    .run();
}

export function revokeShareLinks(db: WorkspaceDb, rows: readonly ShareLinkRow[], at: string) {
  if (rows.length === 0) return;
  const ids = rows.map((row) => row.id);
  db.update(shareLinks).set({ revokedAt: at }).where(inArray(shareLinks.id, ids)).run();
}

/**
 * A link must not outlive its creator's right to make it (../share-links.ts): called with every change of a member's
 * role or membership, in the same transaction, as invitations are (invitations.ts `revokeInvitationsOutliving`).
 * `creatorRole` is their role after the change (null: no longer a member).
 */
export function revokeShareLinksOutliving(
  db: WorkspaceDb,
  actorId: string,
  creatorId: string,
  creatorRole: Role | null,
  at: string,
) {
  const standing = db
    .select()
    .from(shareLinks)
    .where(and(eq(shareLinks.createdBy, creatorId), isNull(shareLinks.revokedAt), gt(shareLinks.expiresAt, at)))
    .all();
  const revoked = linksOutlivingTheirCreator(
    standing.filter((row) => row.uses < row.maxUses),
    creatorRole,
  );
  revokeShareLinks(db, revoked, at);
  for (const row of revoked) {
    audit(db, actorId, "link_revoked", row.id, { role: row.role, reason: "creator_lost_the_right_to_grant" }, at);
  }
}
