/**
 * Synchronous reads and writes of one workspace's SQLite tables, and the only code that writes them. Everything
 * here runs inside the object's transactions; nothing awaits, so no other request can interleave a check and its
 * write. Rules come from the pure modules (roles, invitations, nominations, outbox); this file only applies them.
 */
import { and, asc, count, desc, eq, gt, gte, inArray, lt, lte, min, or, type SQL, sql } from "drizzle-orm";
import type { DrizzleSqliteDODatabase } from "drizzle-orm/durable-sqlite";
import type { AnySQLiteColumn } from "drizzle-orm/sqlite-core";
import {
  type ChainedAuditEvent,
  chainAuditEvent,
  GENESIS_HASH,
  type JsonValue,
  storedAuditEvent,
  verifyAuditChain,
} from "../lib/audit-chain";
import { decodeCursor, encodeCursor } from "../lib/cursor";
import { newId } from "../lib/ids";
import { isPerson, jsonNamesPerson } from "../lib/person-match";
import type { DirectoryChange } from "./directory";
import { type ForgottenPerson, redactAuditChain, successorOwner } from "./forget";
import {
  DELETED_WORKSPACE_PROBLEM,
  type InvitationProblem,
  invitationProblem,
  invitationStatus,
  invitationsOutlivingTheirInviter,
  RESENT_LINK_PROBLEM,
} from "./invitations";
import { isNominationPending } from "./nominations";
import type { IndexKey, MailOutboxMessage } from "./outbox";
import { fail, ok, type Result } from "./result";
import type { Role } from "./roles";
import * as schema from "./schema";
import { type AuditRow, auditEventView, type InvitationRow, type MemberRow, memberView, type Person } from "./views";

const { auditEvents, invitations, members, outbox, ownershipNomination, retiredInvitationLinks, workspace } = schema;

export interface MemberQuery {
  q?: string;
  role?: Role;
  limit: number;
  cursor?: string;
}

export type OutboxRow = typeof outbox.$inferSelect;
export type NominationRow = typeof ownershipNomination.$inferSelect;

export class WorkspaceStore {
  constructor(readonly db: DrizzleSqliteDODatabase<typeof schema>) {}

  // ---- reads: the workspace and its members

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

  // ---- reads: invitations and the nomination

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

  /**
   * The invitation behind a link, if it can still be used; otherwise why not. A link nothing here knows is not
   * found; every link that was known and superseded (replaced, resent, revoked, its workspace deleted) is revoked.
   */
  invitationBehindLink(tokenHash: string): Result<InvitationRow> {
    const refuse = (problem: InvitationProblem) => fail(problem.code, problem.detail);
    const row = this.db.select().from(invitations).where(eq(invitations.tokenHash, tokenHash)).get();
    if (!row) {
      const retired = this.db
        .select()
        .from(retiredInvitationLinks)
        .where(eq(retiredInvitationLinks.tokenHash, tokenHash))
        .get();
      return retired ? refuse(RESENT_LINK_PROBLEM) : fail("not_found", "No such invitation.");
    }
    if (!this.live()) return refuse(DELETED_WORKSPACE_PROBLEM);
    const problem = invitationProblem(invitationStatus({ status: row.status, expires_at: row.expiresAt }, new Date()));
    return problem ? refuse(problem) : ok(row);
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

  /** The ownership nomination, if one is pending (made and not yet lapsed). */
  pendingNomination(now: Date): NominationRow | undefined {
    const row = this.db.select().from(ownershipNomination).get();
    return row && isNominationPending(row.nominatedAt, now) ? row : undefined;
  }

  // ---- reads: the audit log

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
    return verifyAuditChain(this.auditChain());
  }

  /** The whole audit log, oldest first, as the chain functions read it. */
  private auditChain(): ChainedAuditEvent[] {
    const rows = this.db.select().from(auditEvents).orderBy(asc(auditEvents.seq)).all();
    return rows.map(storedAuditEvent);
  }

