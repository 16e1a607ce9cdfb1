/**
 * The re-authentication rule for sensitive changes (email change, two-factor off, deletion): the session's last
 * proof of identity must be at most REAUTHENTICATION_WINDOW_SECONDS old. Every completed /authorize asks for a
 * factor (there is no single-sign-on session to skip it), so a client gets a fresh one by running /authorize again.
 */
import type { Caller } from "../auth/caller";
import { isRecentSignIn } from "../auth/token-policy";
import { ApiError } from "../lib/problem";

/** Throws 403 `reauthentication_required` unless the caller signed in within the window. */
export async function requireRecentSignIn(caller: Caller, now = new Date()): Promise<void> {
  const { authenticatedAt } = await caller.standing();
  if (!isRecentSignIn(authenticatedAt, now)) throw new ApiError("reauthentication_required");
}
