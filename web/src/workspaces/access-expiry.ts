/**
 * An owner gives a member access until a day (PATCH …/members/:user_id { expires_at }, docs/api.md): the day is
 * picked in a date input, in the owner's own time zone, and access ends at the end of that day there. The server
 * wants a time in the future and at most ten years ahead, so the input offers only those days.
 */
import { formatDate } from "../ui/dates";

/** "2026-12-24" → the last millisecond of that day, local time, as ISO 8601 (UTC); null for an empty input. */
export function expiryOfDay(day: string): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!match) return null;
  const [year, month, date] = [Number(match[1]), Number(match[2]), Number(match[3])];
  return new Date(year, month - 1, date, 23, 59, 59, 999).toISOString();
}

function dayOf(date: Date): string {
  const pad = (value: number) => String(value).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

/** The local day an expiry falls on, as a date input's value ("" when there is none). */
export function dayOfExpiry(expiresAt: string | null | undefined): string {
  return expiresAt ? dayOf(new Date(expiresAt)) : "";
}

/** The days an owner may pick: from today (whose end is still ahead) to ten years on, less a day. */
export function expiryDayBounds(now: Date): { min: string; max: string } {
  const last = new Date(now.getFullYear() + 10, now.getMonth(), now.getDate() - 1);
  return { min: dayOf(now), max: dayOf(last) };
}

export interface ExpiryChange {
  name: string;
  workspace: string;
  /** The expiry now (ISO), or null for none. */
  from: string | null;
  /** The staged one, or null to clear it. */
  to: string | null;
}

/** The confirmation's words: setting an end date removes the person on that day, with no one acting then. */
export function expiryChangeWords(change: ExpiryChange): { title: string; consequence: string } {
  if (change.to === null)
    return {
      title: `Keep ${change.name} in ${change.workspace} with no end date`,
      consequence: `${change.name} keeps access to ${change.workspace} until someone removes them.`,
    };
  const day = formatDate(change.to);
  return {
    title: `End ${change.name}'s access on ${day}`,
    consequence: `${change.name} will be removed from ${change.workspace} automatically at the end of ${day}, and emailed a day before.`,
  };
}
