/**
 * The pure rules of expiring access (decision 0028, "Expiring access"): which `expires_at` an owner may set, who
 * may carry one, when the day-before mail is due, and when the object's alarm must next wake.
 */
import { leavesWithoutOwner, type Role } from "./roles";

/** The day-before mail goes this long before a member's access ends. */
export const EXPIRY_WARNING_MS = 24 * 60 * 60 * 1000;
/** The furthest ahead an expiry may be set: beyond this it is a typo, not a plan. */
export const MAX_EXPIRY_AHEAD_MS = 10 * 365 * 24 * 60 * 60 * 1000;

/**
 * An `expires_at` from a request, checked against `now`: null clears it; anything else must be a timestamp in the
 * future (and within ten years), stored normalised to UTC so stored values compare as strings.
 */
export function parseExpiry(value: string | null, now: number): { ok: true; value: string | null } | { ok: false } {
  if (value === null) return { ok: true, value: null };
  const ms = Date.parse(value);
  if (!Number.isFinite(ms) || ms <= now || ms - now > MAX_EXPIRY_AHEAD_MS) return { ok: false };
  return { ok: true, value: new Date(ms).toISOString() };
}

/** Whether the alarm may remove this member now: expired, and never the last owner (a stale row; kept, not removed). */
export function isDue(member: { role: Role; expiresAt: string | null }, ownerCount: number, now: number): boolean {
  if (member.expiresAt === null || Date.parse(member.expiresAt) > now) return false;
  return !leavesWithoutOwner(ownerCount, member.role, null);
}

/** Whether the day-before mail is due: within a day of the end, not yet sent for this expiry, not yet expired. */
export function warningDue(member: { expiresAt: string | null; expiryWarnedAt: string | null }, now: number): boolean {
  if (member.expiresAt === null || member.expiryWarnedAt !== null) return false;
  const end = Date.parse(member.expiresAt);
  return end > now && end - now <= EXPIRY_WARNING_MS;
}

/** The alarm's time: the earliest of the next outbox attempt and the next expiry work (null: nothing to wait for). */
export function earliestWake(...times: readonly (number | null)[]): number | null {
  const set = times.filter((time): time is number => time !== null);
  return set.length === 0 ? null : Math.min(...set);
}
