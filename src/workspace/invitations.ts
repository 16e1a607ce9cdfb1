/** Invitation rules: the link's random token and its stored hash, expiry, and who may accept. */
import { sha256HexSync } from "../lib/crypto";
import { normalizeEmail } from "../lib/email";
import { randomBase64Url } from "../lib/ids";
import type { ProblemCode } from "../lib/problem";

/** An invitation works for 7 days after it is sent (or resent). */
export const INVITATION_TTL_SECONDS = 7 * 24 * 60 * 60;

/** Caps one workspace's pending invitations so a member cannot turn the object (and the mailer) into a spam cannon. */
export const MAX_PENDING_INVITATIONS = 500;

/** 256 random bits: far past the 128 API.md demands, so guessing a live link is hopeless even at scale. */
export const INVITATION_TOKEN_BYTES = 32;

export const INVITATION_STATUSES = ["pending", "accepted", "declined", "revoked", "replaced"] as const;
export type InvitationStatus = (typeof INVITATION_STATUSES)[number];
/** What a stored status means at a given moment: a pending invitation past its expiry is `expired`. */
export type EffectiveInvitationStatus = InvitationStatus | "expired";

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

/**
 * Why an invitation in this status cannot be used (accepted, declined, shown), or `null` if it can. `replaced`
 * reads as revoked: re-inviting the same email cancels the old link, which is what the holder needs to hear.
 */
export function invitationProblemCode(status: EffectiveInvitationStatus): InvitationProblemCode | null {
  switch (status) {
    case "pending":
      return null;
    case "expired":
      return "invitation_expired";
    case "accepted":
    case "declined":
      return "invitation_used";
    case "revoked":
    case "replaced":
      return "invitation_revoked";
  }
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
