/**
 * The Workspace Durable Object: the single source of truth for one workspace's members, invitations,
 * ownership nomination and audit log. Every rule, reads included, is decided by roles.ts (`decide`), here, one
 * request at a time; every check and its writes run in one synchronous storage transaction with no await in
 * between, so no two requests can race a rule such as "at least one owner". All writes go through store.ts;
 * what must reach the outside goes through the outbox (delivery.ts).
 */
import { DurableObject } from "cloudflare:workers";
import { drizzle } from "drizzle-orm/durable-sqlite";
import { migrate } from "drizzle-orm/durable-sqlite/migrator";
import { newId } from "../lib/ids";
import { servicesOf } from "../services";
import { OutboxDelivery } from "./delivery";
import { applyDirectoryChange, forgetWorkspaceInvolvements } from "./directory";
import type { ForgottenPerson } from "./forget";
import {
  canAcceptInvitation,
  invitationExpiresAt,
  invitationStatus,
  invitationTokenHash,
  MAX_PENDING_INVITATIONS,
  newInvitationToken,
} from "./invitations";
import { invitationMessage, nominationMessage } from "./messages";
import migrations from "./migrations/migrations.js";
import { nominationExpiresAt } from "./nominations";
import { personalDataView } from "./personal-data";
import { fail, ok, type Result } from "./result";
import {
  type Decision,
  type DenialCode,
  decide,
  type PendingNomination,
  permissionsOf,
  type Role,
  type SimpleAction,
} from "./roles";
import * as schema from "./schema";
import { type MemberQuery, type NominationRow, WorkspaceStore } from "./store";
import { type InvitationRow, invitationView, memberView, type Person } from "./views";

export type { MemberQuery } from "./store";

/** Thrown inside a transaction to roll back a refused change and carry its answer out. */
class RefusedChange extends Error {
  constructor(readonly result: Result<never>) {
    super("refused");
  }
}

const NO_SUCH_INVITATION = "No such invitation.";
const NOT_A_MEMBER = "That person is not a member of this workspace.";
const NO_PENDING_INVITATION = "This workspace has no such pending invitation.";
const NO_PENDING_TRANSFER = "No ownership transfer is pending.";

/** Sentences for people, by the code a refusal carries; codes without one get the route's default. */
type Sentences = Partial<Record<DenialCode, string>>;