  // ---- reads: the rows that name one person (their export reads them; their purge must clear the same rows)

  /** The workspace row, deleted or not: a deleted workspace still holds rows that name people. */
  workspaceRow() {
    return this.db.select().from(workspace).get();
  }

  /** Every invitation `userId` sent, whatever became of it, oldest first. */
  invitationsSentBy(userId: string): InvitationRow[] {
    return this.invitationsWhere(eq(invitations.invitedBy, userId));
  }

  /** Every invitation addressed to `email` (normalised), whatever became of it, oldest first. */
  invitationsAddressedTo(email: string): InvitationRow[] {
    return this.invitationsWhere(eq(invitations.email, email));
  }

  private invitationsWhere(condition: SQL): InvitationRow[] {
    return this.db
      .select()
      .from(invitations)
      .where(condition)
      .orderBy(asc(invitations.createdAt), asc(invitations.id))
      .all();
  }

  /** Audit events whose actor or target is `userId`, in the log's order. */
  auditEventsNaming(userId: string): AuditRow[] {
    return this.db
      .select()
      .from(auditEvents)
      .where(or(eq(auditEvents.actorId, userId), eq(auditEvents.target, userId)))
      .orderBy(asc(auditEvents.seq))
      .all();
  }

  /** The ownership nomination, lapsed or not, if `userId` is its nominee or its nominator. */
  nominationNaming(userId: string): NominationRow | undefined {
    return this.db
      .select()
      .from(ownershipNomination)
      .where(or(eq(ownershipNomination.nomineeId, userId), eq(ownershipNomination.nominatedBy, userId)))
      .get();
  }

  // ---- writes: the workspace and its members (inside a transaction)

  createWorkspace(input: { id: string; name: string }, at: string) {
    this.db.insert(workspace).values({ id: input.id, name: input.name, createdAt: at }).run();
    this.queueIndex({ kind: "workspace" }, at);
  }

  renameWorkspace(name: string, at: string) {
    this.db.update(workspace).set({ name }).run();
    this.queueIndex({ kind: "workspace" }, at);
  }

  /** Marks it deleted; every pending invitation is revoked (its queued mail dropped) and any nomination ends. */
  deleteWorkspace(at: string) {
    this.db.update(workspace).set({ deletedAt: at }).run();
    const pending = this.db.select().from(invitations).where(eq(invitations.status, "pending")).all();
    this.resolveInvitations(pending, "revoked", at);
    this.clearNomination();
    this.queueIndex({ kind: "workspace" }, at);
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
    this.queueIndex({ kind: "membership", userId: person.userId }, at);
  }

