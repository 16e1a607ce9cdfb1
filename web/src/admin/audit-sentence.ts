/**
 * A platform audit event as one sentence for people ("Ada deactivated Eddie's account"): the names the API resolved
 * (`actor`, `subject`), the changed fields from `details.before`/`after` in words, never a raw id or a code. One
 * wording per action the server records (src/admin/audit-actions.ts).
 */
import type { AdminAuditAction } from "../../../src/admin/audit-actions";
import { type ReadableEvent, who, whom, whose } from "../audit/words";

type Side = Record<string, unknown>;

const sides = (event: ReadableEvent) => {
  const details = (event.details ?? {}) as { before?: Side | null; after?: Side | null; by?: string };
  return { before: details.before ?? {}, after: details.after ?? {}, by: details.by };
};

const isPseudonym = (value: unknown) => typeof value === "string" && value.startsWith("deleted_");
const NAME_FIELDS: Record<string, string> = { first_name: "first name", last_name: "last name" };

/** Each changed field of a `user_updated` as a phrase ("made Eddie an admin", "deactivated Eddie's account"). */
function changes(event: ReadableEvent): string[] {
  const { before, after } = sides(event);
  const phrases: string[] = [];
  for (const [field, value] of Object.entries(after)) {
    if (field === "platform_role")
      phrases.push(`made ${whom(event.subject)} ${value === "admin" ? "an admin" : "a regular user"}`);
    else if (field === "is_active")
      phrases.push(`${value ? "reactivated" : "deactivated"} ${whose(event.subject, event.actor)} account`);
    else if (NAME_FIELDS[field]) {
      const was = before[field];
      const shown = (text: unknown) =>
        isPseudonym(text) || typeof text !== "string" || text === "" ? "" : ` “${text}”`;
      const from = shown(was) ? ` from${shown(was)}` : "";
      phrases.push(
        `changed ${whose(event.subject, event.actor)} ${NAME_FIELDS[field]}${from}${shown(value) ? ` to${shown(value)}` : ""}`,
      );
    }
  }
  return phrases;
}

function updated(event: ReadableEvent, actor: string): string {
  if (sides(event).by === "ADMIN_EMAILS")
    return `${who(event.subject)} was made an admin at sign-in by the server's configuration`;
  const phrases = changes(event);
  return phrases.length > 0
    ? `${actor} ${phrases.join(" and ")}`
    : `${actor} changed ${whose(event.subject, event.actor)} account`;
}

function deleted(event: ReadableEvent, actor: string, hard: boolean): string {
  const erased = hard ? " and erased it at once" : "";
  if (sides(event).by === "self") return `${who(event.subject)} deleted their account${erased}`;
  return `${actor} deleted ${whose(event.subject, event.actor)} account${erased}`;
}

function sessions(event: ReadableEvent, actor: string): string {
  const ended = sides(event).before.sessions;
  const count = typeof ended === "number" ? ` (${ended === 1 ? "1 session" : `${ended} sessions`} ended)` : "";
  return `${actor} signed ${whom(event.subject)} out everywhere${count}`;
}

type Wording = (event: ReadableEvent, actor: string) => string;

const WORDINGS: Record<AdminAuditAction, Wording> = {
  user_created: (e, a) =>
    `${a} created an account for ${whom(e.subject)}${sides(e).after.platform_role === "admin" ? " as an admin" : ""}`,
  user_updated: updated,
  sessions_revoked: sessions,
  two_factor_reset: (e, a) => `${a} turned off two-factor authentication for ${whom(e.subject)}`,
  user_deleted: (e, a) => deleted(e, a, false),
  user_purged_now: (e, a) => deleted(e, a, true),
  user_restored: (e, a) =>
    sides(e).by === "self"
      ? `${who(e.subject)} restored their account`
      : `${a} restored ${whose(e.subject, e.actor)} account`,
  user_purged: () => "A deleted person's account was erased, and their details with it from this log",
};

export function adminAuditSentence(event: ReadableEvent): string {
  const actor = who(event.actor);
  const wording = WORDINGS[event.action as AdminAuditAction];
  return wording ? wording(event, actor) : `${actor} made a change`;
}

export const ADMIN_ACTION_LABELS: Record<AdminAuditAction, string> = {
  user_created: "Account created",
  user_updated: "Account changed",
  sessions_revoked: "Signed out everywhere",
  two_factor_reset: "Two-factor turned off",
  user_deleted: "Account deleted",
  user_purged_now: "Account deleted and erased",
  user_restored: "Account restored",
  user_purged: "Account erased",
};
