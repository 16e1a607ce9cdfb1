/**
 * The Account object's passkeys (decision 0031): registration challenges bound to a session, the credentials, the
 * counter and `backed_up` at each use, and the D1 map `passkey_credentials` delivered through an outbox. Every check
 * and its write are one `transactionSync`; the WebAuthn verification itself runs in the worker, before or after.
 */
import { and, eq } from "drizzle-orm";
import type { DrizzleD1Database } from "drizzle-orm/d1";
import { passkeyCredentials } from "../auth/passkey-schema";
import { newId, randomBase64Url } from "../lib/ids";
import { fail, ok, type Result } from "../lib/result";
import {
  challengeExpiresAt,
  challengeIsLive,
  counterAdvances,
  indexRetryDelayMs,
  MAX_PASSKEYS_PER_ACCOUNT,
  mayRemoveSignInMethod,
  type SignInMethods,
} from "./passkey-rules";
import { type PasskeyOutboxRow, type PasskeyRow, PasskeyStore } from "./passkey-store";
import type { AccountStore } from "./store";

/** A passkey as its owner sees it: never its key. */
export interface PasskeyView {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
  backedUp: boolean;
  deviceType: "singleDevice" | "multiDevice";
}

/** A credential the worker verified at registration. */
export interface NewPasskey {
  credentialId: string;
  publicKey: string;
  counter: number;
  transports: string[];
  backedUp: boolean;
  deviceType: "singleDevice" | "multiDevice";
  name: string;
}

/** What a sign-in needs to check an assertion. */
export interface PasskeyKey {
  userId: string;
  credentialId: string;
  publicKey: string;
  counter: number;
  transports: string[];
}

/** The directory's facts about the account's password, read by the caller (passkey-rules.ts `SignInMethods`). */
export type PasswordFacts = Pick<SignInMethods, "hasPasswordHash" | "passwordChangedAt">;

const viewOf = (row: PasskeyRow): PasskeyView => ({
  id: row.id,
  name: row.name,
  createdAt: row.createdAt,
  lastUsedAt: row.lastUsedAt,
  backedUp: row.backedUp,
  deviceType: row.deviceType,
});

const transportsOf = (row: PasskeyRow): string[] => JSON.parse(row.transports) as string[];

const LAST_METHOD = "This is your last way to sign in: add a passkey, connect an account or set a password first.";

export class PasskeyState {
  private readonly passkeys: PasskeyStore;

  constructor(
    private readonly storage: DurableObjectStorage,
    db: ConstructorParameters<typeof PasskeyStore>[0],
    private readonly store: AccountStore,
    private readonly d1: DrizzleD1Database,
    /** The account's connected accounts (decision 0038), which count as ways to sign in too. */
    private readonly connectionCount: () => number,
  ) {
    this.passkeys = new PasskeyStore(db, storage.kv);
  }

  /** A new registration challenge for `sessionId` (replacing its previous one) and the passkeys to exclude. */
  openRegistration(
    sessionId: string,
    now: Date,
  ): { challenge: string; exclude: { id: string; transports: string[] }[] } {
    const challenge = randomBase64Url(32);
    return this.storage.transactionSync(() => {
      this.passkeys.deleteChallengesExpiredBy(now.toISOString());
      this.passkeys.putChallenge(sessionId, challenge, challengeExpiresAt(now));
      const exclude = this.passkeys.all().map((row) => ({ id: row.credentialId, transports: transportsOf(row) }));
      return { challenge, exclude };
    });
  }

  /** The session's live registration challenge, consumed: null when none, expired, or already answered. */
  takeRegistrationChallenge(sessionId: string, now: Date): string | null {
    const taken = this.storage.transactionSync(() => this.passkeys.takeChallenge(sessionId));
    return taken && challengeIsLive(taken.expiresAt, now) ? taken.challenge : null;
  }

  add(input: NewPasskey, now: Date): Result<PasskeyView> {
    return this.storage.transactionSync((): Result<PasskeyView> => {
      if (this.passkeys.byCredentialId(input.credentialId)) {
        return fail("conflict", "This passkey is already registered to your account.");
      }
      if (this.passkeys.all().length >= MAX_PASSKEYS_PER_ACCOUNT) {
        return fail("conflict", `An account holds at most ${MAX_PASSKEYS_PER_ACCOUNT} passkeys; remove one first.`);
      }
      const row: PasskeyRow = {
        id: newId("pk"),
        credentialId: input.credentialId,
        publicKey: input.publicKey,
        counter: input.counter,
        transports: JSON.stringify(input.transports),
        backedUp: input.backedUp,
        deviceType: input.deviceType,
        name: input.name,
        createdAt: now.toISOString(),
        lastUsedAt: null,
      };
      this.passkeys.insert(row);
      this.passkeys.queueIndex(row.credentialId, now.getTime());
      return ok(viewOf(row));
    });
  }

