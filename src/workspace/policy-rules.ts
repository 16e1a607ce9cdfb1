/**
 * The pure rules of workspace policies (decision 0030): required two-factor with its grace period, and allowed
 * email domains. The Workspace object reads the policy from its workspace row and a member's two-factor state from
 * their member row (the two rows the permission check already reads) and asks these functions; nothing here
 * touches storage. `admissionRefusal` is also what a share-link join asks before it admits anyone.
 */

export const DEFAULT_TWO_FACTOR_GRACE_DAYS = 7;
export const MAX_TWO_FACTOR_GRACE_DAYS = 30;
export const MAX_ALLOWED_EMAIL_DOMAINS = 20;
const DAY_MS = 24 * 60 * 60 * 1000;

/** A workspace's policy as stored. `twoFactorRequiredSince` is when required two-factor was turned on (null: off). */
export interface WorkspacePolicy {
  twoFactorRequiredSince: string | null;
  twoFactorGraceDays: number;
  /** Normalised (lower-case, unique); empty: every domain is allowed. */
  allowedEmailDomains: readonly string[];
  /** Days audit events are kept (decision 0034); null: as long as the workspace lives. */
  auditRetentionDays: number | null;
}

export const DEFAULT_POLICY: WorkspacePolicy = {
  twoFactorRequiredSince: null,
  twoFactorGraceDays: DEFAULT_TWO_FACTOR_GRACE_DAYS,
  allowedEmailDomains: [],
  auditRetentionDays: null,
};

/** The policy as the API shows it. */
export function policyView(policy: WorkspacePolicy) {
  return {
    require_two_factor: policy.twoFactorRequiredSince !== null,
    two_factor_grace_days: policy.twoFactorGraceDays,
    allowed_email_domains: [...policy.allowedEmailDomains],
    audit_retention_days: policy.auditRetentionDays,
  };
}
export type PolicyView = ReturnType<typeof policyView>;

/** When members without two-factor lose access (ISO): `grace days` after it was turned on; null while it is off. */
export function twoFactorDeadline(policy: WorkspacePolicy): string | null {
  if (policy.twoFactorRequiredSince === null) return null;
  return new Date(Date.parse(policy.twoFactorRequiredSince) + policy.twoFactorGraceDays * DAY_MS).toISOString();
}

/** The deadline this member is shown: only while it binds them (the policy is on and their two-factor is off). */
export function memberDeadline(policy: WorkspacePolicy, member: { twoFactorOn: boolean }): string | null {
  return member.twoFactorOn ? null : twoFactorDeadline(policy);
}

/**
 * Why a member may not act in the workspace at `now` (ms), or null when they may: required two-factor is on, the
 * deadline has passed (at the deadline itself it binds) and their two-factor is off. Leaving is the caller's
 * exception, not this function's: it answers about the person, not the route.
 */
export function policyRefusal(
  policy: WorkspacePolicy,
  member: { twoFactorOn: boolean },
  now: number,
): "two_factor_required" | null {
  const deadline = memberDeadline(policy, member);
  return deadline !== null && Date.parse(deadline) <= now ? "two_factor_required" : null;
}

/** The domain of an address (after its last `@`), lower-cased. */
export function emailDomain(email: string): string {
  return email
    .slice(email.lastIndexOf("@") + 1)
    .trim()
    .toLowerCase();
}

/**
 * Whether an address is outside the allowed domains. Only an exact domain matches: `eng.example.com` is not
 * `example.com` (list subdomains that are wanted), so a list never admits more than it names.
 */
export function outsideAllowedDomains(policy: WorkspacePolicy, email: string): boolean {
  return policy.allowedEmailDomains.length > 0 && !policy.allowedEmailDomains.includes(emailDomain(email));
}

/** Why a person may not join, in words, by the policy's refusal (policy-rules.ts `admissionRefusal`). */
export const ADMISSION_REFUSED = {
  domain_not_allowed: "This workspace only admits email addresses of its allowed domains, and yours is not one.",
  two_factor_required:
    "This workspace requires two-factor authentication: turn it on in your account settings, then join.",
} as const;

/**
 * Why a person may not become a member (by invitation or by link), or null when they may. `email` is the address
 * of the account that would join (its verified address), `twoFactorOn` whether that account has two-factor on now.
 * The domain is checked first: it is the reason that no action of the person's can lift.
 */
