/**
 * Synchronous reads and writes of one workspace's SQLite tables. Everything here runs inside the
 * object's transactions; nothing awaits, so no other request can interleave a check and its write.
 */
import { and, asc, count, desc, eq, gt, gte, lt, or } from "drizzle-orm";
import type { DrizzleSqliteDODatabase } from "drizzle-orm/durable-sqlite";
import type { AnySQLiteColumn } from "drizzle-orm/sqlite-core";
import { newId } from "../lib/ids";
import { chainAuditEvent, GENESIS_HASH, type JsonValue, verifyAuditChain } from "./audit";
import { type InvitationStatus, invitationProblemCode, invitationStatus } from "./invitations";
import type { OutboxDelivery } from "./outbox";
import { fail, ok, type Result } from "./result";
import type { Role } from "./roles";
import * as schema from "./schema";
import { decodeCursor, encodeCursor, type InvitationRow, type MemberRow, memberView, type Person } from "./views";

const { auditEvents, invitations, members, workspace } = schema;

export interface MemberQuery {
  q?: string;
  role?: Role;
  limit: number;
  cursor?: string;
}

type AuditRow = typeof auditEvents.$inferSelect;

function auditEventView(row: AuditRow) {
  return {
    id: row.id,
    at: row.at,
    actor_id: row.actorId,
    action: row.action,
    target: row.target,
    // Typed loosely on purpose: a recursive JSON type through RPC typing is too deep for the compiler.
    details: JSON.parse(row.details) as Record<string, unknown>,
    prev_hash: row.prevHash,
    hash: row.hash,
  };
}

export class WorkspaceStore {
  constructor(
    readonly db: DrizzleSqliteDODatabase<typeof schema>,
    private readonly outbox: OutboxDelivery,
  ) {}

  // ---- reads

  /** The workspace row, unless it was never created or is deleted (both look like "not found"). */
  live() {
    const row = this.db.select().from(workspace).get();
    return row && !row.deletedAt ? row : undefined;
  }

  exists(): boolean {
    return this.db.select({ id: workspace.id }).from(workspace).get() !== undefined;
  }

  id(): string {
    return this.db.select({ id: workspace.id }).from(workspace).get()?.id ?? "";
  }

  member(userId: string): MemberRow | undefined {
    return this.db.select().from(members).where(eq(members.userId, userId)).get();
  }

  isMemberEmail(email: string): boolean {
    return this.db.select({ id: members.userId }).from(members).where(eq(members.email, email)).get() !== undefined;
  }

  /** The caller's role, or null for a non-member or a deleted workspace. One primary-key read. */
  roleOf(userId: string): Role | null {
    if (!this.live()) return null;
    return this.member(userId)?.role ?? null;
  }

  ownerCount(): number {
    return this.db.select({ n: count() }).from(members).where(eq(members.role, "owner")).get()?.n ?? 0;
  }

  memberCount(): number {
    return this.db.select({ n: count() }).from(members).get()?.n ?? 0;
  }

  pendingInvitationCount(): number {
    return this.db.select({ n: count() }).from(invitations).where(eq(invitations.status, "pending")).get()?.n ?? 0;
  }

  pendingInvitationFor(email: string): InvitationRow | undefined {
    return this.db
      .select()
      .from(invitations)
      .where(and(eq(invitations.status, "pending"), eq(invitations.email, email)))
      .get();
  }

  invitationById(id: string): InvitationRow | undefined {
    return this.db.select().from(invitations).where(eq(invitations.id, id)).get();
  }

  /** The invitation behind a link, if it can still be used; otherwise why not (gone, expired, used, revoked). */
  usableInvitation(tokenHash: string): Result<InvitationRow> {
    if (!this.live()) return fail("not_found");
    const row = this.db.select().from(invitations).where(eq(invitations.tokenHash, tokenHash)).get();
    if (!row) return fail("not_found");
    const status = invitationStatus({ status: row.status as InvitationStatus, expires_at: row.expiresAt }, new Date());
    const problem = invitationProblemCode(status);
    return problem ? fail(problem) : ok(row);
  }

