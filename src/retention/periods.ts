/**
 * The retention table (decision 0034): how long each kind of personal data is kept once its purpose has ended, with
 * safe defaults, the floors an operator may not go below, and the parser of the one variable that overrides them
 * (`RETENTION_DAYS`, e.g. "ended_sessions=14,platform_audit=730"). Pure; config.ts parses it at start and every
 * owner of the data reads the parsed table.
 */

/** The rows of the table, in the order the admin page shows them. */
export const RETENTION_RULES = [
  "ended_sessions",
  "sign_in_history",
  "closed_invitations_and_links",
  "unfinished_sign_ups",
  "deleted_accounts",
  "workspace_audit",
  "platform_audit",
] as const;
export type RetentionRule = (typeof RETENTION_RULES)[number];

/** Days per rule. `workspace_audit` is the least an owner may choose: by default a workspace keeps its log whole. */
export type RetentionPeriods = Readonly<Record<RetentionRule, number>>;

export const DEFAULT_RETENTION_DAYS: RetentionPeriods = {
  ended_sessions: 30,
  sign_in_history: 90,
  closed_invitations_and_links: 30,
  unfinished_sign_ups: 7,
  deleted_accounts: 30,
  workspace_audit: 90,
  platform_audit: 365,
};

/**
 * Below these an operator's value is refused at start. Each is the shortest period that still serves the purpose:
 * a person reviews a month of sign-ins and sessions; a deleted account must leave a week to change one's mind; an
 * unfinished sign-up gets a day to open its mail; audit logs keep a quarter, the span of a routine review.
 */
export const RETENTION_FLOOR_DAYS: RetentionPeriods = {
  ended_sessions: 1,
  sign_in_history: 30,
  closed_invitations_and_links: 1,
  unfinished_sign_ups: 1,
  deleted_accounts: 7,
  workspace_audit: 90,
  platform_audit: 90,
};

/** Ten years: a longer period is a typo, not a policy. */
export const RETENTION_MAX_DAYS = 3650;

export const DAY_MS = 24 * 60 * 60 * 1000;

/** What each rule removes, in the words the admin page shows. */
export const RETENTION_DESCRIPTIONS: Readonly<Record<RetentionRule, string>> = {
  ended_sessions: "Sessions, from when they were signed out, revoked or expired",
  sign_in_history: "Sign-in attempts and known devices, from the attempt",
  closed_invitations_and_links:
    "Invitations no longer pending and share links revoked or expired, from when they closed",
  unfinished_sign_ups: "Accounts created for a person (by an admin) who never signed in, from their creation",
  deleted_accounts: "Deleted accounts, from the deletion (the grace period to restore)",
  workspace_audit: "Workspace audit events, when the owner chose a period (at least this many days); else kept",
  platform_audit: "Platform audit events, from the event",
};

/** The instant before which data of a `days` period has expired at `now`. */
export function retentionCutoff(now: Date, days: number): string {
  return new Date(now.getTime() - days * DAY_MS).toISOString();
}

export type RetentionParse = { ok: true; periods: RetentionPeriods } | { ok: false; message: string };

/**
 * `RETENTION_DAYS`: comma-separated `rule=days`, each rule at most once, whole days between its floor and ten years.
 * Unset or empty keeps every default; a rule not named keeps its own.
 */
export function parseRetentionDays(value: string | undefined): RetentionParse {
  const periods: Record<RetentionRule, number> = { ...DEFAULT_RETENTION_DAYS };
  const seen = new Set<string>();
  for (const item of (value ?? "").split(",").map((part) => part.trim())) {
    if (!item) continue;
    const match = /^([a-z_]+)\s*=\s*(\d{1,5})$/.exec(item);
    if (!match) return { ok: false, message: `"${item}" is not rule=days (e.g. ended_sessions=30)` };
    const [, rule, digits] = match as unknown as [string, string, string];
    if (!(RETENTION_RULES as readonly string[]).includes(rule)) {
      return { ok: false, message: `"${rule}" is not a rule (${RETENTION_RULES.join(", ")})` };
    }
    if (seen.has(rule)) return { ok: false, message: `${rule} is named twice` };
    seen.add(rule);
    const days = Number(digits);
    const floor = RETENTION_FLOOR_DAYS[rule as RetentionRule];
    if (days < floor || days > RETENTION_MAX_DAYS) {
      return { ok: false, message: `${rule}=${days} is outside ${floor}-${RETENTION_MAX_DAYS} days` };
    }
    periods[rule as RetentionRule] = days;
  }
  return { ok: true, periods };
}

/** An owner's audit period for a workspace: null keeps the log whole; else whole days from the floor to ten years. */
export function workspaceAuditPeriodAllowed(days: number | null, floorDays: number): boolean {
  return days === null || (Number.isInteger(days) && days >= floorDays && days <= RETENTION_MAX_DAYS);
}