export class Workspace extends DurableObject<Env> {
  private readonly store: WorkspaceStore;
  private readonly delivery: OutboxDelivery;
  private readonly db;
  /**
   * Whether this object holds a workspace's tables. Anyone can name an id (an invitation link is
   * `<workspace id>.<secret>`), so an object nobody created must answer "not found" without writing anything.
   */
  private created = false;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.db = drizzle(ctx.storage, { schema });
    const services = servicesOf(env);
    this.store = new WorkspaceStore(this.db);
    this.delivery = new OutboxDelivery(this.store, ctx.storage, services.db, services.mailer);
    // Before the first request is delivered, bring a created workspace's tables up to date (nothing sees an
    // old schema); an object that was never created has no tables, and reading sqlite_master writes nothing.
    ctx.blockConcurrencyWhile(async () => {
      const tables = ctx.storage.sql.exec("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'workspace'");
      this.created = tables.toArray().length > 0;
      if (this.created) migrate(this.db, migrations);
    });
  }

  /** A read of a workspace that exists; any other object answers `not_found` and stays empty. */
  private read<T>(body: () => Result<T>, absent?: string): Result<T> {
    return this.created ? body() : fail("not_found", absent);
  }

  /**
   * Runs a check-and-write atomically (a refused change writes nothing), then, outside the transaction, arms
   * the alarm and delivers the outbox at once, so the index is usually current and the mail sent when the call
   * returns. A failed delivery does not fail the change: the row is retried on its own schedule.
   */
  private async change<T>(body: (at: string) => Result<T>, absent?: string): Promise<Result<T>> {
    if (!this.created) return fail("not_found", absent);
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
    const nextAttemptAt = this.store.nextOutboxAttemptAt();
    if (nextAttemptAt !== null && nextAttemptAt <= Date.now()) {
      // Armed first, so the work survives an eviction during delivery; the pass then sets it right.
      await this.ctx.storage.setAlarm(Date.now());
      await this.delivery.flush().catch(() => {});
    }
    return result;
  }

  /** Alarms run at least once; delivering what is due, or nothing, is always safe. */
  override async alarm(): Promise<void> {
    if (this.created) await this.delivery.flush();
  }

  /**
   * The answer to a refused call, explained to a member. A non-member hears only the default "no such workspace",
   * never what is missing or in conflict inside it.
   */
  private refuse(actorId: string, decision: Decision, sentences: Sentences = {}): Result<never> {
    if (decision.allowed || this.store.roleOf(actorId) === null) return fail("not_found");
    return fail(decision.code, sentences[decision.code]);
  }

  /** The caller's role if `decide` lets them do `action`, else the refusal. */
  private permit(userId: string, action: SimpleAction): Result<Role> {
    const role = this.store.roleOf(userId);
    const decision = decide({ action, actor: role });
    if (!decision.allowed) return fail(decision.code);
    return role ? ok(role) : fail("not_found");
  }

  // ---- the workspace -----------------------------------------------------------------------------

  async create(input: { id: string; name: string; owner: Person }) {
    // The one place tables are made: creating is what turns an id into a workspace.
    if (!this.created) {
      migrate(this.db, migrations);
      this.created = true;
    }
    return this.change((at) => {
      if (this.store.exists()) return fail("conflict", "The workspace already exists.");
      this.store.createWorkspace(input, at);
      this.store.addMember(input.owner, "owner", null, at);
      this.store.audit(input.owner.userId, "workspace_created", input.id, { name: input.name }, at);
      return ok({ id: input.id, name: input.name, created_at: at, role: "owner" as Role });
    });
  }

  async permissions(userId: string) {
    return this.read(() => {
      const role = this.permit(userId, "view");
      return role.ok ? ok(permissionsOf(role.value)) : role;
    });
  }

  async summary(userId: string) {
    return this.read(() => {
      const role = this.permit(userId, "view");
      return role.ok ? ok(this.detail(userId, role.value)) : role;
    });
  }

  /** The workspace as its member `userId` sees it; the pending transfer only if `decide` lets them see it. */
  private detail(userId: string, role: Role) {
    const row = this.store.live();
    const pending = this.pendingNomination(userId, new Date());
    const seen = decide({ action: "see_pending_transfer", actor: role, nomination: pending?.context ?? null });
    return {
      id: row?.id ?? "",
      name: row?.name ?? "",
      created_at: row?.createdAt ?? "",
      role,
      member_count: this.store.memberCount(),
      pending_transfer:
        seen.allowed && pending
          ? {
              nominee_id: pending.row.nomineeId,
              nominated_by: pending.row.nominatedBy,
              expires_at: nominationExpiresAt(pending.row.nominatedAt),
            }
          : null,
    };
  }

  async rename(actorId: string, name: string) {
    return this.change((at) => {
      const role = this.permit(actorId, "rename");
      const row = this.store.live();
      if (!role.ok || !row) return role.ok ? fail("not_found") : role;
      this.store.renameWorkspace(name, at);
      this.store.audit(actorId, "workspace_renamed", row.id, { from: row.name, to: name }, at);
      return ok(this.detail(actorId, role.value));
    });
  }

  async delete(actorId: string) {
    return this.change((at) => {
      const role = this.permit(actorId, "delete_workspace");
      const row = this.store.live();
      if (!role.ok || !row) return role.ok ? fail("not_found") : role;
      this.store.audit(actorId, "workspace_deleted", row.id, { name: row.name }, at);
      this.store.deleteWorkspace(at);
      return ok(null);
    });
  }

  // ---- members -----------------------------------------------------------------------------------

  async listMembers(actorId: string, query: MemberQuery) {
    return this.read(() => {
      const role = this.permit(actorId, "view");
      return role.ok ? this.store.memberPage(query) : role;
    });
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
      if (!decision.allowed || !target) return this.refuse(actorId, decision, { not_found: NOT_A_MEMBER });
      const changed = { ...target, role: newRole };
      if (target.role === newRole) return ok(memberView(changed));
      this.store.audit(actorId, "role_changed", targetId, { from: target.role, to: newRole }, at);
      this.store.setRole(actorId, target, newRole, at);
      return ok(memberView(changed));
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
      if (!decision.allowed || !target) return this.refuse(actorId, decision, { not_found: NOT_A_MEMBER });
      this.store.audit(actorId, isSelf ? "member_left" : "member_removed", targetId, { role: target.role }, at);
      this.store.removeMember(actorId, targetId, at);
      return ok(null);
    });
  }

  // ---- invitations -------------------------------------------------------------------------------

  /** A new link: `<workspace id>.<secret>`, so the route can find this object from the token alone. */
  private newLink(at: string) {
    const token = `${this.store.id()}.${newInvitationToken()}`;
    return { token, tokenHash: invitationTokenHash(token), expiresAt: invitationExpiresAt(new Date(at)) };
  }

  async invite(actorId: string, input: { email: string; role: Role; origin: string }) {
    return this.change((at) => {
      const pending = this.store.pendingInvitationFor(input.email);
      // An expired invitation is dead already: replacing it cancels nothing.
      const live = pending && invitationStatus({ status: pending.status, expires_at: pending.expiresAt }, new Date(at));
      const decision = decide({
        action: "invite",
        actor: this.store.roleOf(actorId),
        role: input.role,
        inviteeIsMember: this.store.isMemberEmail(input.email),
        replacing: pending && live === "pending" ? pending.role : null,
      });
      if (!decision.allowed) {
        return this.refuse(actorId, decision, { already_member: "That email belongs to a member of this workspace." });
      }
      if (!pending && this.store.pendingInvitationCount() >= MAX_PENDING_INVITATIONS) {
        return fail("conflict", `A workspace may have at most ${MAX_PENDING_INVITATIONS} pending invitations.`);
      }
      if (pending) this.store.resolveInvitations([pending], "replaced", at);
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
        delivery: "pending",
      };
      const mail = invitationMessage({
        invitation: row,
        token,
        origin: input.origin,
        workspaceName: this.store.live()?.name ?? "",
        inviter: this.store.member(actorId),
      });
      this.store.addInvitation(row, mail, at);
      const details = { email: row.email, role: row.role, replaced: pending?.id ?? null };
      this.store.audit(actorId, "invitation_created", row.id, details, at);
      return ok(invitationView(row, new Date(at)));
    });
  }

  async listInvitations(actorId: string, query: { limit: number; cursor?: string }) {
    return this.read(() => {
      const role = this.permit(actorId, "list_invitations");
      if (!role.ok) return role;
      const page = this.store.pendingInvitationPage(query);
      if (!page.ok) return page;
      return ok({
        invitations: page.value.rows.map((row) => invitationView(row)),
        next_cursor: page.value.next_cursor,
      });
    });
  }

  async revokeInvitation(actorId: string, invitationId: string) {
    return this.change((at) => {
      const row = this.store.invitationById(invitationId);
      // Only a live invitation can be revoked; a used, revoked or expired one is simply not found.
      const live =
        row && invitationStatus({ status: row.status, expires_at: row.expiresAt }, new Date(at)) === "pending";
      const decision = decide({
        action: "revoke_invitation",
        actor: this.store.roleOf(actorId),
        invitationRole: live ? row.role : null,
      });
      if (!decision.allowed || !row) return this.refuse(actorId, decision, { not_found: NO_PENDING_INVITATION });
      this.store.resolveInvitations([row], "revoked", at);
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
      if (!decision.allowed || !row) return this.refuse(actorId, decision, { not_found: NO_PENDING_INVITATION });
      const { token, tokenHash, expiresAt } = this.newLink(at);
      const updated: InvitationRow = { ...row, tokenHash, expiresAt, delivery: "pending" };
      const mail = invitationMessage({
        invitation: updated,
        token,
        origin,
        workspaceName: this.store.live()?.name ?? "",
        inviter: this.store.member(actorId),
      });
      this.store.relinkInvitation(row, { tokenHash, expiresAt }, mail, at);
      this.store.audit(actorId, "invitation_resent", row.id, { email: row.email, role: row.role }, at);
      return ok(invitationView(updated, new Date(at)));
    });
  }

  async invitationPreview(tokenHash: string) {
    return this.read(() => {
      const found = this.store.invitationBehindLink(tokenHash);
      if (!found.ok) return found;
      const row = found.value;
      const inviter = this.store.member(row.invitedBy);
      return ok({
        workspace: { id: this.store.id(), name: this.store.live()?.name ?? "" },
        role: row.role,
        email: row.email,
        invited_by: { first_name: inviter?.firstName ?? "", last_name: inviter?.lastName ?? "" },
        expires_at: row.expiresAt,
      });
    }, NO_SUCH_INVITATION);
  }

  /** The invitation a person may act on: usable, and addressed to their verified email. */
  private invitationFor(person: Person, tokenHash: string): Result<InvitationRow> {
    const found = this.store.invitationBehindLink(tokenHash);
    if (!found.ok) return found;
    const check = canAcceptInvitation({
      invitedEmail: found.value.email,
      userEmail: person.email,
      userEmailVerified: person.emailVerified,
    });
    if (check.ok) return found;
    return fail(check.code, "This invitation was sent to another email address than the one you are signed in with.");
  }

  async acceptInvitation(person: Person, tokenHash: string) {
    return this.change((at) => {
      const found = this.invitationFor(person, tokenHash);
      if (!found.ok) return found;
      const row = found.value;
      if (this.store.member(person.userId))
        return fail("already_member", "You are already a member of this workspace.");
      // Consumed in the same transaction as the membership: of parallel accepts exactly one finds it pending.
      this.store.resolveInvitations([row], "accepted", at);
      this.store.addMember(person, row.role, row.invitedBy, at);
      this.store.audit(person.userId, "invitation_accepted", row.id, { email: row.email, role: row.role }, at);
      // Indexed under the id as well as the invited address, which the person may leave (decision 0021).
      this.store.queueIndex({ kind: "involvement", subject: person.userId }, at);
      return ok({ workspace_id: this.store.id(), role: row.role });
    }, NO_SUCH_INVITATION);
  }

  async declineInvitation(person: Person, tokenHash: string) {
    return this.change((at) => {
      const found = this.invitationFor(person, tokenHash);
      if (!found.ok) return found;
      this.store.resolveInvitations([found.value], "declined", at);
      this.store.audit(person.userId, "invitation_declined", found.value.id, { email: found.value.email }, at);
      // Indexed under the id as well as the invited address, which the person may leave (decision 0021).
      this.store.queueIndex({ kind: "involvement", subject: person.userId }, at);
      return ok(null);
    }, NO_SUCH_INVITATION);
  }

  // ---- ownership ---------------------------------------------------------------------------------

  /** The pending nomination with what `decide` needs to know about it, as `userId` asks. */
  private pendingNomination(userId: string, now: Date): { row: NominationRow; context: PendingNomination } | null {
    const row = this.store.pendingNomination(now);
    if (!row) return null;
    const nominatorRole = this.store.member(row.nominatedBy)?.role ?? null;
    return { row, context: { isNominee: row.nomineeId === userId, nominatorRole } };
  }

  async nominateOwner(actorId: string, nomineeId: string, origin: string) {
    return this.change((at) => {
      const nominee = this.store.member(nomineeId);
      const decision = decide({
        action: "nominate_owner",
        actor: this.store.roleOf(actorId),
        target: nominee?.role ?? null,
      });
      if (!decision.allowed || !nominee) {
        return this.refuse(actorId, decision, {
          not_found: NOT_A_MEMBER,
          conflict: "That member is already an owner.",
        });
      }
      this.store.nominate(nomineeId, actorId, at);
      this.store.audit(actorId, "ownership_nominated", nomineeId, {}, at);
      const expiresAt = nominationExpiresAt(at);
      const mail = nominationMessage({
        workspaceId: this.store.id(),
        workspaceName: this.store.live()?.name ?? "",
        nominator: this.store.member(actorId),
        nominee,
        nominatedAt: at,
        expiresAt,
        origin,
      });
      this.store.queueMail(mail, at);
      return ok({ user_id: nomineeId, nominated_by: actorId, nominated_at: at, expires_at: expiresAt });
    });
  }

  async cancelNomination(actorId: string) {
    return this.change((at) => {
      const pending = this.pendingNomination(actorId, new Date(at));
      const decision = decide({
        action: "cancel_nomination",
        actor: this.store.roleOf(actorId),
        nomination: pending?.context ?? null,
      });
      if (!decision.allowed || !pending) return this.refuse(actorId, decision, { not_found: NO_PENDING_TRANSFER });
      this.store.clearNomination();
      this.store.audit(actorId, "ownership_nomination_cancelled", pending.row.nomineeId, {}, at);
      return ok(null);
    });
  }

  async acceptOwnership(actorId: string) {
    return this.change((at) => {
      const actor = this.store.roleOf(actorId);
      const pending = this.pendingNomination(actorId, new Date(at));
      const decision = decide({ action: "accept_ownership", actor, nomination: pending?.context ?? null });
      const nominee = this.store.member(actorId);
      if (!decision.allowed || !pending || !nominee) {
        return this.refuse(actorId, decision, {
          not_found: NO_PENDING_TRANSFER,
          forbidden: "Only the nominated member can accept this ownership transfer.",
          conflict:
            actor === "owner"
              ? "You are already an owner of this workspace."
              : "The owner who nominated you is no longer an owner; ask a current owner to nominate you again.",
        });
      }
      const nominator = this.store.member(pending.row.nominatedBy);
      this.store.audit(actorId, "ownership_transferred", actorId, { from: pending.row.nominatedBy }, at);
      // One transaction: the nominee is owner before the nominator steps down, never zero owners.
      this.store.setRole(actorId, nominee, "owner", at);
      if (nominator) this.store.setRole(actorId, nominator, "editor", at);
      this.store.clearNomination();
      const role: Role = "owner";
      return ok({ workspace_id: this.store.id(), role });
    });
  }

  // ---- audit -------------------------------------------------------------------------------------

  async audit(actorId: string, query: { limit: number; cursor?: string }) {
    return this.read(() => {
      const role = this.permit(actorId, "read_audit");
      return role.ok ? this.store.auditPage(query) : role;
    });
  }

  async verifyAudit(actorId: string) {
    return this.read(() => {
      const role = this.permit(actorId, "verify_audit");
      if (!role.ok) return role;
      const verdict = this.store.verifyAuditChain();
      return ok({ valid: verdict.valid, events_checked: verdict.events_checked });
    });
  }

  // ---- a member's own account --------------------------------------------------------------------

  /**
   * The account of `userId` now has a verified new email: their member row follows, so member lists and
   * "is this address a member" checks see it. A non-member (left meanwhile) is no error: nothing to update.
   */
  async updateMemberEmail(userId: string, email: string) {
    return this.change(() => ok({ updated: this.store.setMemberEmail(userId, email) }));
  }

  /**
   * Everything here that names the person, for their export (personal-data.ts); null when nothing does. A read
   * only: nothing is audited or written, no role is checked (the person may have left, or only been invited), and a
   * deleted workspace answers too, since its rows still name them.
   */
  async personalData(person: { userId: string; emails: readonly string[] }) {
    return this.read(() => {
      const row = this.store.workspaceRow();
      if (!row) return fail("not_found");
      return ok(
        personalDataView(
          {
            workspace: row,
            member: this.store.member(person.userId),
            invitationsSent: this.store.invitationsSentBy(person.userId),
            // Every address the person has had (decision 0021), each asked alone: any number of them fits.
            invitationsReceived: person.emails
              .flatMap((email) => this.store.invitationsAddressedTo(email))
              // Oldest first as SQLite orders text (code units): `created_at` is fixed-width ISO, so one key does.
              .sort((a, b) => (`${a.createdAt} ${a.id}` < `${b.createdAt} ${b.id}` ? -1 : 1)),
            auditEvents: this.store.auditEventsNaming(person.userId),
            nomination: this.store.nominationNaming(person.userId),
          },
          new Date(),
        ),
      );
    });
  }

  // ---- the member's own profile --------------------------------------------------------------------

  /**
   * The person changed their names (api/me.ts): their member row shows the new ones. Not a workspace action, so
   * nothing is audited and no role is checked; someone who is not a member here changes nothing. Idempotent.
   */
  async refreshMemberProfile(userId: string, names: { firstName: string; lastName: string }) {
    return this.change(() => ok({ member: this.store.refreshMemberNames(userId, names) }));
  }

  // ---- a person's account deletion and purge (decision 0014)

  /** This workspace, if `userId` is its only owner while others remain (which blocks deleting their account). */
  async soleOwnership(userId: string): Promise<{ id: string; name: string; member_count: number } | null> {
    if (!this.created) return null;
    const sole = this.store.soleOwnership(userId);
    const row = this.store.live();
    return sole && row ? { id: row.id, name: row.name, member_count: sole.memberCount } : null;
  }

  /**
   * Forgets a purged person (store.ts `forgetPerson`); a workspace where they were the only member is erased
   * whole. Resolves only once nothing here names them any more, the index included (its outbox rows name them
   * until delivered), so the purge can count this step done; else it throws and the purge tries again later.
   * Safe to repeat.
   */
  async forgetPerson(person: ForgottenPerson): Promise<{ erased: boolean }> {
    if (!this.created) return { erased: false };
    const member = this.store.member(person.userId);
    if (member && this.store.memberCount() === 1) {
      await this.erase();
      return { erased: true };
    }
    this.ctx.storage.transactionSync(() => this.store.forgetPerson(person, new Date().toISOString()));
    await this.delivery.deliverNow(this.store.outboxRowsNaming(person));
    if (this.store.stillNames(person)) {
      throw new Error("the workspace still names the person (an index write is pending); try again later");
    }
    return { erased: false };
  }

  /** Erases the workspace: its index entries first (so a failure leaves it whole, to retry), then all storage. */
  private async erase() {
    const workspaceId = this.store.id();
    await applyDirectoryChange(
      servicesOf(this.env).db,
      { kind: "workspace_delete", workspaceId },
      Number.MAX_SAFE_INTEGER,
    );
    await forgetWorkspaceInvolvements(servicesOf(this.env).db, workspaceId);
    await this.ctx.storage.deleteAlarm();
    await this.ctx.storage.deleteAll();
    this.created = false;
  }
}
