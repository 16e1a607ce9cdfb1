/**
 * The Account Durable Object, one per person (`idFromName(user id)`): the single source of truth for that
 * person's sessions and standing. Every authenticated request asks it whether its session may act; every change
 * is one synchronous storage transaction, so a refresh rotation or a revocation never races another (decision
 * 0010). All writes go through store.ts; the rules are in session-rules.ts and auth/token-policy.ts. A call that can
 * refuse answers in the same `Result` as the Workspace object (lib/result.ts), unwrapped by the API in one place.
 */
import { DurableObject } from "cloudflare:workers";
import { drizzle } from "drizzle-orm/durable-sqlite";
import { migrate } from "drizzle-orm/durable-sqlite/migrator";
import { endsDeviceTrust } from "../auth/device-trust-rules";
import { decideRefresh, SESSION_MAX_AGE_SECONDS } from "../auth/token-policy";
import { newId } from "../lib/ids";
import { fail, ok, type Result } from "../lib/result";
import { servicesOf } from "../services";
import { purgeAfter } from "./deletion-rules";
import { LiveSessions } from "./live-sessions";
import migrations from "./migrations/migrations.js";
import { type NewPasskey, type PasskeyKey, PasskeyState, type PasskeyView, type PasswordFacts } from "./passkey-state";
import type { PurgeDeps } from "./purge";
import { runPurge } from "./purge-run";
import * as schema from "./schema";
import { lastUsedIsStale, type SessionVerdict, sessionVerdict } from "./session-rules";
import type { NewSession, RefreshOutcome, SessionView } from "./session-view";
import { ENDED_SESSION_RETENTION_MS, view } from "./session-view";
import { AccountStore, type EmailHistoryRow } from "./store";
import { type CodeProof, TwoFactorState } from "./two-factor-state";