export function admissionRefusal(
  policy: WorkspacePolicy,
  person: { email: string; twoFactorOn: boolean },
): "domain_not_allowed" | "two_factor_required" | null {
  if (outsideAllowedDomains(policy, person.email)) return "domain_not_allowed";
  if (policy.twoFactorRequiredSince !== null && !person.twoFactorOn) return "two_factor_required";
  return null;
}

/** Why an invitation to `email` may not be sent: its domain is not allowed. */
export function invitationRefusal(policy: WorkspacePolicy, email: string): "domain_not_allowed" | null {
  return outsideAllowedDomains(policy, email) ? "domain_not_allowed" : null;
}

const DOMAIN_LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/**
 * A domain name as an allowed-domain entry: trimmed and lower-cased; at least two labels of letters, digits and
 * inner hyphens (internationalised names in their `xn--` form), at most 253 characters, a top-level label that is
 * not all digits (an IP address is not a domain). Null when it is not one.
 */
export function normaliseDomain(value: string): string | null {
  const domain = value.trim().toLowerCase();
  if (domain.length === 0 || domain.length > 253) return null;
  const labels = domain.split(".");
  if (labels.length < 2 || !labels.every((label) => DOMAIN_LABEL.test(label))) return null;
  return /^\d+$/.test(labels.at(-1) ?? "") ? null : domain;
}

/** The allowed-domain list from a request: each entry normalised, duplicates removed (first kept), at most 20. */
export function normaliseDomainList(
  values: readonly string[],
): { ok: true; domains: string[] } | { ok: false; invalid: number[] } | { ok: false; tooMany: true } {
  const normalised = values.map(normaliseDomain);
  const invalid = normalised.flatMap((domain, index) => (domain === null ? [index] : []));
  if (invalid.length > 0) return { ok: false, invalid };
  const domains = [...new Set(normalised as string[])];
  return domains.length > MAX_ALLOWED_EMAIL_DOMAINS ? { ok: false, tooMany: true } : { ok: true, domains };
}

export function validGraceDays(days: number): boolean {
  return Number.isInteger(days) && days >= 0 && days <= MAX_TWO_FACTOR_GRACE_DAYS;
}

/** A policy change as asked (each field optional, already validated). */
export interface PolicyPatch {
  requireTwoFactor?: boolean;
  twoFactorGraceDays?: number;
  allowedEmailDomains?: readonly string[];
  /** Null: keep the log while the workspace lives; the floor is checked by the route (retention/periods.ts). */
  auditRetentionDays?: number | null;
}

/** A value as the audit log stores it (lib/audit-chain.ts `JsonValue`, restated: this module imports nothing). */
type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

export interface PolicyChange {
  after: WorkspacePolicy;
  /** The fields that changed, each `{ from, to }` in the API's names: the audit event's details. Empty: nothing. */
  changed: { [field: string]: { from: Json; to: Json } };
  /** Required two-factor went from off to on: the members without it are mailed their deadline. */
  turnedOn: boolean;
}

/**
 * Applies a patch at `at`. Turning required two-factor on starts the grace period now; asking for it while it is
 * already on keeps the period that runs. A new grace period moves the deadline of a period that runs (the
 * deadline is always `grace days` after it was turned on), so it shows in `changed` as the deadline too.
 */
export function applyPolicyPatch(before: WorkspacePolicy, patch: PolicyPatch, at: string): PolicyChange {
  const wasOn = before.twoFactorRequiredSince !== null;
  const on = patch.requireTwoFactor ?? wasOn;
  const after: WorkspacePolicy = {
    twoFactorRequiredSince: on ? (before.twoFactorRequiredSince ?? at) : null,
    twoFactorGraceDays: patch.twoFactorGraceDays ?? before.twoFactorGraceDays,
    allowedEmailDomains: patch.allowedEmailDomains ? [...patch.allowedEmailDomains] : before.allowedEmailDomains,
    auditRetentionDays: patch.auditRetentionDays === undefined ? before.auditRetentionDays : patch.auditRetentionDays,
  };
  const changed: PolicyChange["changed"] = {};
  const note = (name: string, from: Json, to: Json) => {
    if (JSON.stringify(from) !== JSON.stringify(to)) changed[name] = { from, to };
  };
  note("require_two_factor", wasOn, on);
  note("two_factor_grace_days", before.twoFactorGraceDays, after.twoFactorGraceDays);
  note("allowed_email_domains", [...before.allowedEmailDomains], [...after.allowedEmailDomains]);
  note("two_factor_deadline", twoFactorDeadline(before), twoFactorDeadline(after));
  note("audit_retention_days", before.auditRetentionDays, after.auditRetentionDays);
  return { after, changed, turnedOn: !wasOn && on };
}
