import { fail, ok, type Result } from "../lib/result";
import { retentionCutoff } from "../retention/periods";
import { servicesOf } from "../services";
import { handingOffAccountEvents } from "../webhooks/hand-off-after-writes";
import { AccountSessions } from "./account-sessions";
import { ConnectionState, type ConnectionView, type UpstreamIdentity } from "./connection-state";
import { type ConsentContext, ConsentRecords, type ConsentRow } from "./consent-records";
import {
  type ConsentDocument,
  type ConsentStepOutcome,
  consentStepOutcome,
  type OptionalConsent,
  type RequiredConsent,
} from "./consent-rules";
import { liftDeletionMark, markForDeletion } from "./deletion-mark";
import { purgeAfter } from "./deletion-rules";
import { type NewPasskey, type PasskeyKey, PasskeyState, type PasskeyView, type PasswordFacts } from "./passkey-state";
import type { PurgeDeps } from "./purge";
import { runPurge } from "./purge-run";
import { type HistoryPage, type KnownDeviceRow, type SignInEventRow, SignInHistory } from "./sign-in-history";
import type { HistoryCursorKey, SignInAttempt } from "./sign-in-history-rules";
import { TwoFactorFanOut } from "./two-factor-fan-out";
import { type CodeProof, TwoFactorState } from "./two-factor-state";

export type { NewSession, RefreshOutcome, SessionView } from "./session-views";

