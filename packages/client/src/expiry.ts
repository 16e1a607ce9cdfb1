/** When an access token must be replaced: pure arithmetic over milliseconds, so it is tested without a clock. */

/**
 * Refresh this long before the access token expires, so no request carries a token that dies in flight (a slow
 * network, a clock a few seconds off the issuer's).
 */
export const DEFAULT_EXPIRY_MARGIN_MS = 60_000;

export interface AccessToken {
  token: string;
  /** Epoch milliseconds at which the issuer stops accepting it. */
  expiresAt: number;
}

/** The access token of a token answer, dated from `now` (the answer's `expires_in` is in seconds). */
export function accessTokenFrom(token: string, expiresInSeconds: number, now: number): AccessToken {
  return { token, expiresAt: now + expiresInSeconds * 1000 };
}

/** Whether `access` may still be sent at `now`: it must outlive the margin, not merely be unexpired. */
export function isFresh(access: AccessToken | null, now: number, marginMs = DEFAULT_EXPIRY_MARGIN_MS): boolean {
  return access !== null && access.expiresAt - marginMs > now;
}
