/** The member rows: who belongs, with which role, and the writes that add, change and remove them. */
import { and, asc, count, eq, gt, gte, lt, or } from "drizzle-orm";
import type { AnySQLiteColumn } from "drizzle-orm/sqlite-core";
import { decodeCursor, encodeCursor } from "../../lib/cursor";
import { fail, ok } from "../../lib/result";
import { leavesWithoutOwner, type Role } from "../roles";
import { members, ownershipNomination } from "../schema";
import { type MemberRow, memberView, type Person } from "../views";
import type { WorkspaceDb } from "./db";
import { revokeInvitationsOutliving } from "./invitations";
import { queueIndex } from "./outbox";
import { policyOf, standingOf } from "./policy";
import { live } from "./rows";
import { revokeShareLinksOutliving } from "./share-links";

export interface MemberQuery {
  q?: string;
  role?: Role;
  limit: number;
  cursor?: string;
}

// ---- reads

export function member(db: WorkspaceDb, userId: string): MemberRow | undefined {
  return db.select().from(members).where(eq(members.userId, userId)).get();
}

export function isMemberEmail(db: WorkspaceDb, email: string): boolean {
  return db.select({ id: members.userId }).from(members).where(eq(members.email, email)).get() !== undefined;
}

/** The caller's role, or null for a non-member or a deleted workspace. One read (policy.ts `standingOf`). */
export function roleOf(db: WorkspaceDb, userId: string): Role | null {
  return standingOf(db, userId).role;
}

export function ownerCount(db: WorkspaceDb): number {
  return db.select({ n: count() }).from(members).where(eq(members.role, "owner")).get()?.n ?? 0;
}

export function memberCount(db: WorkspaceDb): number {
  return db.select({ n: count() }).from(members).get()?.n ?? 0;
}

/** Members oldest first, keyset-paged on (joined_at, user_id); `q` is a prefix of email, first or last name. */
export function memberPage(db: WorkspaceDb, query: MemberQuery) {
  const cursor = decodeCursor<{ j: string; u: string }>(query.cursor, ["j", "u"]);
  if (cursor === "invalid") return fail("validation_failed", "The cursor is not valid.");
  const prefix = query.q?.trim().toLowerCase();
  const startsWith = (column: AnySQLiteColumn) =>
    prefix ? and(gte(column, prefix), lt(column, `${prefix}\uffff`)) : undefined;
  const rows = db
    .select()
    .from(members)
    .where(
      and(
        query.role ? eq(members.role, query.role) : undefined,
        prefix
          ? or(startsWith(members.email), startsWith(members.firstNameKey), startsWith(members.lastNameKey))
          : undefined,
        cursor
          ? or(gt(members.joinedAt, cursor.j), and(eq(members.joinedAt, cursor.j), gt(members.userId, cursor.u)))
          : undefined,
      ),
    )
    .orderBy(asc(members.joinedAt), asc(members.userId))
    .limit(query.limit + 1)
    .all();
  const page = rows.slice(0, query.limit);
  const policy = policyOf(db);
  const last = page.at(-1);
  const next = rows.length > query.limit && last ? encodeCursor({ j: last.joinedAt, u: last.userId }) : null;
  return ok({ members: page.map((row) => memberView(row, policy)), next_cursor: next });
}

/** The other members, for the sole-owner rule of account deletion: are they the only owner while others remain? */
export function soleOwnership(db: WorkspaceDb, userId: string): { memberCount: number } | null {
  const row = live(db);
  const role = member(db, userId)?.role;
  if (!row || !role || !leavesWithoutOwner(ownerCount(db), role, null)) return null;
  const count = memberCount(db);
  return count > 1 ? { memberCount: count } : null;
}

// ---- writes (inside a transaction)

export function addMember(
  db: WorkspaceDb,
  person: Person,
  role: Role,
  invitedBy: string | null,
  at: string,
  expiresAt: string | null = null,
) {
  db.insert(members)
    .values({
      userId: person.userId,
      email: person.email,
      firstName: person.firstName,
      lastName: person.lastName,
      firstNameKey: person.firstName.toLowerCase(),
      lastNameKey: person.lastName.toLowerCase(),
      role,
      joinedAt: at,
      invitedBy,
      expiresAt,
      twoFactorOn: person.twoFactorOn ?? false,
    })
    .run();
  queueIndex(db, { kind: "membership", userId: person.userId }, at);
}

/**
 * Copies the person's current names (and their lower-cased search keys) onto their member row, if they are a
 * member; the same names twice change nothing. True when a row was written.
 */
export function refreshMemberNames(db: WorkspaceDb, userId: string, names: { firstName: string; lastName: string }) {
  const updated = db
    .update(members)
    .set({
      firstName: names.firstName,
      lastName: names.lastName,
      firstNameKey: names.firstName.toLowerCase(),
      lastNameKey: names.lastName.toLowerCase(),
    })
    .where(eq(members.userId, userId))
    .returning({ userId: members.userId })
    .all();
  return updated.length > 0;
}

/** The member's email after they changed it (pending invitations keep the address they were sent to). */
export function setMemberEmail(db: WorkspaceDb, userId: string, email: string): boolean {
  const updated = db
    .update(members)
    .set({ email })
    .where(eq(members.userId, userId))
    .returning({ id: members.userId })
    .all();
  return updated.length > 0;
}

/**
 * Changes a role; the member's invitations and share links they could no longer make stop working, in the same
 * transaction.
 */
export function setRole(db: WorkspaceDb, actorId: string, target: MemberRow, role: Role, at: string) {
  // Owners never expire (expiry.ts): becoming one ends any expiry the member had.
  const expiry = role === "owner" ? { expiresAt: null, expiryWarnedAt: null } : {};
  db.update(members)
    .set({ role, ...expiry })
    .where(eq(members.userId, target.userId))
    .run();
  queueIndex(db, { kind: "membership", userId: target.userId }, at);
  revokeInvitationsOutliving(db, actorId, target.userId, role, at);
  revokeShareLinksOutliving(db, actorId, target.userId, role, at);
}

/** Removes a member (or records their leaving): their pending invitations, share links and nomination of them end. */
export function removeMember(db: WorkspaceDb, actorId: string, userId: string, at: string) {
  db.delete(members).where(eq(members.userId, userId)).run();
  db.delete(ownershipNomination).where(eq(ownershipNomination.nomineeId, userId)).run();
  queueIndex(db, { kind: "membership", userId }, at);
  revokeInvitationsOutliving(db, actorId, userId, null, at);
  revokeShareLinksOutliving(db, actorId, userId, null, at);
}