  list(): PasskeyView[] {
    return this.passkeys.all().map(viewOf);
  }

  count(): number {
    return this.passkeys.all().length;
  }

  rename(id: string, name: string): PasskeyView | null {
    return this.storage.transactionSync(() => {
      const row = this.passkeys.byId(id);
      if (!row) return null;
      this.passkeys.update(id, { name });
      return viewOf({ ...row, name });
    });
  }

  /** Removes a passkey unless it is the account's last way to sign in. */
  remove(id: string, password: PasswordFacts, now: Date): Result<null> {
    return this.storage.transactionSync((): Result<null> => {
      const row = this.passkeys.byId(id);
      if (!row) return fail("not_found", "No such passkey on your account.");
      if (!mayRemoveSignInMethod(this.methods(password), "passkey")) return fail("last_sign_in_method", LAST_METHOD);
      this.passkeys.delete(id);
      this.passkeys.queueIndex(row.credentialId, now.getTime());
      return ok(null);
    });
  }

  /** Allows removing the password when a passkey remains, and records it (passkey-rules.ts `passwordCounts`). */
  allowPasswordRemoval(password: PasswordFacts, now: Date): Result<null> {
    return this.storage.transactionSync((): Result<null> => {
      if (!password.hasPasswordHash) return fail("not_found", "Your account has no password.");
      if (!mayRemoveSignInMethod(this.methods(password), "password")) return fail("last_sign_in_method", LAST_METHOD);
      this.passkeys.notePasswordRemoved(now.toISOString());
      return ok(null);
    });
  }

  /** The account's own sign-in methods, the password as the directory and this object know it. */
  methods(password: PasswordFacts): SignInMethods {
    const passwordRemovedAt = this.passkeys.passwordRemovedAt();
    return { ...password, passwordRemovedAt, passkeyCount: this.count(), connectionCount: this.connectionCount() };
  }

  /** The key of `credentialId` for a sign-in; null when unknown here or the account may not sign in. */
  keyForSignIn(credentialId: string): PasskeyKey | null {
    const standing = this.store.account();
    if (!standing || standing.deactivatedAt || standing.deletedAt) return null;
    const row = this.passkeys.byCredentialId(credentialId);
    if (!row) return null;
    const { publicKey, counter } = row;
    return { userId: standing.userId, credentialId, publicKey, counter, transports: transportsOf(row) };
  }

  /**
   * A verified assertion: the counter moves on, `backed_up` and the time are recorded. Decided again here, in the
   * transaction, so two assertions checked against the same stored counter cannot both pass.
   */
  noteUse(credentialId: string, use: { counter: number; backedUp: boolean }, now: Date): boolean {
    return this.storage.transactionSync(() => {
      const standing = this.store.account();
      const row = this.passkeys.byCredentialId(credentialId);
      if (!row || !standing || standing.deactivatedAt || standing.deletedAt) return false;
      if (!counterAdvances(row.counter, use.counter)) return false;
      this.passkeys.update(row.id, { counter: use.counter, backedUp: use.backedUp, lastUsedAt: now.toISOString() });
      return true;
    });
  }

  /** Writes every due map row to D1 as this object holds it now; a failure waits for the alarm. */
  async deliverIndex(now = new Date()): Promise<void> {
    const userId = this.store.account()?.userId;
    if (!userId) return;
    for (const row of this.passkeys.dueIndexRows(now.getTime())) {
      try {
        await this.writeIndexRow(userId, row);
        this.passkeys.deliveredIndex(row);
      } catch (error) {
        console.warn(`passkey index of ${userId}: delivery failed (${row.attempts + 1}): ${String(error)}`);
        this.passkeys.failedIndex(row.credentialId, row.attempts + 1, Date.now() + indexRetryDelayMs(row.attempts + 1));
      }
    }
    const next = this.passkeys.nextIndexAttemptAt();
    if (next === undefined) return;
    const alarm = await this.storage.getAlarm();
    if (alarm === null || alarm > next) await this.storage.setAlarm(next);
  }

  /** Idempotent; a credential id another account already holds keeps its row (the route refuses such a copy). */
  private async writeIndexRow(userId: string, row: PasskeyOutboxRow): Promise<void> {
    const held = this.passkeys.byCredentialId(row.credentialId);
    if (held) {
      await this.d1
        .insert(passkeyCredentials)
        .values({ credentialId: row.credentialId, userId, createdAt: held.createdAt })
        .onConflictDoNothing({ target: passkeyCredentials.credentialId });
    } else {
      await this.d1
        .delete(passkeyCredentials)
        .where(and(eq(passkeyCredentials.credentialId, row.credentialId), eq(passkeyCredentials.userId, userId)));
    }
  }
}
