/**
 * The Workspace Durable Object: the single source of truth for one workspace's members, invitations, share links,
 * ownership nomination, webhook endpoints and audit log. Every rule, reads included, is decided by roles.ts
 * (`decide`), here, one request at a time; every check and its writes run in one synchronous storage transaction
 * with no await in between, so no two requests can race a rule such as "at least one owner". This file is the
 * object's shell; the commands are in the `*-commands.ts` modules. Writes go through store/, the outside through
 * the outbox (delivery.ts).
 */
import { DurableObject } from "cloudflare:workers";
import { drizzle } from "drizzle-orm/durable-sqlite";
import { migrate } from "drizzle-orm/durable-sqlite/migrator";
import { fail, ok, type Result } from "../lib/result";
import { servicesOf } from "../services";
import { wantsMail } from "../users/preferences";
import { preferencesOfEmail } from "../users/repository";
import { OutboxDelivery } from "./delivery";
import { applyDirectoryChange, forgetWorkspaceInvolvements } from "./directory";
import { earliestWake } from "./expiry";
import * as expiryCommands from "./expiry-commands";
import type { ForgottenPerson } from "./forget";
import * as invitationCommands from "./invitation-commands";
import { NO_SUCH_INVITATION } from "./invitation-commands";
import { LiveSockets } from "./live";
import * as memberCommands from "./member-commands";
import migrations from "./migrations/migrations.js";
import * as ownershipCommands from "./ownership-commands";
import * as personCommands from "./person-commands";
import * as policyCommands from "./policy-commands";
import type { PolicyPatch } from "./policy-rules";
import { atomically, permit } from "./refusals";
import { applyRetention } from "./retention-commands";
import { permissionsOf, type Role } from "./roles";
import * as schema from "./schema";
import * as links from "./share-link-commands";
import type { MemberQuery } from "./store";
import * as store from "./store";
import type { Joiner, Person } from "./views";
import * as webhookCommands from "./webhook-commands";
import * as workspaceCommands from "./workspace-commands";

export type { MemberQuery } from "./store";

export class Workspace extends DurableObject<Env> {
  private readonly delivery: OutboxDelivery;
  private readonly db;
  private readonly live: LiveSockets;
  /** The D1 user directory, read for an invited person's mail preference. */
  private readonly users;
  /** Whether this object holds a workspace: one nobody created (anyone can name an id) answers not_found, unwritten. */
  private created = false;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.db = drizzle(ctx.storage, { schema });
    const services = servicesOf(env);
    this.users = services.db;
    this.delivery = new OutboxDelivery(this.db, ctx.storage, services.db, services, () =>
      earliestWake(store.nextExpiryWakeAt(this.db), store.nextPolicyWakeAt(this.db, Date.now())),
    );
    this.live = new LiveSockets(ctx, this.db, () => this.created);
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
   * Runs a check-and-write atomically (a refused change writes nothing), pushes its live events (live.ts) before
   * anything can interleave, then arms the alarm and delivers the outbox at once, so the index is usually current
   * and the mail sent when the call returns (webhook events go on the alarm, right after: delivery.ts); a failed
   * delivery is retried on its own schedule.
   */
  private async change<T>(body: (at: string) => Result<T>, absent?: string): Promise<Result<T>> {
    if (!this.created) return fail("not_found", absent);
    const liveSeq = store.lastLiveSeq(this.db);
    const result = atomically(this.ctx.storage, () => body(new Date().toISOString()));
    if (!result.ok) return result;
    this.live.publish(liveSeq);
    const nextAttemptAt = store.nextOutboxAttemptAt(this.db);
    if (nextAttemptAt !== null && nextAttemptAt <= Date.now()) {
      // Armed first, so the work survives an eviction during delivery; the pass then sets it right.
      await this.ctx.storage.setAlarm(Date.now());
      await this.delivery.flush("beforeAnswer").catch(() => {});
    } else {
      // A change may have set or cleared an expiry, which the alarm also serves.
      await this.delivery.setAlarmForNext();
    }
    return result;
  }