export class Account extends AccountSessions {
  /** Tells the person's workspaces their two-factor state (decision 0030); a fault-injection test swaps its D1. */
  readonly twoFactorFanOut: TwoFactorFanOut;
  private readonly history: SignInHistory;
  private readonly passkeys: PasskeyState;
  private readonly connections: ConnectionState;
  private readonly consents: ConsentRecords;
  /** What the purge deletes from; the interrupted-purge test swaps in a failing D1 or R2. */
  purgeDeps: PurgeDeps;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.history = new SignInHistory(this.db, this.retention.sign_in_history);
    this.consents = new ConsentRecords(this.db);
    const services = servicesOf(env);
    this.purgeDeps = { db: services.db, avatars: services.avatars, workspaces: services.workspaces };
    this.twoFactorFanOut = new TwoFactorFanOut(this.db, ctx.storage, services, () => ({
      userId: this.store.account()?.userId,
      on: this.twoFactor.enabled(),
    }));
    this.connections = new ConnectionState(ctx.storage, this.db, this.store, services.db);
    this.passkeys = new PasskeyState(ctx.storage, this.db, this.store, services.db, () => this.connections.count());
    ctx.blockConcurrencyWhile(async () => {
      this.openTables();
      // A migration may have queued work (the backfill of 0004): the alarm delivers it.
      if (this.created) await this.twoFactorFanOut.armAlarm();
    });
  }

  // The sign-in history and known devices (decision 0032): rows and their cut in sign-in-history.ts.

  /** Records one sign-in attempt on this account; a completed one also notes its browser as a known device. */
  async recordSignInAttempt(userId: string, attempt: SignInAttempt): Promise<void> {
    const now = new Date();
    this.ctx.storage.transactionSync(() => {
      this.ensureCreated(userId, now.toISOString());
      this.history.record(attempt, now, this.store.deviceGeneration());
    });
  }

  /** The hourly maintenance wakes it (decision 0034): ended sessions and sign-ins past their periods go. */
  async applyRetention(now: string): Promise<{ sessions: number; signIns: number }> {
    if (!this.created) return { sessions: 0, signIns: 0 };
    const at = new Date(now);
    return this.ctx.storage.transactionSync(() => ({
      sessions: this.store.deleteSessionsEndedBefore(retentionCutoff(at, this.retention.ended_sessions)),
      signIns: this.history.cut(at, this.store.deviceGeneration()),
    }));
  }

  /** One page of the history, newest first, after the row of `after` (the cursor's key). */
  async signInHistory(after: HistoryCursorKey | null, limit: number): Promise<HistoryPage> {
    return this.created ? this.history.page(after, limit, new Date()) : { events: [], next: null };
  }

  /** For the export: the whole kept history and the browsers whose device cookie still counts. */
  async signInRecords(): Promise<{ events: SignInEventRow[]; devices: KnownDeviceRow[] }> {
    if (!this.created) return { events: [], devices: [] };
    const now = new Date();
    return { events: this.history.all(now), devices: this.history.devices(this.store.deviceGeneration(), now) };
  }

  // Consent records (decision 0033): rows in consent-records.ts, rules in consent-rules.ts.

  /**
   * One consent step (a sign-up, a first sign-in, a version change): the open documents of `required`, ticked, are
   * recorded, checked and written in one transaction, so of two parallel or replayed steps only one records.
   */
  async acceptConsents(
    userId: string,
    step: { required: RequiredConsent[]; ticked: ConsentDocument[] },
    context: ConsentContext,
  ): Promise<ConsentStepOutcome> {
    const at = new Date().toISOString();
    return this.ctx.storage.transactionSync(() => {
      this.ensureCreated(userId, at);
      const outcome = consentStepOutcome(step.required, this.consents.all(), (doc) => step.ticked.includes(doc));
      if (outcome.ok) this.consents.accept(outcome.acceptances, context, at);
      return outcome;
    });
  }

  /** The whole consent history, oldest first, withdrawals included. */
  async consentHistory(): Promise<ConsentRow[]> {
    return this.created ? this.consents.all() : [];
  }

  /** Gives or withdraws an optional consent (checked and written in one transaction); the row that stands after. */
  async setOptionalConsent(
    userId: string,
    document: OptionalConsent,
    given: boolean,
    context: ConsentContext,
  ): Promise<ConsentRow | null> {
    const at = new Date().toISOString();
    return this.ctx.storage.transactionSync(() => {
      this.ensureCreated(userId, at);
      return this.consents.setOptional(document, given, context, at);
    });
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

  /**
   * After sessions ended: their live sockets close, and their `session.revoked` events (queued in the same
   * transaction, decision 0037) go to D1 now; the alarm retries what could not.
   */
  protected override async cutLiveSockets() {
    await super.cutLiveSockets();
    if (this.created) await this.flushOutbox();
  }

  // Two-factor authentication: the rules in two-factor.ts, the state and its transactions in two-factor-state.ts.

  private twoFactorState?: TwoFactorState;

  private get twoFactor(): TwoFactorState {
    this.twoFactorState ??= new TwoFactorState(
      this.ctx.storage,
      this.store,
      servicesOf(this.env).config.authSecret,
      () => this.twoFactorFanOut.queue(),
    );
    return this.twoFactorState;
  }

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
    return this.toldToWorkspaces(await this.twoFactor.verifySetup(code, new Date()));
  }

  /** A code (TOTP or backup) buys a fresh set of backup codes; the old ones stop working. */
  async regenerateBackupCodes(code: string): Promise<CodeProof<string[]>> {
    if (!this.created) return { ok: false, reason: "not_enabled" };
    return this.twoFactor.regenerateBackupCodes(code, new Date());
  }

  /** A code (TOTP or backup) turns two-factor off. The caller checks that the sign-in is recent. */
  async disableTwoFactor(code: string): Promise<CodeProof<null>> {
    if (!this.created) return { ok: false, reason: "not_enabled" };
    return this.toldToWorkspaces(await this.twoFactor.disable(code, new Date()));
  }

  /** After a two-factor change: its workspaces hear of it before the caller is answered (else by the alarm). */
  private async toldToWorkspaces<T extends { ok: boolean }>(outcome: T): Promise<T> {
    if (outcome.ok) await this.flushOutbox();
    return outcome;
  }

  /**
   * An admin's reset (decision 0020): two-factor off without a code, for a person who lost their authenticator or
   * found someone else's bound to their account. Also ends a pending setup. Whether there was anything to reset.
   */
  async resetTwoFactor(): Promise<boolean> {
    if (!this.created) return false;
    const had = this.ctx.storage.transactionSync(() => {
      const had = this.store.twoFactor() !== undefined;
      this.store.removeTwoFactor();
      if (had) this.twoFactorFanOut.queue();
      return had;
    });
    return (await this.toldToWorkspaces({ ok: had })).ok;
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

  // Connected accounts (decision 0038): connection-state.ts. A change delivers its D1 map row before answering.

  async linkConnection(userId: string, identity: UpstreamIdentity): Promise<Result<ConnectionView>> {
    this.ctx.storage.transactionSync(() => this.ensureCreated(userId, new Date().toISOString()));
    const linked = this.connections.link(identity, new Date());
    await this.connections.deliverIndex();
    return linked;
  }

  async unlinkConnection(provider: string, password: PasswordFacts): Promise<Result<null>> {
    if (!this.created) return fail("not_found", "No such connected account.");
    const removed = this.connections.unlink(provider, () => this.passkeys.methods(password), new Date());
    await this.connections.deliverIndex();
    return removed;
  }

  async listConnections(): Promise<ConnectionView[]> {
    return this.created ? this.connections.list() : [];
  }

  async noteConnectionSignIn(provider: string, subject: string): Promise<boolean> {
    return this.created && this.connections.noteSignIn(provider, subject, new Date());
  }

  // Deletion and purge (decision 0014): the rules in deletion-rules.ts, the steps in purge.ts.

  /** Marks the account for deletion (deletion-mark.ts) and sets the alarm for the end of the grace period. */
  async scheduleDeletion(userId: string, email: string, options: { byAdmin?: boolean } = {}) {
    const at = new Date().toISOString();
    const deletedAt = this.ctx.storage.transactionSync(() => {
      this.ensureCreated(userId, at);
      return markForDeletion(this.store, email, at, options.byAdmin ?? false);
    });
    await this.cutLiveSockets();
    await this.ctx.storage.setAlarm(Date.parse(purgeAfter(deletedAt, this.retention.deleted_accounts)));
    await this.twoFactorFanOut.armAlarm();
    return { deletedAt };
  }

  /** Lifts the deletion mark (deletion-mark.ts): `by` an admin for a mark an admin made. */
  async restore(by: "self" | "admin"): Promise<Result<{ cleared: string }>> {
    const result = this.ctx.storage.transactionSync(
      (): Result<{ cleared: string }> =>
        this.created
          ? liftDeletionMark(this.store, by)
          : fail("conflict", "The account is not scheduled for deletion."),
    );
    if (result.ok) await this.ctx.storage.deleteAlarm();
    if (result.ok) await this.twoFactorFanOut.armAlarm();
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

  /** The one alarm serves both: the outbox's retries (two-factor-fan-out.ts) and the purge. */
  override async alarm(): Promise<void> {
    if (this.created) await this.flushOutbox();
    const erased = await this.purge(new Date(), { force: false });
    if (!erased && this.created) await this.passkeys.deliverIndex();
    if (!erased && this.created) await this.connections.deliverIndex();
  }

  /**
   * Runs the purge (purge-run.ts) when it is due or forced. One purge at a time in this object: the alarm's and an
   * administrator's hard delete join the same run.
   */
  private purge(now: Date, options: { force: boolean }): Promise<boolean> {
    this.purging ??= this.handingOff(() => this.purgeOnce(now, options)).finally(() => {
      this.purging = undefined;
    });
    return this.purging;
  }

  private purging?: Promise<boolean>;

  /** The outbox's due rows; the `session.revoked` events it put in D1 go on to the platform's endpoints at once. */
  private flushOutbox(): Promise<void> {
    return this.handingOff(() => this.twoFactorFanOut.flush());
  }

  /** Runs `work`; the account events it queued in D1 are handed off in the background (decision 0037). */
  private handingOff<T>(work: () => Promise<T>): Promise<T> {
    return handingOffAccountEvents(servicesOf(this.env), (promise) => this.ctx.waitUntil(promise), work);
  }

  private async purgeOnce(now: Date, options: { force: boolean }): Promise<boolean> {
    if (!this.created) return false;
    const host = { storage: this.ctx.storage, store: this.store, deps: this.purgeDeps };
    const erased = await runPurge({ ...host, graceDays: this.retention.deleted_accounts }, now, options);
    if (erased) this.created = false;
    // The purge set the alarm for itself: brought forward again if an outbox retry is due sooner.
    else await this.twoFactorFanOut.armAlarm();
    return erased;
  }
}
