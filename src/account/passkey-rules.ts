/**
 * Pure passkey rules (decision 0031): how long a challenge lives, the signature counter, a passkey's name, how many
 * an account may hold, and which sign-in methods an account keeps when one is removed.
 */

/** A registration or sign-in challenge is answered within 5 minutes, once. */
export const PASSKEY_CHALLENGE_SECONDS = 5 * 60;
/** Enough for every device a person owns, and a bound on what one account's object and D1 rows hold. */
export const MAX_PASSKEYS_PER_ACCOUNT = 20;
export const PASSKEY_NAME_MAX_LENGTH = 64;
export const DEFAULT_PASSKEY_NAME = "Passkey";

export function challengeExpiresAt(now: Date): string {
  return new Date(now.getTime() + PASSKEY_CHALLENGE_SECONDS * 1000).toISOString();
}

export function challengeIsLive(expiresAt: string, now: Date): boolean {
  return Date.parse(expiresAt) > now.getTime();
}

/**
 * Whether an assertion's signature counter may be accepted after `stored`. Authenticators that keep no counter
 * (synced passkeys) report 0 every time; once either side is non-zero the counter must grow, or the key may have
 * been cloned (WebAuthn §6.1.1).
 */
export function counterAdvances(stored: number, received: number): boolean {
  if (stored === 0 && received === 0) return true;
  return received > stored;
}

/** A name as given: trimmed, inner whitespace collapsed; empty means the default. Null when too long. */
export function passkeyName(given: string | undefined): string | null {
  const name = (given ?? "").trim().replace(/\s+/g, " ");
  if (name.length > PASSKEY_NAME_MAX_LENGTH) return null;
  return name || DEFAULT_PASSKEY_NAME;
}

/**
 * What the account's own sign-in methods are, for "never the last way to sign in". The emailed code is not one of
 * them: it works for every verified address, so counting it would make every removal allowed; the rule protects
 * the methods a person set up (decision 0031).
 */
export interface SignInMethods {
  /** The directory holds a password hash. */
  hasPasswordHash: boolean;
  /** When that password was set (ISO), null when unknown. */
  passwordChangedAt: string | null;
  /** When this account object last allowed removing the password (ISO), null when never. */
  passwordRemovedAt: string | null;
  passkeyCount: number;
  /** Connected accounts (decision 0038): each signs in on its own. */
  connectionCount: number;
}

/**
 * Whether the password counts: a hash in the directory that was set after the last removal this object allowed. The
 * object records the removal in the same transaction that checks the passkeys, so a passkey removal racing a password
 * removal sees the password as gone even before the directory's write lands.
 */
export function passwordCounts(methods: SignInMethods): boolean {
  if (!methods.hasPasswordHash) return false;
  if (!methods.passwordRemovedAt) return true;
  return methods.passwordChangedAt !== null && methods.passwordChangedAt > methods.passwordRemovedAt;
}

/** Whether removing `what` (one of it) leaves the account at least one of its own sign-in methods. */
export function mayRemoveSignInMethod(methods: SignInMethods, what: "password" | "passkey" | "connection"): boolean {
  const password = passwordCounts(methods) ? 1 : 0;
  const all = password + methods.passkeyCount + methods.connectionCount;
  const removed = what === "password" ? password : 1;
  return all - removed >= 1;
}

/**
 * The wait before the D1 map row of a passkey is tried again after `attempts` failures: doubling from one second, at
 * most five minutes, and never given up (a usernameless sign-in finds the account only through that row).
 */
export function indexRetryDelayMs(attempts: number): number {
  return Math.min(1_000 * 2 ** Math.max(0, attempts - 1), 5 * 60_000);
}
