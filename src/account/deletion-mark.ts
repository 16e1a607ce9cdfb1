/**
 * The deletion mark in the Account object (decision 0014): set and lifted inside the object's transaction, so a
 * sign-in or a restore racing it sees either no mark or the whole of it (sessions ended, device trust ended).
 */
import { fail, ok, type Result } from "../lib/result";
import type { AccountStore } from "./store";

/**
 * Marks the account: every session ends, device trust ends. Asking again keeps the first date; an admin asking
 * makes the mark one only an admin may lift. Returns when it was marked.
 */
export function markForDeletion(store: AccountStore, email: string, at: string, byAdmin: boolean): string {
  if (byAdmin) store.setDeletedByAdmin(true);
  const marked = store.account()?.deletedAt;
  if (marked) return marked;
  store.setStanding({ deletedAt: at });
  store.setDeletionEmail(email);
  store.noteCurrentEmail(email.toLowerCase(), at); // an account older than the history: its first touch
  store.revokeSessions({}, "account_deleted", at);
  store.endDeviceTrust();
  return at;
}

/**
 * Lifts the mark within the grace period; too late once the purge has begun. A mark an admin made is lifted only
 * by an admin: a stolen session must not undo an admin's removal. `cleared`: the mark lifted.
 */
export function liftDeletionMark(store: AccountStore, by: "self" | "admin"): Result<{ cleared: string }> {
  const mark = store.account()?.deletedAt;
  if (!mark) return fail("conflict", "The account is not scheduled for deletion.");
  if (store.purgeProgress()) return fail("conflict", "The purge has begun; the account can no longer be restored.");
  if (by === "self" && store.deletedByAdmin()) return fail("restore_by_admin_only");
  store.setStanding({ deletedAt: null });
  store.setDeletionEmail(null);
  store.setDeletedByAdmin(false);
  return ok({ cleared: mark });
}