  /** Members oldest first, keyset-paged on (joined_at, user_id); `q` is a prefix of email, first or last name. */
  memberPage(query: MemberQuery) {
    const cursor = decodeCursor<{ j: string; u: string }>(query.cursor, ["j", "u"]);
    if (cursor === "invalid") return fail("validation_failed", "The cursor is not valid.");
    const prefix = query.q?.trim().toLowerCase();
    const startsWith = (column: AnySQLiteColumn) =>
      prefix ? and(gte(column, prefix), lt(column, `${prefix}\uffff`)) : undefined;
    const rows = this.db
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
    const last = page.at(-1);
    const next = rows.length > query.limit && last ? encodeCursor({ j: last.joinedAt, u: last.userId }) : null;
    return ok({ members: page.map(memberView), next_cursor: next });
  }

  /** Pending invitations, newest first, keyset-paged on (created_at, id). */
  pendingInvitationPage(query: { limit: number; cursor?: string }) {
    const cursor = decodeCursor<{ c: string; i: string }>(query.cursor, ["c", "i"]);
    if (cursor === "invalid") return fail("validation_failed", "The cursor is not valid.");
    const before = cursor
      ? or(lt(invitations.createdAt, cursor.c), and(eq(invitations.createdAt, cursor.c), lt(invitations.id, cursor.i)))
      : undefined;
    const rows = this.db
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

  /** The audit log, newest first, paged on its sequence. */
  auditPage(query: { limit: number; cursor?: string }) {
    const cursor = decodeCursor<{ s: number }>(query.cursor, ["s"]);
    if (cursor === "invalid") return fail("validation_failed", "The cursor is not valid.");
    const rows = this.db
      .select()
      .from(auditEvents)
      .where(cursor ? lt(auditEvents.seq, cursor.s) : undefined)
      .orderBy(desc(auditEvents.seq))
      .limit(query.limit + 1)
      .all();
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    return ok({
      events: page.map(auditEventView),
      next_cursor: rows.length > query.limit && last ? encodeCursor({ s: last.seq }) : null,
    });
  }

  verifyAuditChain() {
    const rows = this.db.select().from(auditEvents).orderBy(asc(auditEvents.seq)).all();
    return verifyAuditChain(
      rows.map((row) => ({ ...auditEventView(row), details: JSON.parse(row.details) as JsonValue })),
    );
  }

  // ---- writes (inside a transaction)

  /** Appends an event chained to the previous one's hash. */
  audit(actorId: string, action: string, target: string | null, details: JsonValue, at: string) {
    const last = this.db
      .select({ hash: auditEvents.hash })
      .from(auditEvents)
      .orderBy(desc(auditEvents.seq))
      .limit(1)
      .get();
    const event = chainAuditEvent(last?.hash ?? GENESIS_HASH, {
      id: newId("evt"),
      at,
      actor_id: actorId,
      action,
      target,
      details,
    });
    this.db
      .insert(auditEvents)
      .values({
        id: event.id,
        at: event.at,
        actorId,
        action: event.action,
        target: event.target,
        details: JSON.stringify(event.details),
        prevHash: event.prev_hash,
        hash: event.hash,
      })
      .run();
  }

  addMember(person: Person, role: Role, invitedBy: string | null, at: string) {
    this.db
      .insert(members)
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
      })
      .run();
    this.indexMember(person.userId, role, at, at);
  }

  setRole(member: MemberRow, role: Role, at: string) {
    this.db.update(members).set({ role }).where(eq(members.userId, member.userId)).run();
    this.indexMember(member.userId, role, member.joinedAt, at);
  }

  removeMember(userId: string, at: string) {
    this.db.delete(members).where(eq(members.userId, userId)).run();
    this.outbox.enqueue({ kind: "membership_delete", workspaceId: this.id(), userId }, at);
  }

  private indexMember(userId: string, role: Role, joinedAt: string, at: string) {
    this.outbox.enqueue({ kind: "membership_upsert", workspaceId: this.id(), userId, role, joinedAt }, at);
  }
}
