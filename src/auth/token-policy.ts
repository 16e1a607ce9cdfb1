/** Token lifetimes and the refresh-rotation rule, as plain data and one pure decision. */

/** Access tokens are short so that even a token we cannot refuse (no session check) dies soon. */
export const ACCESS_TOKEN_TTL_SECONDS = 15 * 60;
/** A session ends this long after sign-in, however often it refreshes. */
export const SESSION_MAX_AGE_SECONDS = 30 * 24 * 60 * 60;
/** A session that has not refreshed for this long is over (an abandoned device). */
export const SESSION_IDLE_SECONDS = 14 * 24 * 60 * 60;
/**
 * Two tabs may refresh with the same token at once: within this grace the previous token yields the
 * same successor instead of counting as theft.
 */
export const REFRESH_REUSE_GRACE_SECONDS = 30;
/** How recent a sign-in must be for sensitive changes (email, 2FA off, deletion). */
export const REAUTHENTICATION_WINDOW_SECONDS = 10 * 60;

export interface SessionState {
  refreshGeneration: number;
  /** When the current generation was issued (null before the first rotation). */
  rotatedAt: string | null;
  lastUsedAt: string;
  expiresAt: string;
  revokedAt: string | null;
}

export type RefreshDecision =
  /** The current token: issue generation + 1. */
  | { kind: "rotate"; nextGeneration: number }
  /** The previous token within the grace: hand out the current generation again. */
  | { kind: "replay"; generation: number }
  /** An older token, or the previous one after the grace: someone kept a used token. Revoke the session. */
  | { kind: "reuse_detected" }
  | { kind: "refused"; reason: "revoked" | "expired" | "idle" | "unknown_generation" };

export function decideRefresh(session: SessionState, presentedGeneration: number, now: Date): RefreshDecision {
  const at = now.getTime();
  if (session.revokedAt) return { kind: "refused", reason: "revoked" };
  if (at >= Date.parse(session.expiresAt)) return { kind: "refused", reason: "expired" };
  if (at - Date.parse(session.lastUsedAt) >= SESSION_IDLE_SECONDS * 1000) return { kind: "refused", reason: "idle" };
  const current = session.refreshGeneration;
  if (presentedGeneration === current) return { kind: "rotate", nextGeneration: current + 1 };
  if (presentedGeneration > current || presentedGeneration < 0)
    return { kind: "refused", reason: "unknown_generation" };
  const rotatedAt = session.rotatedAt ? Date.parse(session.rotatedAt) : Number.NEGATIVE_INFINITY;
  if (presentedGeneration === current - 1 && at - rotatedAt < REFRESH_REUSE_GRACE_SECONDS * 1000) {
    return { kind: "replay", generation: current };
  }
  return { kind: "reuse_detected" };
}

/** Whether the session's last proof of identity is recent enough for a sensitive change. */
export function isRecentSignIn(authenticatedAt: string, now: Date): boolean {
  return now.getTime() - Date.parse(authenticatedAt) <= REAUTHENTICATION_WINDOW_SECONDS * 1000;
}
