/**
 * The Workspace Durable Object: the single source of truth for one workspace's members, invitations
 * and audit log. Every rule is decided by roles.ts, here, one request at a time; every check and its
 * writes run in one synchronous storage transaction with no await in between, so no two requests can
 * race a rule such as "at least one owner". What must reach the outside goes through the outbox.
 */
import { DurableObject } from "cloudflare:workers";
import { eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/durable-sqlite";
import { migrate } from "drizzle-orm/durable-sqlite/migrator";
import { newId } from "../lib/ids";
import { invitationMail } from "../mail/templates";
import { servicesOf } from "../services";
import {
  canAcceptInvitation,
  type InvitationStatus,
  invitationExpiresAt,
  invitationStatus,
  invitationTokenHash,
  MAX_PENDING_INVITATIONS,
  newInvitationToken,
} from "./invitations";
import migrations from "./migrations/migrations.js";
import { OutboxDelivery } from "./outbox";
import { fail, ok, type Result } from "./result";
import { decide, permissionsOf, type Role } from "./roles";
import * as schema from "./schema";
import { type MemberQuery, WorkspaceStore } from "./store";
import { type InvitationRow, invitationView, type MemberRow, memberView, type Person } from "./views";

export type { MemberQuery } from "./store";

const { invitations, ownershipNomination, workspace } = schema;

/** Thrown inside a transaction to roll back a refused change and carry its answer out. */
class RefusedChange extends Error {
  constructor(readonly result: Result<never>) {
    super("refused");
  }
}

export class Workspace extends DurableObject<Env> {
  private readonly store: WorkspaceStore;
  private readonly delivery: OutboxDelivery;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    const db = drizzle(ctx.storage, { schema });
    const services = servicesOf(env);
    this.delivery = new OutboxDelivery(db, ctx.storage, services.db, services.mailer);
    this.store = new WorkspaceStore(db, this.delivery);
    // Migrate before the first request is delivered: nothing sees an old schema.
    ctx.blockConcurrencyWhile(async () => {
      migrate(db, migrations);
    });
  }

  private get db() {
    return this.store.db;
  }

  /**
   * Runs a check-and-write atomically (a refused change writes nothing), then, outside the
   * transaction, arms the alarm and delivers the outbox at once, so the directory is usually current
   * when the call returns. A failed delivery does not fail the change: the alarm retries it.
   */
  private async change<T>(body: (at: string) => Result<T>): Promise<Result<T>> {
    let result: Result<T>;
    try {
      result = this.ctx.storage.transactionSync(() => {
        const outcome = body(new Date().toISOString());
        if (!outcome.ok) throw new RefusedChange(outcome as Result<never>);
        return outcome;
      });
    } catch (error) {
      if (error instanceof RefusedChange) return error.result;
      throw error;
    }
    if (!this.delivery.isEmpty()) {
      await this.ctx.storage.setAlarm(Date.now());
      await this.delivery.flush().catch(() => {});
    }
    return result;
  }

  /** Alarms run at least once; delivering an empty or already-delivered outbox changes nothing. */
  override async alarm(): Promise<void> {
    await this.delivery.drain();
  }

  // ---- the workspace -----------------------------------------------------------------------------

  async create(input: { id: string; name: string; owner: Person }) {
    return this.change((at) => {
      if (this.store.exists()) return fail("conflict", "The workspace already exists.");
      this.db.insert(workspace).values({ id: input.id, name: input.name, createdAt: at }).run();
      this.delivery.enqueue({ kind: "workspace_upsert", workspaceId: input.id, name: input.name, createdAt: at }, at);
      this.store.addMember(input.owner, "owner", null, at);
      this.store.audit(input.owner.userId, "workspace_created", input.id, { name: input.name }, at);
      return ok({ id: input.id, name: input.name, created_at: at, role: "owner" as Role });
    });
  }

  async canView(userId: string): Promise<boolean> {
    return permissionsOf(this.store.roleOf(userId)).can_view;
  }

  async canEdit(userId: string): Promise<boolean> {
    return permissionsOf(this.store.roleOf(userId)).can_edit;
  }

  async permissions(userId: string) {
    const role = this.store.roleOf(userId);
    return role ? ok(permissionsOf(role)) : fail("not_found");
  }

  async summary(userId: string) {
    const role = this.store.roleOf(userId);
    const row = this.store.live();
    if (!role || !row) return fail("not_found");
    return ok({ id: row.id, name: row.name, created_at: row.createdAt, role, member_count: this.store.memberCount() });
  }

  async rename(actorId: string, name: string) {
    return this.change((at) => {
      const decision = decide({ action: "rename", actor: this.store.roleOf(actorId) });
      const row = this.store.live();
      if (!decision.allowed || !row) return fail(decision.allowed ? "not_found" : decision.code);
      this.db.update(workspace).set({ name }).where(eq(workspace.id, row.id)).run();
      this.store.audit(actorId, "workspace_renamed", row.id, { from: row.name, to: name }, at);
      this.delivery.enqueue({ kind: "workspace_upsert", workspaceId: row.id, name, createdAt: row.createdAt }, at);
      const role: Role = "owner";
      return ok({ id: row.id, name, created_at: row.createdAt, role, member_count: this.store.memberCount() });
    });
  }

  async delete(actorId: string) {
    return this.change((at) => {
      const decision = decide({ action: "delete_workspace", actor: this.store.roleOf(actorId) });
      const row = this.store.live();
      if (!decision.allowed || !row) return fail(decision.allowed ? "not_found" : decision.code);
      this.db.update(workspace).set({ deletedAt: at }).where(eq(workspace.id, row.id)).run();
      this.db
        .update(invitations)
        .set({ status: "revoked", resolvedAt: at })
        .where(eq(invitations.status, "pending"))
        .run();
      this.db.delete(ownershipNomination).run();
      this.store.audit(actorId, "workspace_deleted", row.id, { name: row.name }, at);
      this.delivery.enqueue({ kind: "workspace_delete", workspaceId: row.id }, at);
      return ok(null);
    });
  }

  // ---- members -----------------------------------------------------------------------------------

  async listMembers(actorId: string, query: MemberQuery) {
    if (!this.store.roleOf(actorId)) return fail("not_found");
    return this.store.memberPage(query);
  }

  async changeRole(actorId: string, targetId: string, newRole: Role) {
    return this.change((at) => {
      const target = this.store.member(targetId);
      const decision = decide({
        action: "change_role",
        actor: this.store.roleOf(actorId),
        target: target?.role ?? null,
        newRole,
        ownerCount: this.store.ownerCount(),
      });
      if (!decision.allowed || !target) return fail(decision.allowed ? "not_found" : decision.code);
      if (target.role === newRole) return ok(memberView(target));
      this.store.setRole(target, newRole, at);
      this.store.audit(actorId, "role_changed", targetId, { from: target.role, to: newRole }, at);
      return ok(memberView({ ...target, role: newRole }));
    });
  }

  async removeMember(actorId: string, targetId: string) {
    return this.change((at) => {
      const actor = this.store.roleOf(actorId);
      const target = this.store.member(targetId);
      const isSelf = actorId === targetId && actor !== null;
      const decision = decide({
        action: "remove_member",
        actor,
        target: actor === null ? null : (target?.role ?? null),
        isSelf,
        ownerCount: this.store.ownerCount(),
      });
      if (!decision.allowed || !target) return fail(decision.allowed ? "not_found" : decision.code);
      this.store.removeMember(targetId, at);
      this.db.delete(ownershipNomination).where(eq(ownershipNomination.nomineeId, targetId)).run();
      this.store.audit(actorId, isSelf ? "member_left" : "member_removed", targetId, { role: target.role }, at);
      return ok(null);
    });
  }

  // ---- invitations -------------------------------------------------------------------------------

  /** Queues the invitation mail. The token rides in the outbox row only until the mail is sent. */
  private mailInvitation(row: InvitationRow, token: string, origin: string, inviter: MemberRow | undefined) {
    const inviterName = [inviter?.firstName, inviter?.lastName].filter(Boolean).join(" ") || (inviter?.email ?? "");
    const content = invitationMail({
      workspaceName: this.store.live()?.name ?? "",
      inviterName,
      role: row.role,
      link: `${origin}/invite/${token}`,
      expiresAt: row.expiresAt,
    });
    const message = { kind: "mail" as const, to: row.email, ...content, idempotencyKey: `invitation:${row.tokenHash}` };
    this.delivery.enqueue(message, row.createdAt);
  }

  /** A new link: `<workspace id>.<secret>`, so the route can find this object from the token alone. */
  private newLink(at: string) {
    const token = `${this.store.id()}.${newInvitationToken()}`;
    return { token, tokenHash: invitationTokenHash(token), expiresAt: invitationExpiresAt(new Date(at)) };
  }

  async invite(actorId: string, input: { email: string; role: Role; origin: string }) {
    return this.change((at) => {
      const decision = decide({
        action: "invite",
        actor: this.store.roleOf(actorId),
        role: input.role,
        inviteeIsMember: this.store.isMemberEmail(input.email),
      });
      if (!decision.allowed) return fail(decision.code);
      const replaced = this.store.pendingInvitationFor(input.email);
      if (!replaced && this.store.pendingInvitationCount() >= MAX_PENDING_INVITATIONS) {
        return fail("conflict", `A workspace may have at most ${MAX_PENDING_INVITATIONS} pending invitations.`);
      }
      if (replaced) {
        this.db
          .update(invitations)
          .set({ status: "replaced", resolvedAt: at })
          .where(eq(invitations.id, replaced.id))
          .run();
      }
      const { token, tokenHash, expiresAt } = this.newLink(at);
      const row: InvitationRow = {
        id: newId("inv"),
        email: input.email,
        role: input.role,
        tokenHash,
        status: "pending",
        expiresAt,
        invitedBy: actorId,
        createdAt: at,
        resolvedAt: null,
      };
      this.db.insert(invitations).values(row).run();
      const details = { email: row.email, role: row.role, replaced: replaced?.id ?? null };
      this.store.audit(actorId, "invitation_created", row.id, details, at);
      this.mailInvitation(row, token, input.origin, this.store.member(actorId));
      return ok(invitationView(row, new Date(at)));
    });
  }

  async listInvitations(actorId: string, query: { limit: number; cursor?: string }) {
    const decision = decide({ action: "list_invitations", actor: this.store.roleOf(actorId) });
    if (!decision.allowed) return fail(decision.code);
    const page = this.store.pendingInvitationPage(query);
    if (!page.ok) return page;
    return ok({ invitations: page.value.rows.map((row) => invitationView(row)), next_cursor: page.value.next_cursor });
  }

  async revokeInvitation(actorId: string, invitationId: string) {
    return this.change((at) => {
      const row = this.store.invitationById(invitationId);
      // Only a live invitation can be revoked; a used, revoked or expired one is simply not found.
      const live =
        row &&
        invitationStatus({ status: row.status as InvitationStatus, expires_at: row.expiresAt }, new Date(at)) ===
          "pending";
      const decision = decide({
        action: "revoke_invitation",
        actor: this.store.roleOf(actorId),
        invitationRole: live ? row.role : null,
      });
      if (!decision.allowed || !row) return fail(decision.allowed ? "not_found" : decision.code);
      this.db.update(invitations).set({ status: "revoked", resolvedAt: at }).where(eq(invitations.id, row.id)).run();
      this.store.audit(actorId, "invitation_revoked", row.id, { email: row.email, role: row.role }, at);
      return ok(null);
    });
  }

  async resendInvitation(actorId: string, invitationId: string, origin: string) {
    return this.change((at) => {
      const row = this.store.invitationById(invitationId);
      // A pending invitation, expired or not, may be re-sent; a used, declined or revoked one may not.
      const decision = decide({
        action: "resend_invitation",
        actor: this.store.roleOf(actorId),
        invitationRole: row?.status === "pending" ? row.role : null,
      });
      if (!decision.allowed || !row) return fail(decision.allowed ? "not_found" : decision.code);
      const { token, tokenHash, expiresAt } = this.newLink(at);
      const updated: InvitationRow = { ...row, tokenHash, expiresAt };
      this.db.update(invitations).set({ tokenHash, expiresAt }).where(eq(invitations.id, row.id)).run();
      this.store.audit(actorId, "invitation_resent", row.id, { email: row.email, role: row.role }, at);
      this.mailInvitation({ ...updated, createdAt: at }, token, origin, this.store.member(actorId));
      return ok(invitationView(updated, new Date(at)));
    });
  }

  async invitationPreview(tokenHash: string) {
    const found = this.store.usableInvitation(tokenHash);
    if (!found.ok) return found;
    const row = found.value;
    const inviter = this.store.member(row.invitedBy);
    const current = this.store.live();
    return ok({
      workspace: { id: current?.id ?? "", name: current?.name ?? "" },
      role: row.role,
      email: row.email,
      invited_by: { first_name: inviter?.firstName ?? "", last_name: inviter?.lastName ?? "" },
      expires_at: row.expiresAt,
    });
  }

  /** The invitation a person may act on: usable, and addressed to their verified email. */
  private invitationFor(person: Person, tokenHash: string): Result<InvitationRow> {
    const found = this.store.usableInvitation(tokenHash);
    if (!found.ok) return found;
    const check = canAcceptInvitation({
      invitedEmail: found.value.email,
      userEmail: person.email,
      userEmailVerified: person.emailVerified,
    });
    return check.ok ? found : fail(check.code);
  }

  async acceptInvitation(person: Person, tokenHash: string) {
    return this.change((at) => {
      const found = this.invitationFor(person, tokenHash);
      if (!found.ok) return found;
      const row = found.value;
      if (this.store.member(person.userId)) return fail("already_member");
      // Consumed in the same transaction as the membership: of parallel accepts exactly one finds it pending.
      this.db.update(invitations).set({ status: "accepted", resolvedAt: at }).where(eq(invitations.id, row.id)).run();
      this.store.addMember(person, row.role, row.invitedBy, at);
      this.store.audit(person.userId, "invitation_accepted", row.id, { email: row.email, role: row.role }, at);
      return ok({ workspace_id: this.store.id(), role: row.role });
    });
  }

  async declineInvitation(person: Person, tokenHash: string) {
    return this.change((at) => {
      const found = this.invitationFor(person, tokenHash);
      if (!found.ok) return found;
      this.db
        .update(invitations)
        .set({ status: "declined", resolvedAt: at })
        .where(eq(invitations.id, found.value.id))
        .run();
      this.store.audit(person.userId, "invitation_declined", found.value.id, { email: found.value.email }, at);
      return ok(null);
    });
  }

  // ---- ownership ---------------------------------------------------------------------------------

  async nominateOwner(actorId: string, nomineeId: string) {
    return this.change((at) => {
      const decision = decide({
        action: "nominate_owner",
        actor: this.store.roleOf(actorId),
        target: this.store.member(nomineeId)?.role ?? null,
      });
      if (!decision.allowed) return fail(decision.code);
      this.db.delete(ownershipNomination).run();
      this.db.insert(ownershipNomination).values({ nomineeId, nominatedBy: actorId, nominatedAt: at }).run();
      this.store.audit(actorId, "ownership_nominated", nomineeId, {}, at);
      return ok({ user_id: nomineeId, nominated_by: actorId, nominated_at: at });
    });
  }

  async acceptOwnership(actorId: string) {
    return this.change((at) => {
      const nomination = this.db.select().from(ownershipNomination).get();
      const decision = decide({
        action: "accept_ownership",
        actor: this.store.roleOf(actorId),
        isNominee: nomination?.nomineeId === actorId,
      });
      const nominee = this.store.member(actorId);
      if (!decision.allowed || !nomination || !nominee) return fail(decision.allowed ? "not_found" : decision.code);
      const nominator = this.store.member(nomination.nominatedBy);
      // One transaction: the nominee is owner before the nominator steps down, never zero owners.
      this.store.setRole(nominee, "owner", at);
      if (nominator?.role === "owner") this.store.setRole(nominator, "editor", at);
      this.db.delete(ownershipNomination).run();
      this.store.audit(actorId, "ownership_transferred", actorId, { from: nomination.nominatedBy }, at);
      const role: Role = "owner";
      return ok({ workspace_id: this.store.id(), role });
    });
  }

  // ---- audit -------------------------------------------------------------------------------------

  async audit(actorId: string, query: { limit: number; cursor?: string }) {
    const decision = decide({ action: "read_audit", actor: this.store.roleOf(actorId) });
    return decision.allowed ? this.store.auditPage(query) : fail(decision.code);
  }

  async verifyAudit(actorId: string) {
    const decision = decide({ action: "verify_audit", actor: this.store.roleOf(actorId) });
    if (!decision.allowed) return fail(decision.code);
    const verdict = this.store.verifyAuditChain();
    return ok({ valid: verdict.valid, events_checked: verdict.events_checked });
  }
}
