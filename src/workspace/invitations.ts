/** Invitation rules: the link's random token and its stored hash, expiry, who may accept, and what outlives whom. */
import { sha256HexSync } from "../lib/crypto";
import { normalizeEmail } from "../lib/email";
import { randomBase64Url } from "../lib/ids";
import type { ProblemCode } from "../lib/problem";
import { canGrant, type Role } from "./roles";

/** An invitation works for 7 days after it is sent (or resent). */
export const INVITATION_TTL_SECONDS = 7 * 24 * 60 * 60;

/** Caps one workspace's pending invitations so a member cannot turn the object (and the mailer) into a spam cannon. */
export const MAX_PENDING_INVITATIONS = 500;

/** 256 random bits: far past the 128 docs/api.md demands, so guessing a live link is hopeless even at scale. */
export const INVITATION_TOKEN_BYTES = 32;

export const INVITATION_STATUSES = ["pending", "accepted", "declined", "revoked", "replaced"] as const;
export type InvitationStatus = (typeof INVITATION_STATUSES)[number];
/** What a stored status means at a given moment: a pending invitation past its expiry is `expired`. */
export const EFFECTIVE_INVITATION_STATUSES = [...INVITATION_STATUSES, "expired"] as const;
export type EffectiveInvitationStatus = (typeof EFFECTIVE_INVITATION_STATUSES)[number];

/**
 * Where the invitation's mail is: queued (or being retried), handed to the provider, given up on, or never sent
 * because the invited person turned invitation mail off (users/preferences.ts).
 */
export const INVITATION_DELIVERIES = ["pending", "sent", "failed", "withheld"] as const;

export type InvitationProblemCode = Extract<
  ProblemCode,
  "invitation_expired" | "invitation_used" | "invitation_revoked"
>;

/** The link's secret, base64url without padding. Only its hash is stored, so a leaked database holds no live links. */
export function newInvitationToken(): string {
  return randomBase64Url(INVITATION_TOKEN_BYTES);
}

/**
 * SHA-256 hex of the token: the only form that is stored and the key it is looked up by. Looking up by hash means
 * no secret is ever compared in JavaScript, so there is no timing side channel to guard.
 */
export function invitationTokenHash(token: string): string {
  return sha256HexSync(token);
}

/** When an invitation sent (or resent) at `now` stops working, as ISO 8601 UTC. */
export function invitationExpiresAt(now: Date): string {
  return new Date(now.getTime() + INVITATION_TTL_SECONDS * 1000).toISOString();
}

/**
 * The status as of `now`. An invitation works strictly before `expires_at`; at that instant it is expired, so
 * "expires at" means what it says. An unreadable `expires_at` counts as expired: fail closed.
 */
export function invitationStatus(
  inv: { status: InvitationStatus; expires_at: string },
  now: Date,
): EffectiveInvitationStatus {
  if (inv.status !== "pending") return inv.status;
  const expiresAt = Date.parse(inv.expires_at);
  return Number.isNaN(expiresAt) || now.getTime() >= expiresAt ? "expired" : "pending";
}

export interface InvitationProblem {
  code: InvitationProblemCode;
  detail: string;
}

/**
 * Why an invitation in this status cannot be used (accepted, declined, shown), or `null` if it can. Every link
 * that something newer or someone's decision has superseded answers `invitation_revoked`: that is what its
 * holder needs to hear, however it happened.
 */
export function invitationProblem(status: EffectiveInvitationStatus): InvitationProblem | null {
  switch (status) {
    case "pending":
      return null;
    case "expired":
      return { code: "invitation_expired", detail: "This invitation has expired; ask for a new one." };
    case "accepted":
    case "declined":
      return { code: "invitation_used", detail: "This invitation has already been used." };
    case "revoked":
      return { code: "invitation_revoked", detail: "This invitation was cancelled." };
    case "replaced":
      return {
        code: "invitation_revoked",
        detail: "This invitation was replaced by a newer one; use the latest email.",
      };
  }
}

/** The answer for a link whose invitation was resent: the resend made a new link and retired this one. */
export const RESENT_LINK_PROBLEM: InvitationProblem = {
  code: "invitation_revoked",
  detail: "A newer link was sent for this invitation; use the one in the latest email.",
};

/** The answer for any link of a deleted workspace. */
export const DELETED_WORKSPACE_PROBLEM: InvitationProblem = {
  code: "invitation_revoked",
  detail: "The workspace this invitation was for has been deleted.",
};

/**
 * The pending invitations an inviter now in `inviterRole` (null: no longer a member) could no longer send. They
 * stop working: an invitation must not outlive its sender's right to grant that role.
 */
export function invitationsOutlivingTheirInviter<T extends { role: Role }>(
  pending: T[],
  inviterRole: Role | null,
): T[] {
  return pending.filter((invitation) => !canGrant(inviterRole, invitation.role));
}

/**
 * Only a signed-in user whose verified email is the invited one may accept (or decline); otherwise anyone who saw
 * the link could join. An unverified address proves nothing, so it is a mismatch too.
 */
export function canAcceptInvitation(input: {
  invitedEmail: string;
  userEmail: string;
  userEmailVerified: boolean;
}): { ok: true } | { ok: false; code: Extract<ProblemCode, "email_mismatch"> } {
  const invited = normalizeEmail(input.invitedEmail);
  const matches = input.userEmailVerified && invited !== "" && invited === normalizeEmail(input.userEmail);
  return matches ? { ok: true } : { ok: false, code: "email_mismatch" };
}
