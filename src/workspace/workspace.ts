/**
 * The Workspace Durable Object: the single source of truth for one workspace's members, invitations
 * and audit log. Every rule is decided here (by roles.ts), one request at a time, and every check and
 * its write happen in one synchronous storage transaction with no await in between, so no two
 * requests can race a rule such as "at least one owner". Changes that must reach the outside (the D1
 * directory, invitation mail) are written to the outbox in the same transaction and delivered after.
 */
import { DurableObject } from "cloudflare:workers";
import { and, asc, count, desc, eq, gt, gte, lt, or } from "drizzle-orm";
import type { DrizzleD1Database } from "drizzle-orm/d1";
import { type DrizzleSqliteDODatabase, drizzle } from "drizzle-orm/durable-sqlite";
import { migrate } from "drizzle-orm/durable-sqlite/migrator";
import type { AnySQLiteColumn } from "drizzle-orm/sqlite-core";
import { newId } from "../lib/ids";
import type { Mailer } from "../mail/mailer";
import { invitationMail } from "../mail/templates";
import { servicesOf } from "../services";
import { chainAuditEvent, GENESIS_HASH, type JsonValue, verifyAuditChain } from "./audit";
import { applyDirectoryChange, type DirectoryChange } from "./directory";
import {
  canAcceptInvitation,
  type InvitationStatus,
  invitationExpiresAt,
  invitationProblemCode,
  invitationStatus,
  invitationTokenHash,
  MAX_PENDING_INVITATIONS,
  newInvitationToken,
} from "./invitations";
import migrations from "./migrations/migrations.js";
import { fail, ok, type Result } from "./result";
import { decide, permissionsOf, type Role } from "./roles";
import * as schema from "./schema";
import {
  decodeCursor,
  encodeCursor,
  type InvitationRow,
  invitationView,
  type MemberRow,
  memberView,
  type Person,
} from "./views";

const { auditEvents, invitations, members, outbox, ownershipNomination, workspace } = schema;

type OutboxMessage =
  | DirectoryChange
  | { kind: "mail"; to: string; subject: string; text: string; html: string; idempotencyKey: string };

/** Rows delivered per outbox pass; retries back off from one second to five minutes. */
const OUTBOX_BATCH_ROWS = 50;
const RETRY_BASE_MS = 1_000;
const RETRY_MAX_MS = 5 * 60_000;

export interface MemberQuery {
  q?: string;
  role?: Role;
  limit: number;
  cursor?: string;
}

