/**
 * Refresh tokens are `<session id>.<generation>.<MAC>`: nothing secret is stored, and the token of
 * any generation can be recomputed, so a retry within the reuse grace gets the same successor.
 */
import type { DrizzleD1Database } from "drizzle-orm/d1";
import { hmacBase64Url, timingSafeEqualStrings } from "../lib/crypto";
import { macKey } from "./service-keys";

export interface RefreshTokenClaims {
  sessionId: string;
  generation: number;
}

export async function refreshTokenFor(db: DrizzleD1Database, claims: RefreshTokenClaims): Promise<string> {
  const body = `${claims.sessionId}.${claims.generation}`;
  return `${body}.${await hmacBase64Url(await macKey(db), "refresh-token", body)}`;
}

/** The claims of a token this service minted, or null for anything else. */
export async function readRefreshToken(db: DrizzleD1Database, token: string): Promise<RefreshTokenClaims | null> {
  const match = /^(ses_[A-Za-z0-9_-]{1,64})\.(0|[1-9]\d{0,8})\.([A-Za-z0-9_-]{43})$/.exec(token);
  if (!match) return null;
  const [, sessionId = "", generationText = "", mac = ""] = match;
  const expected = await hmacBase64Url(await macKey(db), "refresh-token", `${sessionId}.${generationText}`);
  if (!timingSafeEqualStrings(mac, expected)) return null;
  return { sessionId, generation: Number(generationText) };
}