  /**
   * Alarms run at least once: expiries that are due (expiry-commands.ts; run twice, the second finds nothing), then
   * delivering what is due, or nothing, which is always safe; the alarm is then set for the next of either.
   */
  override async alarm(): Promise<void> {
    if (!this.created) return;
    await this.change((at) => ok(expiryCommands.expireDue(this.db, at)));
    // The two-factor deadline may be why it woke (the one alarm serves it too, store/policy.ts).
    this.closeShutOutSockets();
    await this.delivery.flush();
  }

  // ---- the workspace -----------------------------------------------------------------------------

  async create(input: { id: string; name: string; owner: Person }) {
    // The one place tables are made: creating is what turns an id into a workspace.
    if (!this.created) {
      migrate(this.db, migrations);
      this.created = true;
    }
    return this.change((at) => {
      if (store.exists(this.db)) return fail("conflict", "The workspace already exists.");
      store.createWorkspace(this.db, input, at);
      store.addMember(this.db, input.owner, "owner", null, at);
      store.audit(this.db, input.owner.userId, "workspace_created", input.id, { name: input.name }, at);
      return ok({ id: input.id, name: input.name, created_at: at, role: "owner" as Role });
    });
  }

  async permissions(userId: string) {
    return this.read(() => {
      const role = permit(this.db, userId, "view");
      return role.ok ? ok(permissionsOf(role.value)) : role;
    });
  }

  async summary(userId: string) {
    return this.read(() => workspaceCommands.summary(this.db, userId));
  }

  async rename(actorId: string, name: string) {
    return this.change((at) => workspaceCommands.rename(this.db, actorId, name, at));
  }

  async delete(actorId: string) {
    return this.change((at) => workspaceCommands.deleteWorkspace(this.db, actorId, at));
  }

  // ---- policy (policy-commands.ts, decision 0030) -----------------------------------------------

  async policy(actorId: string) {
    return this.read(() => policyCommands.readPolicy(this.db, actorId));
  }

  /** After the change commits, sockets of members it shuts out (a shorter grace, already past) close at once. */
  async updatePolicy(actorId: string, input: { patch: PolicyPatch; origin: string }) {
    const result = await this.change((at) => policyCommands.updatePolicy(this.db, actorId, input, at));
    this.closeShutOutSockets();
    return result;
  }

  /**
   * The person's Account object reports their two-factor state (its outbox; the last state it sends wins). A
   * non-member changes nothing. Turned off past the deadline, their sockets close at once.
   */
  async setMemberTwoFactor(userId: string, on: boolean) {
    const result = await this.change(() => policyCommands.recordMemberTwoFactor(this.db, userId, on));
    this.closeShutOutSockets();
    return result;
  }

  private closeShutOutSockets() {
    const now = Date.now();
    this.live.closeShutOut((userId) => policyCommands.shutOut(this.db, userId, now));
  }

  // ---- members (member-commands.ts) -------------------------------------------------------------

  async listMembers(actorId: string, query: MemberQuery) {
    return this.read(() => {
      const role = permit(this.db, actorId, "view");
      return role.ok ? store.memberPage(this.db, query) : role;
    });
  }

  /** A role change, an expiry (null clears it), or both in one transaction: either both apply or neither does. */
  async updateMember(actorId: string, targetId: string, update: { role?: Role; expiresAt?: string | null }) {
    return this.change((at) => memberCommands.updateMember(this.db, actorId, targetId, update, at));
  }

  async removeMember(actorId: string, targetId: string) {
    return this.change((at) => memberCommands.removeMember(this.db, actorId, targetId, at));
  }

  // ---- invitations (invitation-commands.ts) ------------------------------------------------------

