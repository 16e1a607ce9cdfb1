/**
 * The Account object's two-factor state: setup, the proof a code gives, backup codes, and the sign-ins waiting for a
 * second factor. Crypto is asynchronous and a storage transaction is not, so each change first unseals the secret
 * or computes a code's MAC, then decides and writes in one `transactionSync` that reads the row again: a request
 * that ran in between (the same code twice at once, a disable) is seen, never overwritten.
 */

import { seal, unseal } from "../auth/sealed-values";
import { macKey, twoFactorKey } from "../auth/service-keys";
import { randomBase64Url } from "../lib/ids";
import type { AccountStore } from "./store";
import {
  backupCodeDigest,
  checkTotp,
  codeKind,
  newBackupCodes,
  newTotpSecret,
  normalizeBackupCode,
  SECOND_FACTOR_CHALLENGE_SECONDS,
} from "./two-factor";

export type CodeRefusal = "not_enabled" | "not_pending" | "no_challenge" | "wrong" | "replayed";
export type CodeProof<T> = { ok: true; value: T } | { ok: false; reason: CodeRefusal };

/** What a code is asked to prove: setup's first code (TOTP only), or a code of an account whose two-factor is on. */
interface ProofOptions {
  status: "pending" | "on";
  /** Sign-in only: this waiting sign-in must still be open, and the right code closes it. */
  challenge?: string;
}

/** The sealed secret's associated data: a value sealed for one account cannot be moved to another's row. */
const rowKeyOf = (userId: string) => `account:${userId}:two-factor`;

export class TwoFactorState {
  constructor(
    private readonly storage: DurableObjectStorage,
    private readonly store: AccountStore,
    private readonly authSecret: string,
    /** Called inside the transaction that turns two-factor on or off (the workspaces must hear of it). */
    private readonly changed: () => void = () => {},
  ) {}

  enabled(): boolean {
    return this.store.twoFactor()?.status === "on";
  }

  /** A new pending secret (replacing a pending one); refused while two-factor is on. */
  async begin(userId: string, at: string): Promise<{ ok: true; secret: string } | { ok: false; reason: "already_on" }> {
    if (this.enabled()) return { ok: false, reason: "already_on" };
    const secret = newTotpSecret();
    const sealed = JSON.stringify(await seal(await twoFactorKey(this.authSecret), rowKeyOf(userId), secret));
    return this.storage.transactionSync(() => {
      if (this.enabled()) return { ok: false, reason: "already_on" } as const;
      this.store.putPendingTwoFactor(sealed, at);
      return { ok: true, secret } as const;
    });
  }

  /** Setup's first right code turns two-factor on, with a fresh set of backup codes. */
  async verifySetup(code: string, now: Date): Promise<CodeProof<string[]>> {
    const fresh = await this.freshBackupCodes();
    return this.prove(code, now, { status: "pending" }, (step) => {
      this.store.enableTwoFactor(step ?? 0, now.toISOString());
      this.store.replaceBackupCodes(fresh.digests, now.toISOString());
      this.changed();
      return fresh.codes;
    });
  }

  /** A right code replaces every backup code with a fresh set. */
  async regenerateBackupCodes(code: string, now: Date): Promise<CodeProof<string[]>> {
    const fresh = await this.freshBackupCodes();
    return this.prove(code, now, { status: "on" }, () => {
      this.store.replaceBackupCodes(fresh.digests, now.toISOString());
      return fresh.codes;
    });
  }

  /** A right code turns two-factor off: secret, backup codes and waiting sign-ins go. */
  disable(code: string, now: Date): Promise<CodeProof<null>> {
    return this.prove(code, now, { status: "on" }, () => {
      this.store.removeTwoFactor();
      this.changed();
      return null;
    });
  }

  /** A sign-in that passed its first factor now waits for its second: the nonce its form state carries. */
  openChallenge(now: Date): string | null {
    if (!this.enabled()) return null;
    const nonce = randomBase64Url(16);
    const expiresAt = new Date(now.getTime() + SECOND_FACTOR_CHALLENGE_SECONDS * 1000).toISOString();
    this.storage.transactionSync(() => this.store.openSecondFactorChallenge(nonce, expiresAt, now.toISOString()));
    return nonce;
  }

  /** The second factor of a waiting sign-in: a right code (TOTP or unused backup code) closes the challenge. */
  completeChallenge(challenge: string, code: string, now: Date): Promise<CodeProof<null>> {
    return this.prove(code, now, { status: "on", challenge }, () => {
      this.store.closeSecondFactorChallenge(challenge);
      return null;
    });
  }

  /**
   * Checks `code` and, when it is right, marks it used and runs `then`, all in one transaction. A TOTP code is
   * always accepted; a backup code only once two-factor is on (setup proves the app, not the paper).
   */
  private async prove<T>(
    code: string,
    now: Date,
    options: ProofOptions,
    then: (step: number | null) => T,
  ): Promise<CodeProof<T>> {
    const before = this.store.twoFactor();
    const userId = this.store.account()?.userId;
    if (!before || !userId) return { ok: false, reason: "not_enabled" };
    const kind = codeKind(code);
    const secret = kind === "totp" ? await this.unsealSecret(userId, before.sealedSecret) : undefined;
    const backup = normalizeBackupCode(code);
    const digest =
      kind === "backup" && backup && options.status === "on"
        ? await backupCodeDigest(await macKey(this.authSecret), userId, backup)
        : undefined;
    const at = now.toISOString();

    return this.storage.transactionSync((): CodeProof<T> => {
      const row = this.store.twoFactor();
      if (!row || row.sealedSecret !== before.sealedSecret) return { ok: false, reason: "not_enabled" };
      if (row.status !== options.status) {
        return { ok: false, reason: options.status === "pending" ? "not_pending" : "not_enabled" };
      }
      if (options.challenge && !this.store.isOpenSecondFactorChallenge(options.challenge, at)) {
        return { ok: false, reason: "no_challenge" };
      }
      if (secret !== undefined) {
        const check = checkTotp(secret, code, now, row.lastUsedStep);
        if (!check.ok) return check;
        this.store.recordTotpStep(check.step);
        return { ok: true, value: then(check.step) };
      }
      if (digest !== undefined && this.store.spendBackupCode(digest, at)) return { ok: true, value: then(null) };
      return { ok: false, reason: "wrong" };
    });
  }

  /** The plain secret, or undefined when it was sealed under another AUTH_SECRET (then no TOTP code is right). */
  private async unsealSecret(userId: string, sealedSecret: string): Promise<string | undefined> {
    const value = await unseal(await twoFactorKey(this.authSecret), rowKeyOf(userId), JSON.parse(sealedSecret));
    return typeof value === "string" ? value : undefined;
  }

  private async freshBackupCodes(): Promise<{ codes: string[]; digests: string[] }> {
    const userId = this.store.account()?.userId ?? "";
    const key = await macKey(this.authSecret);
    const codes = newBackupCodes();
    const digests = await Promise.all(
      codes.map((code) => backupCodeDigest(key, userId, normalizeBackupCode(code) ?? code)),
    );
    return { codes, digests };
  }
}