  /**
   * Copies the person's current names (and their lower-cased search keys) onto their member row, if they are a
   * member; the same names twice change nothing. True when a row was written.
   */
  refreshMemberNames(userId: string, names: { firstName: string; lastName: string }): boolean {
    const updated = this.db
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

  /** Changes a role; the member's invitations they could no longer send stop working, in the same transaction. */
  setRole(actorId: string, member: MemberRow, role: Role, at: string) {
    this.db.update(members).set({ role }).where(eq(members.userId, member.userId)).run();
    this.queueIndex({ kind: "membership", userId: member.userId }, at);
    this.revokeInvitationsOutliving(actorId, member.userId, role, at);
  }

  /** Removes a member (or records their leaving): their pending invitations and any nomination of them end. */
  removeMember(actorId: string, userId: string, at: string) {
    this.db.delete(members).where(eq(members.userId, userId)).run();
    this.db.delete(ownershipNomination).where(eq(ownershipNomination.nomineeId, userId)).run();
    this.queueIndex({ kind: "membership", userId }, at);
    this.revokeInvitationsOutliving(actorId, userId, null, at);
  }

  /** An invitation must not outlive its sender's right to send it (invitations.ts). */
  private revokeInvitationsOutliving(actorId: string, inviterId: string, inviterRole: Role | null, at: string) {
    const pending = this.db
      .select()
      .from(invitations)
      .where(and(eq(invitations.status, "pending"), eq(invitations.invitedBy, inviterId)))
      .all();
    const revoked = invitationsOutlivingTheirInviter(pending, inviterRole);
    this.resolveInvitations(revoked, "revoked", at);
    for (const row of revoked) {
      const details = { email: row.email, role: row.role, reason: "inviter_lost_the_right_to_invite" };
      this.audit(actorId, "invitation_revoked", row.id, details, at);
    }
  }

  // ---- writes: invitations and the nomination

  /** Stores a new invitation and queues its mail, which carries the link until it is sent or given up. */
  addInvitation(row: InvitationRow, mail: MailOutboxMessage, at: string) {
    this.db.insert(invitations).values(row).run();
    this.queueMail(mail, at, row.id);
    this.queueIndex({ kind: "involvement", subject: row.email }, at);
  }

  /** Ends invitations (accepted, declined, revoked, replaced); mail still queued for them is dropped. */
  resolveInvitations(rows: InvitationRow[], status: "accepted" | "declined" | "revoked" | "replaced", at: string) {
    if (rows.length === 0) return;
    const ids = rows.map((row) => row.id);
    this.db.update(invitations).set({ status, resolvedAt: at }).where(inArray(invitations.id, ids)).run();
    this.db.delete(outbox).where(inArray(outbox.invitationId, ids)).run();
  }

  /** Gives an invitation a new link and expiry; the old link is retired (it answers "revoked") and its mail dropped. */
  relinkInvitation(
    row: InvitationRow,
    link: { tokenHash: string; expiresAt: string },
    mail: MailOutboxMessage,
    at: string,
  ) {
    this.db
      .insert(retiredInvitationLinks)
      .values({ tokenHash: row.tokenHash, invitationId: row.id, retiredAt: at })
      .run();
    this.db.delete(outbox).where(eq(outbox.invitationId, row.id)).run();
    this.db
      .update(invitations)
      .set({ tokenHash: link.tokenHash, expiresAt: link.expiresAt, delivery: "pending" })
      .where(eq(invitations.id, row.id))
      .run();
    this.queueMail(mail, at, row.id);
  }

  /** The one nomination: a new one replaces any other. */
  nominate(nomineeId: string, nominatedBy: string, at: string) {
    this.clearNomination();
    this.db.insert(ownershipNomination).values({ nomineeId, nominatedBy, nominatedAt: at }).run();
  }

  clearNomination() {
    this.db.delete(ownershipNomination).run();
  }

  // ---- writes: the audit log

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

  // ---- the outbox

  /** Queues a D1 index entry to be written as it stands when delivered. */
  queueIndex(key: IndexKey, at: string) {
    this.db
      .insert(outbox)
      .values({ kind: key.kind, payload: JSON.stringify(key), createdAt: at })
      .run();
  }

  /** Queues a mail; `invitationId` names the invitation whose `delivery` it reports to. */
  queueMail(message: MailOutboxMessage, at: string, invitationId: string | null = null) {
    this.db
      .insert(outbox)
      .values({ kind: message.kind, payload: JSON.stringify(message), createdAt: at, invitationId })
      .run();
  }

  /** Rows whose next attempt is due at `now`, oldest first. */
  dueOutboxRows(now: number, limit: number): OutboxRow[] {
    return this.db
      .select()
      .from(outbox)
      .where(lte(outbox.nextAttemptAt, now))
      .orderBy(asc(outbox.seq))
      .limit(limit)
      .all();
  }

  /** When the next queued row is due, or null if nothing is queued. */
  nextOutboxAttemptAt(): number | null {
    return (
      this.db
        .select({ at: min(outbox.nextAttemptAt) })
        .from(outbox)
        .get()?.at ?? null
    );
  }

  /** What an index entry should say now: the object's truth, for the delivery to write. */
  indexChange(key: IndexKey): DirectoryChange {
    const workspaceId = this.id();
    if (key.kind === "involvement") return { kind: "involvement_add", workspaceId, subject: key.subject };
    const current = this.live();
    if (key.kind === "workspace") {
      return current
        ? { kind: "workspace_upsert", workspaceId, name: current.name, createdAt: current.createdAt }
        : { kind: "workspace_delete", workspaceId };
    }
    const member = current ? this.member(key.userId) : undefined;
    return member
      ? { kind: "membership_upsert", workspaceId, userId: member.userId, role: member.role, joinedAt: member.joinedAt }
      : { kind: "membership_delete", workspaceId, userId: key.userId };
  }

  /**
   * Ends a row: delivered, or given up. The row goes, and with it any link it carried; an invitation's mail
   * reports the outcome on the invitation. A row already gone (its invitation resent or revoked meanwhile)
   * reports nothing: a newer mail speaks for that invitation.
   */
  finishOutboxRow(row: OutboxRow, outcome: "sent" | "failed") {
    const stillQueued = this.db.select({ seq: outbox.seq }).from(outbox).where(eq(outbox.seq, row.seq)).get();
    if (!stillQueued) return;
    this.db.delete(outbox).where(eq(outbox.seq, row.seq)).run();
    if (row.invitationId) {
      this.db.update(invitations).set({ delivery: outcome }).where(eq(invitations.id, row.invitationId)).run();
    }
  }

  retryOutboxRowLater(row: OutboxRow, attempts: number, nextAttemptAt: number, error: string) {
    this.db
      .update(outbox)
      .set({ attempts, nextAttemptAt, lastError: error.slice(0, 500) })
      .where(eq(outbox.seq, row.seq))
      .run();
  }

  /** The member's email after they changed it (pending invitations keep the address they were sent to). */
  setMemberEmail(userId: string, email: string): boolean {
    const updated = this.db
      .update(members)
      .set({ email })
      .where(eq(members.userId, userId))
      .returning({ id: members.userId })
      .all();
    return updated.length > 0;
  }

  // ---- forgetting a purged person (decision 0014)

  /**
   * Removes the person and every trace of them, in the caller's transaction: their membership (handing the
   * workspace to a successor if they were its only owner), the pending invitations they sent or that were sent to
   * them, the invitation rows addressed to them, their nomination, mail queued to them, and their name in the audit
   * log (re-linked, and the redaction itself recorded). Their id stays only where other people's rows point at them
   * (`invited_by`), as the pseudonym. Returns whether anything changed: a second run finds nothing to do.
   */
  forgetPerson(person: ForgottenPerson, at: string): boolean {
    const { userId, pseudonym } = person;
    const live = this.live() !== undefined;
    const member = this.member(userId);
    if (member) {
      if (live && member.role === "owner" && this.ownerCount() === 1) {
        const others = this.db.select().from(members).where(sql`${members.userId} != ${userId}`).all();
        const successor = successorOwner(others);
        if (successor) {
          this.audit(
            pseudonym,
            "owner_appointed",
            successor.userId,
            { from: successor.role, reason: "owner_deleted" },
            at,
          );
          this.db.update(members).set({ role: "owner" }).where(eq(members.userId, successor.userId)).run();
          this.queueIndex({ kind: "membership", userId: successor.userId }, at);
        }
      }
      this.audit(pseudonym, "member_removed", pseudonym, { role: member.role, reason: "account_deleted" }, at);
      this.removeMember(pseudonym, userId, at);
    }
    // Every address the person has had (decision 0021): an invitation to an earlier one names them too.
    const addressedToThem = person.emails.flatMap((email) => this.invitationsAddressedTo(email));
    for (const row of addressedToThem.filter((row) => row.status === "pending")) {
      this.audit(pseudonym, "invitation_revoked", row.id, { role: row.role, reason: "account_deleted" }, at);
    }
    const ids = addressedToThem.map((row) => row.id);
    if (ids.length > 0) {
      this.db.delete(outbox).where(inArray(outbox.invitationId, ids)).run();
      this.db.delete(retiredInvitationLinks).where(inArray(retiredInvitationLinks.invitationId, ids)).run();
      this.db.delete(invitations).where(inArray(invitations.id, ids)).run();
    }
    const sent = this.db
      .update(invitations)
      .set({ invitedBy: pseudonym })
      .where(eq(invitations.invitedBy, userId))
      .returning({ id: invitations.id })
      .all();
    const vouched = this.db
      .update(members)
      .set({ invitedBy: pseudonym })
      .where(eq(members.invitedBy, userId))
      .returning({ id: members.userId })
      .all();
    const nominations = this.db
      .delete(ownershipNomination)
      .where(or(eq(ownershipNomination.nominatedBy, userId), eq(ownershipNomination.nomineeId, userId)))
      .returning({ id: ownershipNomination.nomineeId })
      .all();
    const mail = this.db
      .delete(outbox)
      .where(and(eq(outbox.kind, "mail"), jsonNamesPerson(outbox.payload, person)))
      .returning({ seq: outbox.seq })
      .all();
    const redaction = redactAuditChain(this.auditChain(), person);
    for (const event of redaction.events) {
      this.db
        .update(auditEvents)
        .set({
          actorId: event.actor_id ?? "",
          target: event.target,
          details: JSON.stringify(event.details),
          prevHash: event.prev_hash,
          hash: event.hash,
        })
        .where(and(eq(auditEvents.id, event.id), sql`${auditEvents.hash} != ${event.hash}`))
        .run();
    }
    const changed =
      member !== undefined ||
      ids.length > 0 ||
      [sent, vouched, nominations, mail].some((rows) => rows.length > 0) ||
      redaction.changed > 0;
    if (changed) {
      this.audit(
        pseudonym,
        "member_purged",
        pseudonym,
        { events_redacted: redaction.changed, head_before: redaction.headBefore },
        at,
      );
    }
    return changed;
  }

  /** Whether any row still names the person (their id, or their email in any case): purge is done here when none. */
  stillNames(person: Pick<ForgottenPerson, "userId" | "emails">): boolean {
    const is = (column: AnySQLiteColumn) => isPerson(column, person);
    const checks = [
      this.db
        .select({ n: count() })
        .from(members)
        .where(or(is(members.userId), is(members.email), is(members.invitedBy))),
      this.db
        .select({ n: count() })
        .from(invitations)
        .where(or(is(invitations.email), is(invitations.invitedBy))),
      this.db
        .select({ n: count() })
        .from(ownershipNomination)
        .where(or(is(ownershipNomination.nomineeId), is(ownershipNomination.nominatedBy))),
      this.db
        .select({ n: count() })
        .from(auditEvents)
        .where(or(is(auditEvents.actorId), is(auditEvents.target), jsonNamesPerson(auditEvents.details, person))),
      this.db.select({ n: count() }).from(outbox).where(jsonNamesPerson(outbox.payload, person)),
    ];
    return checks.some((query) => (query.get()?.n ?? 0) > 0);
  }

  /** The queued rows that name the person (index entries of their membership, mail to them), oldest first. */
  outboxRowsNaming(person: Pick<ForgottenPerson, "userId" | "emails">): OutboxRow[] {
    return this.db.select().from(outbox).where(jsonNamesPerson(outbox.payload, person)).orderBy(asc(outbox.seq)).all();
  }

  /** The other members, for the sole-owner rule of account deletion: are they the only owner while others remain? */
  soleOwnership(userId: string): { memberCount: number } | null {
    const row = this.live();
    if (!row || this.member(userId)?.role !== "owner" || this.ownerCount() !== 1) return null;
    const memberCount = this.memberCount();
    return memberCount > 1 ? { memberCount } : null;
  }
}