  async invite(actorId: string, input: { email: string; role: Role; origin: string; expiresAt: string | null }) {
    const mail = await this.invitationMailWanted(input.email);
    return this.change((at) => invitationCommands.invite(this.db, actorId, { ...input, mail }, at));
  }
  async listInvitations(actorId: string, query: { limit: number; cursor?: string }) {
    return this.read(() => invitationCommands.listInvitations(this.db, actorId, query));
  }
  async revokeInvitation(actorId: string, invitationId: string) {
    return this.change((at) => invitationCommands.revokeInvitation(this.db, actorId, invitationId, at));
  }
  async resendInvitation(actorId: string, invitationId: string, origin: string) {
    const email = this.created ? store.invitationById(this.db, invitationId)?.email : undefined;
    const mail = email === undefined || (await this.invitationMailWanted(email));
    return this.change((at) =>
      invitationCommands.resendInvitation(this.db, actorId, invitationId, { origin, mail }, at),
    );
  }

  /**
   * Whether an invitation's mail goes to this address: its account's choice, or yes when no account holds it
   * (users/preferences.ts). Read before the transaction, which cannot wait for D1; a preference changed in
   * between decides the next invitation or resend.
   */
  private async invitationMailWanted(email: string): Promise<boolean> {
    return wantsMail(await preferencesOfEmail(this.users, email), "invitations");
  }
  async invitationPreview(tokenHash: string) {
    return this.read(() => invitationCommands.invitationPreview(this.db, tokenHash), NO_SUCH_INVITATION);
  }
  async acceptInvitation(person: Person, tokenHash: string) {
    return this.change((at) => invitationCommands.acceptInvitation(this.db, person, tokenHash, at), NO_SUCH_INVITATION);
  }
  async declineInvitation(person: Person, tokenHash: string) {
    return this.change(
      (at) => invitationCommands.declineInvitation(this.db, person, tokenHash, at),
      NO_SUCH_INVITATION,
    );
  }

  // ---- share links (share-link-commands.ts, decision 0029) ---------------------------------------

  async createLink(actorId: string, input: links.NewLink) {
    return this.change((at) => links.createLink(this.db, actorId, input, at));
  }
  async listLinks(actorId: string) {
    return this.read(() => links.listLinks(this.db, actorId, new Date().toISOString()));
  }
  async revokeLink(actorId: string, linkId: string) {
    return this.change((at) => links.revokeLink(this.db, actorId, linkId, at));
  }
  async linkPreview(tokenHash: string) {
    return this.read(() => links.linkPreview(this.db, tokenHash, new Date().toISOString()), links.NO_SUCH_LINK);
  }
  async joinByLink(joiner: Joiner, tokenHash: string) {
    return this.change((at) => links.joinByLink(this.db, joiner, tokenHash, at), links.NO_SUCH_LINK);
  }

  // ---- ownership (ownership-commands.ts) ---------------------------------------------------------

  async nominateOwner(actorId: string, nomineeId: string, origin: string) {
    return this.change((at) => ownershipCommands.nominateOwner(this.db, actorId, nomineeId, origin, at));
  }
  async cancelNomination(actorId: string) {
    return this.change((at) => ownershipCommands.cancelNomination(this.db, actorId, at));
  }
  async acceptOwnership(actorId: string) {
    return this.change((at) => ownershipCommands.acceptOwnership(this.db, actorId, at));
  }

  // ---- webhooks (webhook-commands.ts, decision 0035) ---------------------------------------------

  /** Owners' commands on the endpoints; a new secret is sealed first, as sealing awaits. */
  async webhooks(actorId: string, command: webhookCommands.WebhookCommand) {
    const prepared = await webhookCommands.prepareWebhookCommand(servicesOf(this.env).config.authSecret, command);
    return this.change((at) => webhookCommands.runWebhookCommand(this.db, actorId, prepared, at));
  }
  /** An endpoint's object turned it off (a 410, or five days of failure): recorded, and the owners told. */
  async webhookTurnedOff(endpointId: string, reason: "gone" | "failing") {
    return this.change((at) => webhookCommands.webhookTurnedOff(this.db, endpointId, reason, at));
  }

  // ---- live sockets (live.ts, decision 0028) ----------------------------------------------------

  async issueLiveTicket(userId: string, sessionId: string) {
    return this.change((at) => this.live.issueTicket(userId, sessionId, at));
  }
  async liveTicketVerdict(tokenHash: string) {
    return this.live.verdict(tokenHash);
  }

