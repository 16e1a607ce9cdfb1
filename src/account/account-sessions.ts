/**
 * The Account Durable Object's first half: its storage and its sessions (decision 0010). Every change is one
 * synchronous storage transaction, so a refresh rotation or a revocation never races another. The class the
 * runtime knows is `Account` (account.ts), which adds two-factor, passkeys, the sign-in history and deletion; the
 * split only keeps each file short.
 */
import { DurableObject } from "cloudflare:workers";
import { drizzle } from "drizzle-orm/durable-sqlite";
import { migrate } from "drizzle-orm/durable-sqlite/migrator";
import { endsDeviceTrust } from "../auth/device-trust-rules";
import { decideRefresh, SESSION_MAX_AGE_SECONDS } from "../auth/token-policy";
import { newId } from "../lib/ids";
import { type RetentionPeriods, retentionCutoff } from "../retention/periods";
import { servicesOf } from "../services";
import { LiveSessions } from "./live-sessions";
import migrations from "./migrations/migrations.js";
import * as schema from "./schema";
import { lastUsedIsStale, type SessionVerdict, sessionVerdict } from "./session-rules";
import { type NewSession, type RefreshOutcome, type SessionView, view } from "./session-views";
import { AccountStore, type EmailHistoryRow } from "./store";

export abstract class AccountSessions extends DurableObject<Env> {
  protected readonly db;
  protected readonly store: AccountStore;
  /** The retention table (decision 0034): how long ended sessions, sign-ins and a deleted account are kept. */
  protected readonly retention: RetentionPeriods;
  private readonly live: LiveSessions;
  /** Whether this object holds an account's tables: an object nobody signed in to answers "unknown" and stays empty. */
  protected created = false;

  constructor(ctx: DurableObjectState, env: Env) {
    super(ctx, env);
    this.db = drizzle(ctx.storage, { schema });
    this.store = new AccountStore(this.db, ctx.storage.sql, ctx.storage.kv);
    this.retention = servicesOf(env).config.retention;
    this.live = new LiveSessions(ctx.storage.sql, servicesOf(env).workspaces);
  }

  /** Runs the migrations when the account's tables exist (the constructor's `blockConcurrencyWhile`). */
  protected openTables() {
    const tables = this.ctx.storage.sql.exec("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'account'");
    this.created = tables.toArray().length > 0;
    if (this.created) migrate(this.db, migrations);
  }

  /** Makes the account's tables on its first sign-in; later calls find them. */
  protected ensureCreated(userId: string, at: string) {
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
      this.store.deleteSessionsEndedBefore(retentionCutoff(now, this.retention.ended_sessions));
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

  /** Ends every session of one client (an app the person no longer authorizes); returns how many ended. */
  async revokeClientSessions(clientId: string, reason: string): Promise<number> {
    if (!this.created) return 0;
    const at = new Date().toISOString();
    const ended = this.ctx.storage.transactionSync(() => this.store.revokeSessions({ clientId }, reason, at));
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
  protected async cutLiveSockets() {
    if (this.created) await this.live.cutEnded(new Date());
  }

  /** The generation device cookies must carry to count (decision 0019); read at every trusted attempt. */
  async deviceGeneration(): Promise<number> {
    return this.store.deviceGeneration();
  }
}