export class Account extends DurableObject<Env> {
  private readonly db;
  private readonly store: AccountStore;
  private readonly live: LiveSessions;
  private readonly passkeys: PasskeyState;
  private readonly twoFactor: TwoFactorState;
  /** What the purge deletes from; the interrupted-purge test swaps in a failing D1 or R2. */
  purgeDeps: PurgeDeps;
  /** Whether this object holds an account's tables: an object nobody signed in to answers "unknown" and stays empty. */
  private created = false;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.db = drizzle(ctx.storage, { schema });
    this.store = new AccountStore(this.db, ctx.storage.sql, ctx.storage.kv);
    const services = servicesOf(env);
    this.purgeDeps = { db: services.db, avatars: services.avatars, workspaces: services.workspaces };
    this.live = new LiveSessions(ctx.storage.sql, services.workspaces);
    this.passkeys = new PasskeyState(ctx.storage, this.db, this.store, services.db);
    this.twoFactor = new TwoFactorState(ctx.storage, this.store, services.config.authSecret);
    ctx.blockConcurrencyWhile(async () => {
      const tables = ctx.storage.sql.exec("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'account'");
      this.created = tables.toArray().length > 0;
      if (this.created) migrate(this.db, migrations);
    });
  }

  /** Makes the account's tables on its first sign-in; later calls find them. */
  private ensureCreated(userId: string, at: string) {
    if (!this.created) {
      migrate(this.db, migrations);
      this.created = true;
    }
    this.store.createAccount(userId, at);
  }

  /** A new session for a sign-in that just completed (the token exchange). */
  async startSession(input: NewSession): Promise<SessionView> {
    const now = new Date();
    const at = now.toISOString();
    return this.ctx.storage.transactionSync(() => {
      this.ensureCreated(input.userId, at);
      this.store.noteCurrentEmail(input.email.toLowerCase(), at);
      // Each sign-in also forgets sessions long over, so the table holds what the person may still review.
      this.store.deleteSessionsEndedBefore(new Date(now.getTime() - ENDED_SESSION_RETENTION_MS).toISOString());
      const row = this.store.insertSession({
        id: newId("ses"),
        clientId: input.clientId,
        method: input.method,
        authenticatedAt: input.authenticatedAt,
        createdAt: at,
        lastUsedAt: at,
        expiresAt: new Date(now.getTime() + SESSION_MAX_AGE_SECONDS * 1000).toISOString(),
        userAgent: input.userAgent.slice(0, 512),
        ip: input.ip,
      });
      return view(row);
    });
  }

  /**
   * Records `email` as the account's address now (a completed email change, or the backfill of an account older than
   * the history: its first touch) and returns every address it has had, oldest first (decision 0021).
   */
  async recordEmail(userId: string, email: string): Promise<EmailHistoryRow[]> {
    const at = new Date().toISOString();
    return this.ctx.storage.transactionSync(() => {
      this.ensureCreated(userId, at);
      this.store.noteCurrentEmail(email.toLowerCase(), at);
      return this.store.emailHistory();
    });
  }

  /** May this session act now? Asked on every authenticated request. */
  async authorize(sessionId: string): Promise<SessionVerdict> {
    if (!this.created) return { ok: false, reason: "unknown" };
    const now = new Date();
    const facts = this.store.authorizationFacts(sessionId);
    const verdict = sessionVerdict(facts?.session, facts?.standing, now);
    if (verdict.ok && facts && lastUsedIsStale(facts.session.lastUsedAt, now)) {
      this.store.touchSession(sessionId, now.toISOString());
    }
    return verdict;
  }

  /**
   * One refresh of `sessionId` with the token of `generation`, decided and written in one transaction: rotate,
   * hand the current generation out again within the retry grace, or revoke the session on reuse.
   */
  async refresh(input: { sessionId: string; generation: number; clientId: string }): Promise<RefreshOutcome> {
    if (!this.created) return { ok: false, reason: "unknown" };
    const now = new Date();
    const at = now.toISOString();
    const outcome = this.ctx.storage.transactionSync((): RefreshOutcome => {
      const session = this.store.session(input.sessionId);
      const standing = this.store.account();
      if (!session || !standing) return { ok: false, reason: "unknown" };
      if (session.clientId !== input.clientId) return { ok: false, reason: "other_client" };
      if (standing.deactivatedAt) return { ok: false, reason: "revoked" };
      const decision = decideRefresh(session, input.generation, now);
      switch (decision.kind) {
        case "refused":
          return { ok: false, reason: decision.reason };
        case "reuse_detected":
          this.store.revokeSessions({ id: session.id }, "refresh_token_reuse", at);
          return { ok: false, reason: "reuse" };
        case "replay":
          return { ok: true, generation: decision.generation, clientId: session.clientId };
        case "rotate":
          this.store.rotateSession(session.id, decision.nextGeneration, at);
          return { ok: true, generation: decision.nextGeneration, clientId: session.clientId };
      }
    });
    if (!outcome.ok && outcome.reason === "reuse") await this.cutLiveSockets();
    return outcome;
  }

  /** The sessions that can still act, newest first. */
  async listSessions(): Promise<SessionView[]> {
    if (!this.created) return [];
    const now = new Date();
    const standing = this.store.account();
    return this.store
      .unrevokedSessions()
      .filter((row) => sessionVerdict(row, standing, now).ok)
      .map(view);
  }

  /** Ends one session; false when this account has no such live session. */
  async revokeSession(sessionId: string, reason: string): Promise<boolean> {
    if (!this.created) return false;
    const at = new Date().toISOString();
    const ended = this.ctx.storage.transactionSync(() => this.store.revokeSessions({ id: sessionId }, reason, at) > 0);
    await this.cutLiveSockets();
    return ended;
  }

  /** Ends every session, or every one but `except` (sign out elsewhere); returns how many ended. */
  async revokeSessions(reason: string, options: { except?: string } = {}): Promise<number> {
    // A password reset also ends the browsers' device cookies, even before the account's first session.
    if (endsDeviceTrust(reason)) this.store.endDeviceTrust();
    if (!this.created) return 0;
    const at = new Date().toISOString();
    const ended = this.ctx.storage.transactionSync(() =>
      this.store.revokeSessions({ except: options.except }, reason, at),
    );
    await this.cutLiveSockets();
    return ended;
  }

  /** The live ticket route: this live session may now hold sockets in `workspaceId` (decision 0028). */
  async noteLiveWorkspace(sessionId: string, workspaceId: string): Promise<void> {
    if (!this.created) return;
    const dropped = this.ctx.storage.transactionSync(() => this.live.note(sessionId, workspaceId, Date.now()));
    await this.live.closeIn(sessionId, dropped);
  }

  /** After sessions ended: their live sockets close in every workspace that may hold them (live-sessions.ts). */
  private async cutLiveSockets() {
    if (this.created) await this.live.cutEnded(new Date());
  }

  /** The generation device cookies must carry to count (decision 0019); read at every trusted attempt. */
  async deviceGeneration(): Promise<number> {
    return this.store.deviceGeneration();
  }

  /**
   * Deactivates or reactivates the account. Deactivating ends every session at once; reactivating restores
   * sign-in, not the old sessions. (Deletion has its own calls below: it also needs the purge's alarm.)
   */
  async setActive(userId: string, active: boolean): Promise<void> {
    const at = new Date().toISOString();
    this.ctx.storage.transactionSync(() => {
      this.ensureCreated(userId, at);
      this.store.setStanding({ deactivatedAt: active ? null : at });
      if (!active) {
        this.store.revokeSessions({}, "deactivated", at);
        this.store.endDeviceTrust();
      }
    });
    await this.cutLiveSockets();
  }

  // Two-factor authentication: the rules in two-factor.ts, the state and its transactions in two-factor-state.ts.

  async twoFactorEnabled(): Promise<boolean> {
    return this.created && this.twoFactor.enabled();
  }

  /** Starts setup (or starts it again): a new secret, pending until `verifyTwoFactorSetup`; refused while on. */
  async beginTwoFactorSetup(userId: string): Promise<Result<{ secret: string }>> {
    const at = new Date().toISOString();
    if (!this.created) this.ctx.storage.transactionSync(() => this.ensureCreated(userId, at));
    const begun = await this.twoFactor.begin(userId, at);
    if (!begun.ok) return fail("conflict", "Two-factor authentication is already on; turn it off first.");
    return ok({ secret: begun.secret });
  }

  /** The first code from the app turns two-factor on; returns the first set of backup codes. */
  async verifyTwoFactorSetup(code: string): Promise<CodeProof<string[]>> {
    if (!this.created) return { ok: false, reason: "not_pending" };
    return this.twoFactor.verifySetup(code, new Date());
  }

  /** A code (TOTP or backup) buys a fresh set of backup codes; the old ones stop working. */
  async regenerateBackupCodes(code: string): Promise<CodeProof<string[]>> {
    if (!this.created) return { ok: false, reason: "not_enabled" };
    return this.twoFactor.regenerateBackupCodes(code, new Date());
  }

  /** A code (TOTP or backup) turns two-factor off. The caller checks that the sign-in is recent. */
  async disableTwoFactor(code: string): Promise<CodeProof<null>> {
    if (!this.created) return { ok: false, reason: "not_enabled" };
    return this.twoFactor.disable(code, new Date());
  }

  /**
   * An admin's reset (decision 0020): two-factor off without a code, for a person who lost their authenticator or
   * found someone else's bound to their account. Also ends a pending setup. Whether there was anything to reset.
   */
  async resetTwoFactor(): Promise<boolean> {
    if (!this.created) return false;
    return this.ctx.storage.transactionSync(() => {
      const had = this.store.twoFactor() !== undefined;
      this.store.removeTwoFactor();
      return had;
    });
  }

  /** A sign-in passed its first factor: the nonce of its wait for the second, or null when two-factor is off. */
  async openSecondFactorChallenge(): Promise<string | null> {
    if (!this.created) return null;
    return this.twoFactor.openChallenge(new Date());
  }

  /** The second factor of the waiting sign-in `challenge`: a right code closes it, so it completes once. */
  async checkSecondFactor(challenge: string, code: string): Promise<CodeProof<null>> {
    if (!this.created) return { ok: false, reason: "not_enabled" };
    return this.twoFactor.completeChallenge(challenge, code, new Date());
  }

  // Passkeys (decision 0031): passkey-state.ts and passkey-rules.ts. A change delivers its D1 map row before answering.

  async openPasskeyRegistration(sessionId: string) {
    return this.passkeys.openRegistration(sessionId, new Date());
  }

  async takePasskeyRegistrationChallenge(sessionId: string): Promise<string | null> {
    return this.created ? this.passkeys.takeRegistrationChallenge(sessionId, new Date()) : null;
  }

  async addPasskey(input: NewPasskey): Promise<Result<PasskeyView>> {
    const added = this.passkeys.add(input, new Date());
    await this.passkeys.deliverIndex();
    return added;
  }

  async removePasskey(id: string, password: PasswordFacts): Promise<Result<null>> {
    const removed = this.created ? this.passkeys.remove(id, password, new Date()) : fail<null>("not_found");
    await this.passkeys.deliverIndex();
    return removed;
  }

  async listPasskeys(): Promise<PasskeyView[]> {
    return this.created ? this.passkeys.list() : [];
  }

  async renamePasskey(id: string, name: string): Promise<PasskeyView | null> {
    return this.created ? this.passkeys.rename(id, name) : null;
  }

  async allowPasswordRemoval(password: PasswordFacts): Promise<Result<null>> {
    return this.created ? this.passkeys.allowPasswordRemoval(password, new Date()) : fail("last_sign_in_method");
  }

  async passkeyForSignIn(credentialId: string): Promise<PasskeyKey | null> {
    return this.created ? this.passkeys.keyForSignIn(credentialId) : null;
  }

  async notePasskeyUse(credentialId: string, use: { counter: number; backedUp: boolean }): Promise<boolean> {
    return this.created && this.passkeys.noteUse(credentialId, use, new Date());
  }

  // Deletion and purge (decision 0014): the rules in deletion-rules.ts, the steps in purge.ts.

  /**
   * Marks the account for deletion: every session ends at once, and the alarm is set for the end of the grace
   * period. Asking again keeps the first date; an admin asking makes the mark one only an admin may lift.
   * Returns when it was marked.
   */
  async scheduleDeletion(userId: string, email: string, options: { byAdmin?: boolean } = {}) {
    const at = new Date().toISOString();
    const deletedAt = this.ctx.storage.transactionSync(() => {
      this.ensureCreated(userId, at);
      if (options.byAdmin) this.store.setDeletedByAdmin(true);
      const marked = this.store.account()?.deletedAt;
      if (marked) return marked;
      this.store.setStanding({ deletedAt: at });
      this.store.setDeletionEmail(email);
      this.store.noteCurrentEmail(email.toLowerCase(), at); // an account older than the history: its first touch
      this.store.revokeSessions({}, "account_deleted", at);
      this.store.endDeviceTrust();
      return at;
    });
    await this.cutLiveSockets();
    await this.ctx.storage.setAlarm(Date.parse(purgeAfter(deletedAt)));
    return { deletedAt };
  }

  /**
   * Lifts the deletion mark within the grace period; too late once the purge has begun. A mark an admin made is
   * lifted only by an admin (`by: "admin"`): a stolen session must not undo an admin's removal. `cleared`: the mark
   * lifted.
   */
  async restore(by: "self" | "admin"): Promise<Result<{ cleared: string }>> {
    const result = this.ctx.storage.transactionSync((): Result<{ cleared: string }> => {
      const mark = this.created ? this.store.account()?.deletedAt : null;
      if (!mark) return fail("conflict", "The account is not scheduled for deletion.");
      if (this.store.purgeProgress())
        return fail("conflict", "The purge has begun; the account can no longer be restored.");
      if (by === "self" && this.store.deletedByAdmin()) return fail("restore_by_admin_only");
      this.store.setStanding({ deletedAt: null });
      this.store.setDeletionEmail(null);
      this.store.setDeletedByAdmin(false);
      return ok({ cleared: mark });
    });
    if (result.ok) await this.ctx.storage.deleteAlarm();
    return result;
  }

  /** Purges now, grace period or not (an administrator's hard delete). True when everything is gone. */
  async purgeNow(userId: string, email: string): Promise<boolean> {
    await this.scheduleDeletion(userId, email, { byAdmin: true });
    return this.purge(new Date(), { force: true });
  }

  /**
   * The hourly sweep's call for an account whose purge is overdue: arms the alarm if it was lost. A purge that is
   * merely waiting for its next retry keeps its schedule.
   */
  async resumePurge(): Promise<void> {
    if ((await this.ctx.storage.getAlarm()) === null) await this.ctx.storage.setAlarm(Date.now());
  }

  override async alarm(): Promise<void> {
    const erased = await this.purge(new Date(), { force: false });
    if (!erased && this.created) await this.passkeys.deliverIndex();
  }

  /**
   * Runs the purge (purge-run.ts) when it is due or forced. One purge at a time in this object: the alarm's and an
   * administrator's hard delete join the same run.
   */
  private purge(now: Date, options: { force: boolean }): Promise<boolean> {
    this.purging ??= this.purgeOnce(now, options).finally(() => {
      this.purging = undefined;
    });
    return this.purging;
  }

  private purging?: Promise<boolean>;

  private async purgeOnce(now: Date, options: { force: boolean }): Promise<boolean> {
    if (!this.created) return false;
    const erased = await runPurge({ storage: this.ctx.storage, store: this.store, deps: this.purgeDeps }, now, options);
    if (erased) this.created = false;
    return erased;
  }
}
