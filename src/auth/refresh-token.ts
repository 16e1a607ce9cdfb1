/**
 * Refresh tokens are `<user id>.<session id>.<generation>.<MAC>` under the MAC key derived from AUTH_SECRET
 * (src/auth/service-keys.ts `macKey`): nothing secret is stored, the user id names the Account object that holds
 * the session, and the token of any generation can be recomputed, so a retry within the reuse grace gets the same
 * successor.
 */
import { hmacBase64Url, timingSafeEqualStrings } from "../lib/crypto";

export interface RefreshTokenClaims {
  userId: string;
  sessionId: string;
  generation: number;
}

export async function refreshTokenFor(macKey: CryptoKey, claims: RefreshTokenClaims): Promise<string> {
  const body = `${claims.userId}.${claims.sessionId}.${claims.generation}`;
  return `${body}.${await hmacBase64Url(macKey, "refresh-token", body)}`;
}

const REFRESH_TOKEN = /^(usr_[A-Za-z0-9_-]{1,64})\.(ses_[A-Za-z0-9_-]{1,64})\.(0|[1-9]\d{0,8})\.([A-Za-z0-9_-]{43})$/;

/** The claims of a token this service minted, or null for anything else. */
export async function readRefreshToken(macKey: CryptoKey, token: string): Promise<RefreshTokenClaims | null> {
  const match = REFRESH_TOKEN.exec(token);
  if (!match) return null;
  const [, userId = "", sessionId = "", generationText = "", mac = ""] = match;
  const expected = await hmacBase64Url(macKey, "refresh-token", `${userId}.${sessionId}.${generationText}`);
  if (!timingSafeEqualStrings(mac, expected)) return null;
  return { userId, sessionId, generation: Number(generationText) };
}