  /** Only the worker reaches this (api/live.ts), after checking the ticket and the session. */
  override async fetch(request: Request): Promise<Response> {
    return this.live.upgrade(request);
  }

  /** The session ended (its Account object asks): its sockets close and its unused tickets go. */
  async closeLiveSession(sessionId: string): Promise<number> {
    return this.live.closeSession(sessionId);
  }

  /** Messages from clients mean nothing yet (pings are answered without waking the object). */
  override async webSocketMessage(): Promise<void> {}
  override async webSocketClose(socket: WebSocket, code: number, reason: string): Promise<void> {
    this.live.answerClose(socket, code, reason);
  }

  // ---- audit -------------------------------------------------------------------------------------

  async audit(actorId: string, query: { limit: number; cursor?: string } & store.AuditFilter) {
    return this.read(() => {
      const role = permit(this.db, actorId, "read_audit");
      return role.ok ? store.auditPage(this.db, query) : role;
    });
  }

  async verifyAudit(actorId: string) {
    return this.read(() => {
      const role = permit(this.db, actorId, "verify_audit");
      if (!role.ok) return role;
      const verdict = store.verifyAuditChain(this.db);
      return ok({ valid: verdict.valid, events_checked: verdict.events_checked });
    });
  }

  /** The hourly maintenance wakes it (decision 0034): it removes its own data past the retention table. */
  async applyRetention(now: string) {
    const run = () => applyRetention(this.db, new Date(now), servicesOf(this.env).config.retention);
    return this.created ? this.ctx.storage.transactionSync(run) : { closed: 0, audit: 0 };
  }

  // ---- a member's own account and profile --------------------------------------------------------

  /**
   * The account of `userId` now has a verified new email: their member row follows, so member lists and
   * "is this address a member" checks see it. A non-member (left meanwhile) is no error: nothing to update.
   */
  async updateMemberEmail(userId: string, email: string) {
    return this.change(() => ok({ updated: store.setMemberEmail(this.db, userId, email) }));
  }

  /**
   * The person changed their names (api/me.ts): their member row shows the new ones. Not a workspace action, so
   * nothing is audited and no role is checked; someone who is not a member here changes nothing. Idempotent.
   */
  async refreshMemberProfile(userId: string, names: { firstName: string; lastName: string }) {
    return this.change(() => ok({ member: store.refreshMemberNames(this.db, userId, names) }));
  }

  // ---- a person's export, account deletion and purge (person-commands.ts, decision 0014) ----------

  async personalData(person: { userId: string; emails: readonly string[] }) {
    return this.read(() => personCommands.personalData(this.db, person));
  }

  async soleOwnership(userId: string): Promise<{ id: string; name: string; member_count: number } | null> {
    if (!this.created) return null;
    return personCommands.soleOwnership(this.db, userId);
  }

  /**
   * Forgets a purged person (person-commands.ts); a workspace where they were the only member is erased whole.
   * Resolves only once nothing here names them any more, else throws so the purge tries again later. Safe to repeat.
   */
  async forgetPerson(person: ForgottenPerson): Promise<{ erased: boolean }> {
    if (!this.created) return { erased: false };
    const member = store.member(this.db, person.userId);
    if (member && store.memberCount(this.db) === 1) {
      await this.erase();
      return { erased: true };
    }
    const liveSeq = store.lastLiveSeq(this.db);
    const committed = () => this.live.publish(liveSeq);
    await personCommands.forgetPersonAmongOthers(
      { db: this.db, storage: this.ctx.storage, delivery: this.delivery, committed },
      person,
    );
    return { erased: false };
  }

  /** Erases the workspace: its index entries first (so a failure leaves it whole, to retry), then all storage. */
  private async erase() {
    const workspaceId = store.id(this.db);
    await applyDirectoryChange(
      servicesOf(this.env).db,
      { kind: "workspace_delete", workspaceId },
      Number.MAX_SAFE_INTEGER,
    );
    await forgetWorkspaceInvolvements(servicesOf(this.env).db, workspaceId);
    this.live.closeAll();
    await this.ctx.storage.deleteAlarm();
    await this.ctx.storage.deleteAll();
    this.created = false;
  }
}
