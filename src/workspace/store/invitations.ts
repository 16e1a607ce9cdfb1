/** The invitation rows, their retired links and the mail queued for them. Rules come from ../invitations.ts. */
import { and, asc, count, desc, eq, inArray, lt, or, type SQL } from "drizzle-orm";
import { decodeCursor, encodeCursor } from "../../lib/cursor";
import { fail, ok, type Result } from "../../lib/result";
import {
  DELETED_WORKSPACE_PROBLEM,
  type InvitationProblem,
  invitationProblem,
  invitationStatus,
  invitationsOutlivingTheirInviter,
  RESENT_LINK_PROBLEM,
} from "../invitations";
import type { MailOutboxMessage } from "../outbox";
import type { Role } from "../roles";
import { invitations, outbox, retiredInvitationLinks } from "../schema";
import type { InvitationRow } from "../views";
import { audit } from "./audit";
import type { WorkspaceDb } from "./db";
import { queueIndex, queueMail } from "./outbox";
import { live } from "./rows";

// ---- reads

export function pendingInvitationCount(db: WorkspaceDb): number {
  return db.select({ n: count() }).from(invitations).where(eq(invitations.status, "pending")).get()?.n ?? 0;
}

export function pendingInvitationFor(db: WorkspaceDb, email: string): InvitationRow | undefined {
  return db
    .select()
    .from(invitations)
    .where(and(eq(invitations.status, "pending"), eq(invitations.email, email)))
    .get();
}

export function invitationById(db: WorkspaceDb, id: string): InvitationRow | undefined {
  return db.select().from(invitations).where(eq(invitations.id, id)).get();
}

/**
 * The invitation behind a link, if it can still be used; otherwise why not. A link nothing here knows is not
 * found; every link that was known and superseded (replaced, resent, revoked, its workspace deleted) is revoked.
 */
export function invitationBehindLink(db: WorkspaceDb, tokenHash: string): Result<InvitationRow> {
  const refuse = (problem: InvitationProblem) => fail(problem.code, problem.detail);
  const row = db.select().from(invitations).where(eq(invitations.tokenHash, tokenHash)).get();
  if (!row) {
    const retired = db
      .select()
      .from(retiredInvitationLinks)
      .where(eq(retiredInvitationLinks.tokenHash, tokenHash))
      .get();
    return retired ? refuse(RESENT_LINK_PROBLEM) : fail("not_found", "No such invitation.");
  }
  if (!live(db)) return refuse(DELETED_WORKSPACE_PROBLEM);
  const problem = invitationProblem(invitationStatus({ status: row.status, expires_at: row.expiresAt }, new Date()));
  return problem ? refuse(problem) : ok(row);
}

/** Pending invitations, newest first, keyset-paged on (created_at, id). */
export function pendingInvitationPage(db: WorkspaceDb, query: { limit: number; cursor?: string }) {
  const cursor = decodeCursor<{ c: string; i: string }>(query.cursor, ["c", "i"]);
  if (cursor === "invalid") return fail("validation_failed", "The cursor is not valid.");
  const before = cursor
    ? or(lt(invitations.createdAt, cursor.c), and(eq(invitations.createdAt, cursor.c), lt(invitations.id, cursor.i)))
    : undefined;
  const rows = db
    .select()
    .from(invitations)
    .where(and(eq(invitations.status, "pending"), before))
    .orderBy(desc(invitations.createdAt), desc(invitations.id))
    .limit(query.limit + 1)
    .all();
  const page = rows.slice(0, query.limit);
  const last = page.at(-1);
  return ok({
    rows: page,
    next_cursor: rows.length > query.limit && last ? encodeCursor({ c: last.createdAt, i: last.id }) : null,
  });
}

/** Every invitation `userId` sent, whatever became of it, oldest first. */
export function invitationsSentBy(db: WorkspaceDb, userId: string): InvitationRow[] {
  return invitationsWhere(db, eq(invitations.invitedBy, userId));
}

/** Every invitation addressed to `email` (normalised), whatever became of it, oldest first. */
export function invitationsAddressedTo(db: WorkspaceDb, email: string): InvitationRow[] {
  return invitationsWhere(db, eq(invitations.email, email));
}

function invitationsWhere(db: WorkspaceDb, condition: SQL): InvitationRow[] {
  return db.select().from(invitations).where(condition).orderBy(asc(invitations.createdAt), asc(invitations.id)).all();
}

// ---- writes (inside a transaction)

/** Stores a new invitation and queues its mail, which carries the link until it is sent or given up. */
/** `mail` null: nothing is sent (the invited person turned invitation mail off); the row says `withheld`. */
export function addInvitation(db: WorkspaceDb, row: InvitationRow, mail: MailOutboxMessage | null, at: string) {
  db.insert(invitations).values(row).run();
  if (mail) queueMail(db, mail, at, row.id);
  queueIndex(db, { kind: "involvement", subject: row.email }, at);
}

/** Ends invitations (accepted, declined, revoked, replaced); mail still queued for them is dropped. */
export function resolveInvitations(
  db: WorkspaceDb,
  rows: InvitationRow[],
  status: "accepted" | "declined" | "revoked" | "replaced",
  at: string,
) {
  if (rows.length === 0) return;
  const ids = rows.map((row) => row.id);
  db.update(invitations).set({ status, resolvedAt: at }).where(inArray(invitations.id, ids)).run();
  db.delete(outbox).where(inArray(outbox.invitationId, ids)).run();
}

/** Gives an invitation a new link and expiry; the old link is retired (it answers "revoked") and its mail dropped. */
export function relinkInvitation(
  db: WorkspaceDb,
  row: InvitationRow,
  link: { tokenHash: string; expiresAt: string },
  mail: MailOutboxMessage | null,
  at: string,
) {
  db.insert(retiredInvitationLinks).values({ tokenHash: row.tokenHash, invitationId: row.id, retiredAt: at }).run();
  db.delete(outbox).where(eq(outbox.invitationId, row.id)).run();
  db.update(invitations)
    .set({ tokenHash: link.tokenHash, expiresAt: link.expiresAt, delivery: mail ? "pending" : "withheld" })
    .where(eq(invitations.id, row.id))
    .run();
  if (mail) queueMail(db, mail, at, row.id);
}

/** An invitation must not outlive its sender's right to send it (invitations.ts). */
export function revokeInvitationsOutliving(
  db: WorkspaceDb,
  actorId: string,
  inviterId: string,
  inviterRole: Role | null,
  at: string,
) {
  const pending = db
    .select()
    .from(invitations)
    .where(and(eq(invitations.status, "pending"), eq(invitations.invitedBy, inviterId)))
    .all();
  const revoked = invitationsOutlivingTheirInviter(pending, inviterRole);
  resolveInvitations(db, revoked, "revoked", at);
  for (const row of revoked) {
    const details = { email: row.email, role: row.role, reason: "inviter_lost_the_right_to_invite" };
    audit(db, actorId, "invitation_revoked", row.id, details, at);
  }
}