export class Workspace extends DurableObject<Env> {
  private readonly db: DrizzleSqliteDODatabase<typeof schema>;
  /** The D1 directory the outbox feeds (a fault-injection test swaps it). */
  private directoryDb: DrizzleD1Database;
  private readonly mailer: Mailer;
  private delivery: Promise<void> | null = null;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.db = drizzle(ctx.storage, { schema });
    const services = servicesOf(env);
    this.directoryDb = services.db;
    this.mailer = services.mailer;
    // Migrate before the first request is delivered: nothing sees an old schema.
    ctx.blockConcurrencyWhile(async () => {
      migrate(this.db, migrations);
    });
  }

  // ---- reads -------------------------------------------------------------------------------------

  private live() {
    const row = this.db.select().from(workspace).get();
    return row && !row.deletedAt ? row : undefined;
  }

  private member(userId: string): MemberRow | undefined {
    return this.db.select().from(members).where(eq(members.userId, userId)).get();
  }

  /** The caller's role, or null for a non-member or a deleted workspace (both look like "not found"). */
  private roleOf(userId: string): Role | null {
    if (!this.live()) return null;
    return this.member(userId)?.role ?? null;
  }

  private ownerCount(): number {
    return this.db.select({ n: count() }).from(members).where(eq(members.role, "owner")).get()?.n ?? 0;
  }

  private memberCount(): number {
    return this.db.select({ n: count() }).from(members).get()?.n ?? 0;
  }

  // ---- writes --------------------------------------------------------------------------------------

  private audit(actorId: string, action: string, target: string | null, details: JsonValue, at: string) {
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

  private enqueue(message: OutboxMessage, at: string) {
    this.db
      .insert(outbox)
      .values({ kind: message.kind, payload: JSON.stringify(message), createdAt: at })
      .run();
  }

  /**
   * Runs a check-and-write atomically (a refused change writes nothing), then, outside the
   * transaction, arms the alarm and tries the outbox at once so the directory is usually current
   * when the call returns. A failed delivery does not fail the change: the alarm retries it.
   */
  private async run<T>(change: () => Result<T>): Promise<Result<T>> {
    let result: Result<T>;
    try {
      result = this.ctx.storage.transactionSync(() => {
        const outcome = change();
        if (!outcome.ok) throw new RefusedChange(outcome);
        return outcome;
      });
    } catch (error) {
      if (error instanceof RefusedChange) return error.result as Result<T>;
      throw error;
    }
    if (this.db.select({ n: count() }).from(outbox).get()?.n) {
      await this.ctx.storage.setAlarm(Date.now());
      await this.flushOutbox().catch(() => {});
    }
    return result;
  }

  // ---- workspace ---------------------------------------------------------------------------------

  async create(input: { id: string; name: string; owner: Person }) {
    return this.run(() => {
      if (this.db.select().from(workspace).get()) return fail("conflict", "The workspace already exists.");
      const at = new Date().toISOString();
      this.db.insert(workspace).values({ id: input.id, name: input.name, createdAt: at }).run();
      this.addMember(input.owner, "owner", null, at);
      this.audit(input.owner.userId, "workspace_created", input.id, { name: input.name }, at);
      this.enqueue({ kind: "workspace_upsert", workspaceId: input.id, name: input.name, createdAt: at }, at);
      return ok({ id: input.id, name: input.name, created_at: at, role: "owner" as Role });
    });
  }

  private addMember(person: Person, role: Role, invitedBy: string | null, at: string) {
    const id = this.db.select({ id: workspace.id }).from(workspace).get()?.id ?? "";
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
    this.enqueue({ kind: "membership_upsert", workspaceId: id, userId: person.userId, role, joinedAt: at }, at);
  }

  async canView(userId: string): Promise<boolean> {
    return permissionsOf(this.roleOf(userId)).can_view;
  }

  async canEdit(userId: string): Promise<boolean> {
    return permissionsOf(this.roleOf(userId)).can_edit;
  }

  async permissions(userId: string) {
    const role = this.roleOf(userId);
    return role ? ok(permissionsOf(role)) : fail("not_found");
  }

  async summary(userId: string) {
    const role = this.roleOf(userId);
    const row = this.live();
    if (!role || !row) return fail("not_found");
    return ok({ id: row.id, name: row.name, created_at: row.createdAt, role, member_count: this.memberCount() });
  }

  async rename(actorId: string, name: string) {
    return this.run(() => {
      const decision = decide({ action: "rename", actor: this.roleOf(actorId) });
      if (!decision.allowed) return fail(decision.code);
      const row = this.live();
      if (!row) return fail("not_found");
      const at = new Date().toISOString();
      this.db.update(workspace).set({ name }).where(eq(workspace.id, row.id)).run();
      this.audit(actorId, "workspace_renamed", row.id, { from: row.name, to: name }, at);
      this.enqueue({ kind: "workspace_upsert", workspaceId: row.id, name, createdAt: row.createdAt }, at);
      return ok({
        id: row.id,
        name,
        created_at: row.createdAt,
        role: "owner" as Role,
        member_count: this.memberCount(),
      });
    });
  }

  async deleteWorkspace(actorId: string) {
    return this.run(() => {
      const decision = decide({ action: "delete_workspace", actor: this.roleOf(actorId) });
      if (!decision.allowed) return fail(decision.code);
      const row = this.live();
      if (!row) return fail("not_found");
      const at = new Date().toISOString();
      this.db.update(workspace).set({ deletedAt: at }).where(eq(workspace.id, row.id)).run();
      this.db
        .update(invitations)
        .set({ status: "revoked", resolvedAt: at })
        .where(eq(invitations.status, "pending"))
        .run();
      this.db.delete(ownershipNomination).run();
      this.audit(actorId, "workspace_deleted", row.id, { name: row.name }, at);
      this.enqueue({ kind: "workspace_delete", workspaceId: row.id }, at);
      return ok(null);
    });
  }

  // ---- members -----------------------------------------------------------------------------------

  async listMembers(actorId: string, query: MemberQuery) {
    if (!this.roleOf(actorId)) return fail("not_found");
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

  async changeRole(actorId: string, targetId: string, newRole: Role) {
    return this.run(() => {
      const target = this.member(targetId);
      const decision = decide({
        action: "change_role",
        actor: this.roleOf(actorId),
        target: target?.role ?? null,
        newRole,
        ownerCount: this.ownerCount(),
      });
      if (!decision.allowed || !target) return fail(decision.allowed ? "not_found" : decision.code);
      if (target.role === newRole) return ok(memberView(target));
      const at = new Date().toISOString();
      this.db.update(members).set({ role: newRole }).where(eq(members.userId, targetId)).run();
      this.audit(actorId, "role_changed", targetId, { from: target.role, to: newRole }, at);
      this.enqueue(
        {
          kind: "membership_upsert",
          workspaceId: this.id(),
          userId: targetId,
          role: newRole,
          joinedAt: target.joinedAt,
        },
        at,
      );
      return ok(memberView({ ...target, role: newRole }));
    });
  }

  async removeMember(actorId: string, targetId: string) {
    return this.run(() => {
      const actor = this.roleOf(actorId);
      const target = this.member(targetId);
      const isSelf = actorId === targetId;
      const decision = decide({
        action: "remove_member",
        actor,
        target: actor === null ? null : (target?.role ?? null),
        isSelf: isSelf && actor !== null,
        ownerCount: this.ownerCount(),
      });
      if (!decision.allowed || !target) return fail(decision.allowed ? "not_found" : decision.code);
      const at = new Date().toISOString();
      this.db.delete(members).where(eq(members.userId, targetId)).run();
      this.db.delete(ownershipNomination).where(eq(ownershipNomination.nomineeId, targetId)).run();
      this.audit(actorId, isSelf ? "member_left" : "member_removed", targetId, { role: target.role }, at);
      this.enqueue({ kind: "membership_delete", workspaceId: this.id(), userId: targetId }, at);
      return ok(null);
    });
  }

  private id(): string {
    return this.db.select({ id: workspace.id }).from(workspace).get()?.id ?? "";
  }

  // ---- invitations -------------------------------------------------------------------------------

  private pendingInvitationFor(email: string): InvitationRow | undefined {
    return this.db
      .select()
      .from(invitations)
      .where(and(eq(invitations.status, "pending"), eq(invitations.email, email)))
      .get();
  }

  private invitationMessage(row: InvitationRow, token: string, origin: string, inviter: MemberRow, at: string) {
    const workspaceName = this.live()?.name ?? "";
    const inviterName = [inviter.firstName, inviter.lastName].filter(Boolean).join(" ") || inviter.email;
    const content = invitationMail({
      workspaceName,
      inviterName,
      role: row.role,
      link: `${origin}/invite/${token}`,
      expiresAt: row.expiresAt,
    });
    // The token rides in the outbox row only until the mail is sent; the row is then deleted.
    this.enqueue({ kind: "mail", to: row.email, ...content, idempotencyKey: `invitation:${row.tokenHash}` }, at);
  }

  async invite(actorId: string, input: { email: string; role: Role; origin: string }) {
    return this.run(() => {
      const inviteeIsMember =
        this.db.select({ id: members.userId }).from(members).where(eq(members.email, input.email)).get() !== undefined;
      const decision = decide({ action: "invite", actor: this.roleOf(actorId), role: input.role, inviteeIsMember });
      if (!decision.allowed) return fail(decision.code);
      const replaced = this.pendingInvitationFor(input.email);
      const pending =
        this.db.select({ n: count() }).from(invitations).where(eq(invitations.status, "pending")).get()?.n ?? 0;
      if (!replaced && pending >= MAX_PENDING_INVITATIONS) {
        return fail("conflict", `A workspace may have at most ${MAX_PENDING_INVITATIONS} pending invitations.`);
      }
      const at = new Date().toISOString();
      if (replaced) {
        this.db
          .update(invitations)
          .set({ status: "replaced", resolvedAt: at })
          .where(eq(invitations.id, replaced.id))
          .run();
      }
      const token = `${this.id()}.${newInvitationToken()}`;
      const row: InvitationRow = {
        id: newId("inv"),
        email: input.email,
        role: input.role,
        tokenHash: invitationTokenHash(token),
        status: "pending",
        expiresAt: invitationExpiresAt(new Date(at)),
        invitedBy: actorId,
        createdAt: at,
        resolvedAt: null,
      };
      this.db.insert(invitations).values(row).run();
      this.audit(
        actorId,
        "invitation_created",
        row.id,
        { email: row.email, role: row.role, replaced: replaced?.id ?? null },
        at,
      );
      const inviter = this.member(actorId);
      if (inviter) this.invitationMessage(row, token, input.origin, inviter, at);
      return ok(invitationView(row, new Date(at)));
    });
  }

  async listInvitations(actorId: string, query: { limit: number; cursor?: string }) {
    const decision = decide({ action: "list_invitations", actor: this.roleOf(actorId) });
    if (!decision.allowed) return fail(decision.code);
    const cursor = decodeCursor<{ c: string; i: string }>(query.cursor, ["c", "i"]);
    if (cursor === "invalid") return fail("validation_failed", "The cursor is not valid.");
    const rows = this.db
      .select()
      .from(invitations)
      .where(
        and(
          eq(invitations.status, "pending"),
          cursor
            ? or(
                lt(invitations.createdAt, cursor.c),
                and(eq(invitations.createdAt, cursor.c), lt(invitations.id, cursor.i)),
              )
            : undefined,
        ),
      )
      .orderBy(desc(invitations.createdAt), desc(invitations.id))
      .limit(query.limit + 1)
      .all();
    const page = rows.slice(0, query.limit);
    const last = page.at(-1);
    const next = rows.length > query.limit && last ? encodeCursor({ c: last.createdAt, i: last.id }) : null;
    return ok({ invitations: page.map((row) => invitationView(row)), next_cursor: next });
  }

  private invitationById(id: string) {
    return this.db.select().from(invitations).where(eq(invitations.id, id)).get();
  }

  async revokeInvitation(actorId: string, invitationId: string) {
    return this.run(() => {
      const row = this.invitationById(invitationId);
      const usable =
        row &&
        invitationStatus({ status: row.status as InvitationStatus, expires_at: row.expiresAt }, new Date()) ===
          "pending";
      const decision = decide({
        action: "revoke_invitation",
        actor: this.roleOf(actorId),
        invitationRole: usable ? row.role : null,
      });
      if (!decision.allowed || !row) return fail(decision.allowed ? "not_found" : decision.code);
      const at = new Date().toISOString();
      this.db.update(invitations).set({ status: "revoked", resolvedAt: at }).where(eq(invitations.id, row.id)).run();
      this.audit(actorId, "invitation_revoked", row.id, { email: row.email, role: row.role }, at);
      return ok(null);
    });
  }

  async resendInvitation(actorId: string, invitationId: string, origin: string) {
    return this.run(() => {
      const row = this.invitationById(invitationId);
      // A pending invitation, expired or not, may be re-sent; a used, declined or revoked one may not.
      const resendable = row?.status === "pending";
      const decision = decide({
        action: "resend_invitation",
        actor: this.roleOf(actorId),
        invitationRole: resendable ? row.role : null,
      });
      if (!decision.allowed || !row) return fail(decision.allowed ? "not_found" : decision.code);
      const at = new Date().toISOString();
      const token = `${this.id()}.${newInvitationToken()}`;
      const updated: InvitationRow = {
        ...row,
        tokenHash: invitationTokenHash(token),
        expiresAt: invitationExpiresAt(new Date(at)),
      };
      this.db
        .update(invitations)
        .set({ tokenHash: updated.tokenHash, expiresAt: updated.expiresAt })
        .where(eq(invitations.id, row.id))
        .run();
      this.audit(actorId, "invitation_resent", row.id, { email: row.email, role: row.role }, at);
      const inviter = this.member(actorId);
      if (inviter) this.invitationMessage(updated, token, origin, inviter, at);
      return ok(invitationView(updated, new Date(at)));
    });
  }

  /** The invitation behind a link, checked for use: a gone or unusable link never reveals more than its status. */
  private usableInvitation(tokenHash: string): Result<InvitationRow> {
    if (!this.live()) return fail("not_found");
    const row = this.db.select().from(invitations).where(eq(invitations.tokenHash, tokenHash)).get();
    if (!row) return fail("not_found");
    const problem = invitationProblemCode(
      invitationStatus({ status: row.status as InvitationStatus, expires_at: row.expiresAt }, new Date()),
    );
    return problem ? fail(problem) : ok(row);
  }

  async invitationPreview(tokenHash: string) {
    const found = this.usableInvitation(tokenHash);
    if (!found.ok) return found;
    const row = found.value;
    const inviter = this.member(row.invitedBy);
    const current = this.live();
    return ok({
      workspace: { id: current?.id ?? "", name: current?.name ?? "" },
      role: row.role,
      email: row.email,
      invited_by: { first_name: inviter?.firstName ?? "", last_name: inviter?.lastName ?? "" },
      expires_at: row.expiresAt,
    });
  }

  async acceptInvitation(person: Person, tokenHash: string) {
    return this.run(() => {
      const found = this.usableInvitation(tokenHash);
      if (!found.ok) return found;
      const row = found.value;
      const check = canAcceptInvitation({
        invitedEmail: row.email,
        userEmail: person.email,
        userEmailVerified: person.emailVerified,
      });
      if (!check.ok) return fail(check.code);
      if (this.member(person.userId)) return fail("already_member");
      const at = new Date().toISOString();
      // Consumed in the same transaction as the membership: of parallel accepts exactly one finds it pending.
      this.db.update(invitations).set({ status: "accepted", resolvedAt: at }).where(eq(invitations.id, row.id)).run();
      this.addMember(person, row.role, row.invitedBy, at);
      this.audit(person.userId, "invitation_accepted", row.id, { email: row.email, role: row.role }, at);
      return ok({ workspace_id: this.id(), role: row.role });
    });
  }

  async declineInvitation(person: Person, tokenHash: string) {
    return this.run(() => {
      const found = this.usableInvitation(tokenHash);
      if (!found.ok) return found;
      const row = found.value;
      const check = canAcceptInvitation({
        invitedEmail: row.email,
        userEmail: person.email,
        userEmailVerified: person.emailVerified,
      });
      if (!check.ok) return fail(check.code);
      const at = new Date().toISOString();
      this.db.update(invitations).set({ status: "declined", resolvedAt: at }).where(eq(invitations.id, row.id)).run();
      this.audit(person.userId, "invitation_declined", row.id, { email: row.email }, at);
      return ok(null);
    });
  }

  // ---- ownership ---------------------------------------------------------------------------------

  async nominateOwner(actorId: string, nomineeId: string) {
    return this.run(() => {
      const decision = decide({
        action: "nominate_owner",
        actor: this.roleOf(actorId),
        target: this.member(nomineeId)?.role ?? null,
      });
      if (!decision.allowed) return fail(decision.code);
      const at = new Date().toISOString();
      this.db.delete(ownershipNomination).run();
      this.db.insert(ownershipNomination).values({ nomineeId, nominatedBy: actorId, nominatedAt: at }).run();
      this.audit(actorId, "ownership_nominated", nomineeId, {}, at);
      return ok({ user_id: nomineeId, nominated_by: actorId, nominated_at: at });
    });
  }

  async acceptOwnership(actorId: string) {
    return this.run(() => {
      const nomination = this.db.select().from(ownershipNomination).get();
      const decision = decide({
        action: "accept_ownership",
        actor: this.roleOf(actorId),
        isNominee: nomination?.nomineeId === actorId,
      });
      if (!decision.allowed || !nomination) return fail(decision.allowed ? "not_found" : decision.code);
      const at = new Date().toISOString();
      const nominee = this.member(actorId);
      const nominator = this.member(nomination.nominatedBy);
      // One transaction: the nominee is owner before the nominator steps down, never zero owners.
      this.db.update(members).set({ role: "owner" }).where(eq(members.userId, actorId)).run();
      if (nominee) {
        this.enqueue(
          {
            kind: "membership_upsert",
            workspaceId: this.id(),
            userId: actorId,
            role: "owner",
            joinedAt: nominee.joinedAt,
          },
          at,
        );
      }
      if (nominator?.role === "owner") {
        this.db.update(members).set({ role: "editor" }).where(eq(members.userId, nominator.userId)).run();
        this.enqueue(
          {
            kind: "membership_upsert",
            workspaceId: this.id(),
            userId: nominator.userId,
            role: "editor",
            joinedAt: nominator.joinedAt,
          },
          at,
        );
      }
      this.db.delete(ownershipNomination).run();
      this.audit(actorId, "ownership_transferred", actorId, { from: nomination.nominatedBy }, at);
      return ok({ workspace_id: this.id(), role: "owner" as Role });
    });
  }

  // ---- audit -------------------------------------------------------------------------------------

  async auditLog(actorId: string, query: { limit: number; cursor?: string }) {
    const decision = decide({ action: "read_audit", actor: this.roleOf(actorId) });
    if (!decision.allowed) return fail(decision.code);
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
      events: page.map((row) => ({
        id: row.id,
        at: row.at,
        actor_id: row.actorId,
        action: row.action,
        target: row.target,
        // Typed loosely on purpose: a recursive JSON type through RPC typing is too deep for the compiler.
        details: JSON.parse(row.details) as Record<string, unknown>,
        prev_hash: row.prevHash,
        hash: row.hash,
      })),
      next_cursor: rows.length > query.limit && last ? encodeCursor({ s: last.seq }) : null,
    });
  }

  async verifyAudit(actorId: string) {
    const decision = decide({ action: "verify_audit", actor: this.roleOf(actorId) });
    if (!decision.allowed) return fail(decision.code);
    const rows = this.db.select().from(auditEvents).orderBy(asc(auditEvents.seq)).all();
    const verdict = verifyAuditChain(
      rows.map((row) => ({
        id: row.id,
        at: row.at,
        actor_id: row.actorId,
        action: row.action,
        target: row.target,
        details: JSON.parse(row.details) as JsonValue,
        prev_hash: row.prevHash,
        hash: row.hash,
      })),
    );
    return ok({ valid: verdict.valid, events_checked: verdict.events_checked });
  }

  // ---- outbox ------------------------------------------------------------------------------------

  /** Delivers what the outbox holds, in order. One delivery at a time per object; callers share it. */
  flushOutbox(): Promise<void> {
    if (!this.delivery) {
      this.delivery = this.deliverAll().finally(() => {
        this.delivery = null;
      });
    }
    return this.delivery;
  }

  private async deliverAll(): Promise<void> {
    for (;;) {
      const batch = this.db.select().from(outbox).orderBy(asc(outbox.seq)).limit(OUTBOX_BATCH_ROWS).all();
      if (batch.length === 0) return;
      for (const row of batch) {
        const message = JSON.parse(row.payload) as OutboxMessage;
        try {
          if (message.kind === "mail") {
            const { to, subject, text, html, idempotencyKey } = message;
            await this.mailer.send({ to, subject, text, html, idempotencyKey });
          } else {
            await applyDirectoryChange(this.directoryDb, message, row.seq);
          }
        } catch (error) {
          // Keep the row and stop: later rows must not overtake it. The alarm retries with backoff.
          const attempts = row.attempts + 1;
          this.db
            .update(outbox)
            .set({ attempts, lastError: String(error).slice(0, 500) })
            .where(eq(outbox.seq, row.seq))
            .run();
          await this.ctx.storage.setAlarm(Date.now() + Math.min(RETRY_BASE_MS * 2 ** (attempts - 1), RETRY_MAX_MS));
          throw error;
        }
        this.db.delete(outbox).where(eq(outbox.seq, row.seq)).run();
      }
    }
  }

  /** Alarms run at least once; delivering an empty or already-delivered outbox changes nothing. */
  override async alarm(): Promise<void> {
    await this.delivery?.catch(() => {});
    await this.flushOutbox().catch(() => {});
  }

  /** Rows not yet delivered (for tests and operators). */
  async pendingOutbox(): Promise<number> {
    return this.db.select({ n: count() }).from(outbox).get()?.n ?? 0;
  }
}

/** Thrown inside a transaction to roll back a refused change and carry its answer out. */
class RefusedChange extends Error {
  constructor(readonly result: Result<unknown>) {
    super("refused");
  }
}
