/**
 * Whether a session may act right now, as one pure decision over the session and its account's standing. The
 * Account object asks it on every authenticated request, so a revoked session, a deactivated account or an ended
 * session is refused at its very next request.
 */
import { SESSION_IDLE_SECONDS } from "../auth/token-policy";

export interface SessionFacts {
  revokedAt: string | null;
  expiresAt: string;
  lastUsedAt: string;
  authenticatedAt: string;
}

export interface StandingFacts {
  deactivatedAt: string | null;
  deletedAt: string | null;
}

export type SessionVerdict =
  | { ok: true; authenticatedAt: string; deletedAt: string | null }
  | { ok: false; reason: "unknown" | "revoked" | "expired" | "idle" | "deactivated" };

/** Written back at most this often: "last used" is for people reading their session list, not a clock. */
export const LAST_USED_RESOLUTION_SECONDS = 60;

export function sessionVerdict(
  session: SessionFacts | undefined,
  standing: StandingFacts | undefined,
  now: Date,
): SessionVerdict {
  if (!session || !standing) return { ok: false, reason: "unknown" };
  if (standing.deactivatedAt) return { ok: false, reason: "deactivated" };
  if (session.revokedAt) return { ok: false, reason: "revoked" };
  const at = now.getTime();
  if (at >= Date.parse(session.expiresAt)) return { ok: false, reason: "expired" };
  if (at - Date.parse(session.lastUsedAt) >= SESSION_IDLE_SECONDS * 1000) return { ok: false, reason: "idle" };
  return { ok: true, authenticatedAt: session.authenticatedAt, deletedAt: standing.deletedAt };
}

/** Whether using the session now should move its "last used" time (not on every request). */
export function lastUsedIsStale(lastUsedAt: string, now: Date): boolean {
  return now.getTime() - Date.parse(lastUsedAt) >= LAST_USED_RESOLUTION_SECONDS * 1000;
}
