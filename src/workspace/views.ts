/** The JSON shapes the API returns for workspace rows (snake_case, as docs/api.md says). */
import { storedAuditEvent } from "../lib/audit-chain";
import { invitationStatus } from "./invitations";
import { outsideAllowedDomains, type WorkspacePolicy } from "./policy-rules";
import type { auditEvents, invitations, members, shareLinks } from "./schema";

export interface Person {
  userId: string;
  email: string;
  emailVerified: boolean;
  firstName: string;
  lastName: string;
  /** Whether their account has two-factor on now (the Account object's answer); absent: unknown, taken as off. */
  twoFactorOn?: boolean;
}

export type MemberRow = typeof members.$inferSelect;
export type InvitationRow = typeof invitations.$inferSelect;
export type AuditRow = typeof auditEvents.$inferSelect;

/** A member as the API shows them; `policy` marks those whose address is outside the allowed domains. */
export function memberView(row: MemberRow, policy: WorkspacePolicy) {
  return {
    user_id: row.userId,
    email: row.email,
    first_name: row.firstName,
    last_name: row.lastName,
    role: row.role,
    joined_at: row.joinedAt,
    expires_at: row.expiresAt,
    outside_allowed_domains: outsideAllowedDomains(policy, row.email),
  };
}

export function invitationView(row: InvitationRow, now = new Date()) {
  return {
    id: row.id,
    email: row.email,
    role: row.role,
    status: invitationStatus({ status: row.status, expires_at: row.expiresAt }, now),
    expires_at: row.expiresAt,
    invited_by: row.invitedBy,
    created_at: row.createdAt,
    delivery: row.delivery,
    access_expires_at: row.grantsExpiresAt,
  };
}

/** An audit event as the API returns it. */
export function auditEventView(row: AuditRow) {
  // Typed loosely on purpose: a recursive JSON type through RPC typing is too deep for the compiler.
  const event = storedAuditEvent(row);
  return { ...event, details: event.details as Record<string, unknown> };
}

export type ShareLinkRow = typeof shareLinks.$inferSelect;

/** A share link as the API lists it: never its token or hash (the URL is shown once, at creation). */
export function shareLinkView(row: ShareLinkRow) {
  return {
    id: row.id,
    role: row.role,
    expires_at: row.expiresAt,
    max_uses: row.maxUses,
    uses: row.uses,
    created_by: row.createdBy,
    created_at: row.createdAt,
  };
}

/** Who is joining through a share link: the person, and whether their account has two-factor on (policies ask). */
export interface Joiner extends Person {
  twoFactorOn: boolean;
}
