/**
 * Access tokens whose signature and claims this isolate has already verified, so a token's next requests skip the
 * ES256 verification (the permission check's largest cost after the two object calls: bench/README.md, "Where the
 * check's time goes"). What can change between two uses of one token is still checked at each use: its expiry here,
 * the issuer and audience the caller expects here, and the session and account by the caller (requireUser asks the
 * Account object every time, so revocation stays instant). The set lives in memory only, beside the key set it was
 * verified with (access-token.ts): a reloaded or forgotten key set starts an empty one.
 */

/** A verified token's claims, and what a later use must be checked against. */
export interface VerifiedToken<T> {
  claims: T;
  issuer: string;
  audiences: readonly string[];
  /** The token's `exp`, in seconds since the epoch. */
  expiresAtSeconds: number;
}

/** `"any"`: the caller checks the client itself (as `verifyAccessToken`'s `audiences`). */
export type ExpectedAudiences = readonly string[] | "any";

/** Whether a verified token may be used now by a caller expecting `issuer` and `audiences`; jose's rules. */
export function stillValid<T>(
  token: VerifiedToken<T>,
  expected: { issuer: string; audiences: ExpectedAudiences },
  nowSeconds: number,
): boolean {
  // jose refuses a token whose `exp` is now or past, with no tolerance.
  if (token.expiresAtSeconds <= nowSeconds) return false;
  if (token.issuer !== expected.issuer) return false;
  if (expected.audiences === "any") return true;
  const accepted = expected.audiences;
  return token.audiences.some((audience) => accepted.includes(audience));
}

/**
 * At most `capacity` verified tokens, the oldest forgotten first. Bounded so that a flood of distinct valid tokens
 * costs memory in proportion to the cap, not to the flood.
 */
export class VerifiedTokens<T> {
  private readonly byToken = new Map<string, VerifiedToken<T>>();
  private readonly capacity: number;

  constructor(capacity: number) {
    this.capacity = capacity;
  }

  get size(): number {
    return this.byToken.size;
  }

  /** The verified token if it is still valid for this caller now; an expired one is forgotten. */
  find(
    token: string,
    expected: { issuer: string; audiences: ExpectedAudiences },
    nowSeconds: number,
  ): VerifiedToken<T> | undefined {
    const known = this.byToken.get(token);
    if (!known) return undefined;
    if (known.expiresAtSeconds <= nowSeconds) {
      this.byToken.delete(token);
      return undefined;
    }
    return stillValid(known, expected, nowSeconds) ? known : undefined;
  }

  remember(token: string, verified: VerifiedToken<T>): void {
    if (this.byToken.has(token)) return;
    if (this.byToken.size >= this.capacity) {
      const oldest = this.byToken.keys().next().value;
      if (oldest !== undefined) this.byToken.delete(oldest);
    }
    this.byToken.set(token, Object.freeze(verified));
  }
}
