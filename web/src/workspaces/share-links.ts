/**
 * The rules of the share-link form and list (issue 18, docs/api.md "Share links"): the limits the server holds for a
 * link's expiry and uses, the roles a person may put on a link (only those they may grant), and how a link's use
 * is said. Pure, so each limit and wording is tested; the server still decides every request.
 */
import { LINK_EXPIRY_DAYS, LINK_MAX_USES } from "../../../src/workspace/share-link-limits";
import { GRANTABLE_ROLES, type Role } from "./rules";

/** The server's own limits (docs/api.md): expiry 1–30 days, default 7; uses 1–1,000, default 100. */
export const LINK_LIMITS = { days: LINK_EXPIRY_DAYS, uses: LINK_MAX_USES } as const;

/** The roles a link made by someone in `role` may give: what they may grant by invitation, no more. */
export function linkRoleChoices(role: Role): readonly Role[] {
  return GRANTABLE_ROLES[role];
}

/** A link is for many people at once: the least role offered is the one chosen until the person picks another. */
export function defaultLinkRole(choices: readonly Role[]): Role | null {
  return choices.at(-1) ?? null;
}

type Limit = { min: number; max: number };

/** A whole number within `limit`, or null for anything else ("", "7.5", "1e3", "-1", "31"). */
function wholeWithin(value: string, limit: Limit): number | null {
  const trimmed = value.trim();
  if (!/^\d+$/.test(trimmed)) return null;
  const number = Number(trimmed);
  return number >= limit.min && number <= limit.max ? number : null;
}

const THOUSANDS = new Intl.NumberFormat("en-US");

export interface LinkFormValues {
  days: string;
  uses: string;
}

export type LinkFormCheck =
  | { ok: true; body: { expires_in_days: number; max_uses: number } }
  | { ok: false; errors: Partial<Record<"expires_in_days" | "max_uses", string>> };

/** The form's fields as the request body, or words beside each field that is out of bounds (nothing sent). */
export function checkLinkForm(values: LinkFormValues): LinkFormCheck {
  const { days: dayLimit, uses: useLimit } = LINK_LIMITS;
  const days = wholeWithin(values.days, dayLimit);
  const uses = wholeWithin(values.uses, useLimit);
  if (days !== null && uses !== null) return { ok: true, body: { expires_in_days: days, max_uses: uses } };
  const errors: Partial<Record<"expires_in_days" | "max_uses", string>> = {};
  if (days === null) errors.expires_in_days = `Enter a whole number of days from ${dayLimit.min} to ${dayLimit.max}.`;
  if (uses === null)
    errors.max_uses = `Enter a whole number of uses from ${useLimit.min} to ${THOUSANDS.format(useLimit.max)}.`;
  return { ok: false, errors };
}

/** "No one has used it yet · up to 100 people", "3 of 100 uses". */
export function linkUsesWords(uses: number, maxUses: number): string {
  const max = THOUSANDS.format(maxUses);
  if (uses === 0) return `Not used yet · up to ${max} ${maxUses === 1 ? "person" : "people"}`;
  return `${THOUSANDS.format(uses)} of ${max} ${maxUses === 1 ? "use" : "uses"}`;
}
