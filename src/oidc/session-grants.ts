/**
 * What a session of an OpenID Connect client was granted (scopes, how and when the person signed in), kept beside
 * the session for as long as it may last, so a refresh mints access tokens with the same scope and userinfo
 * answers the same claims. The session itself stays the Account object's (revocation is decided there).
 */
import type { StorageAdapter } from "@openauthjs/openauth/storage/storage";
import { SESSION_MAX_AGE_SECONDS } from "../auth/token-policy";

export interface SessionGrant {
  /** Named so that the account's purge finds the row (src/account/purge.ts scans values for the person's id). */
  userId: string;
  clientId: string;
  scopes: string[];
  /** Seconds since the epoch. */
  authTime: number;
  amr: string[];
}

const key = (sessionId: string) => ["oidc:session", sessionId];

export async function saveSessionGrant(storage: StorageAdapter, sessionId: string, grant: SessionGrant) {
  await storage.set(key(sessionId), grant, new Date(Date.now() + SESSION_MAX_AGE_SECONDS * 1000));
}

export async function sessionGrant(storage: StorageAdapter, sessionId: string): Promise<SessionGrant | null> {
  return ((await storage.get(key(sessionId))) as SessionGrant | undefined) ?? null;
}
