/**
 * The workspace policy as the app shows and edits it (issue 18, docs/api.md "Policies"): the grace period's bounds,
 * the allowed-domains list's rules (what the server would refuse is said before sending), and the words of the
 * banner a member sees until a two-factor deadline. Pure, so each rule and wording is tested.
 */
import {
  DEFAULT_TWO_FACTOR_GRACE_DAYS,
  MAX_ALLOWED_EMAIL_DOMAINS,
  MAX_TWO_FACTOR_GRACE_DAYS,
} from "../../../src/workspace/policy-rules";

/** The server's own limits: 0–30 grace days (default 7); at most 20 allowed domains. */
export const POLICY_LIMITS = {
  graceDays: { min: 0, max: MAX_TWO_FACTOR_GRACE_DAYS, default: DEFAULT_TWO_FACTOR_GRACE_DAYS },
  domains: MAX_ALLOWED_EMAIL_DOMAINS,
} as const;

/** Where two-factor is set up, with the page to come back to once it is on (settings/return-path.ts). */
export function twoFactorSetupPath(returnTo: string): string {
  return `/settings/security?return=${encodeURIComponent(returnTo)}`;
}

/** The banner above a workspace's pages while its member still has until `deadline` to turn two-factor on. */
export function twoFactorBannerWords(deadline: string, now: Date, formatDate: (iso: string) => string): string {
  const lead = "This workspace requires two-factor authentication";
  // A deadline already passed is shown until the next answer refuses the pages: it says "now", not a past day.
  if (new Date(deadline).getTime() <= now.getTime()) return `${lead}; set it up now to keep your access.`;
  return `${lead}; set it up before ${formatDate(deadline)}.`;
}

/**
 * What turning the requirement on does, said beside its switch and in the dialog that confirms it. Owners are
 * members too: one without two-factor is told they fall under the same deadline (with none, they lose access at once).
 */
export function requireTwoFactorWords(graceDays: number, callerHasTwoFactor = true): string {
  const when =
    graceDays === 0
      ? "at once"
      : `after ${graceDays} ${graceDays === 1 ? "day" : "days"}, the deadline each of them is emailed`;
  const rule = `Members without two-factor authentication are emailed, and lose access to this workspace ${when} until they turn it on. New members need it on to join.`;
  if (callerHasTwoFactor) return rule;
  return `${rule} This includes you: turn two-factor authentication on in your security settings first.`;
}

/** A grace period as typed: a whole number of days within bounds, else null. */
export function parseGraceDays(value: string): number | null {
  const trimmed = value.trim();
  if (!/^\d+$/.test(trimmed)) return null;
  const days = Number(trimmed);
  const { min, max } = POLICY_LIMITS.graceDays;
  return days >= min && days <= max ? days : null;
}

/** A domain name of at least two labels (letters, digits, hyphens; no leading or trailing hyphen). */
const DOMAIN = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$/;

/** A domain as a person may type it ("@Example.COM ") in the form the server compares ("example.com"). */
export function normalizeDomain(typed: string): string {
  return typed.trim().toLowerCase().replace(/^@/, "").replace(/\.$/, "");
}

export type DomainCheck = { ok: true; domain: string } | { ok: false; message: string };

/** Whether `typed` may be added to `list` (already normalised): a valid domain, not there yet, room for it. */
export function checkNewDomain(typed: string, list: readonly string[]): DomainCheck {
  const domain = normalizeDomain(typed);
  if (domain === "") return { ok: false, message: "Enter a domain like example.com." };
  if (!DOMAIN.test(domain))
    return { ok: false, message: "Enter a domain like example.com: letters, digits, hyphens and dots only." };
  if (list.includes(domain)) return { ok: false, message: `${domain} is already in the list.` };
  if (list.length >= POLICY_LIMITS.domains)
    return { ok: false, message: `A workspace can allow at most ${POLICY_LIMITS.domains} domains. Remove one first.` };
  return { ok: true, domain };
}

/** Words for the allowed-domains setting as it is: whom it lets in. */
export function allowedDomainsWords(domains: readonly string[]): string {
  if (domains.length === 0) return "Anyone may be invited or join by link, whatever their email address.";
  return `Only people with an email address at ${listWords(domains)} may be invited or join by link. Members outside them stay, marked in the members list.`;
}

/** "a.com", "a.com or b.com", "a.com, b.com or c.com". */
function listWords(items: readonly string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} or ${items.at(-1)}`;
}
