/**
 * Share link rules (decision 0029): the terms a link is made with (expiry and use cap, their defaults and bounds),
 * its random token and the hash that is stored, and its state at a moment (active, revoked, expired, used up),
 * which every use of a link asks. Pure: the Workspace object applies them (share-link-commands.ts).
 */
import { sha256HexSync } from "../lib/crypto";
import { randomBase64Url } from "../lib/ids";
import type { ProblemCode } from "../lib/problem";
import { canGrant, type Role } from "./roles";
import { LINK_EXPIRY_DAYS, LINK_MAX_USES } from "./share-link-limits";

export { LINK_EXPIRY_DAYS, LINK_MAX_USES };

/** Active links per workspace: the list answers without paging, and one member cannot fill the object with them. */
export const MAX_ACTIVE_LINKS = 100;
/** 256 random bits: far past the 128 docs/api.md demands, so guessing a live link is hopeless even at scale. */
export const LINK_TOKEN_BYTES = 32;

const DAY_MS = 24 * 60 * 60 * 1000;

export const LINK_STATES = ["active", "revoked", "expired", "exhausted"] as const;
export type LinkState = (typeof LINK_STATES)[number];

/** The link's secret, base64url without padding; only its hash is stored, so a leaked database opens nothing. */
export function newLinkToken(): string {
  return randomBase64Url(LINK_TOKEN_BYTES);
}

/**
 * SHA-256 hex of the token under its own label, so a link's hash can never equal an invitation's or a ticket's. The
 * hash is the key the link is looked up by: no secret is compared in JavaScript, so no timing side channel.
 */
export function linkTokenHash(token: string): string {
  return sha256HexSync(`share-link:${token}`);
}

export interface LinkTermsInput {
  expiresInDays?: number;
  maxUses?: number;
}

export interface LinkTerms {
  expiresAt: string;
  maxUses: number;
}

const within = (value: number, bounds: { min: number; max: number }) =>
  Number.isInteger(value) && value >= bounds.min && value <= bounds.max;

/**
 * The terms of a link made at `now`: the defaults for what is not given, and null when a value is out of bounds or
 * not a whole number (the route's schema refuses those first; the object asks again, since anything may call it).
 */
export function linkTerms(input: LinkTermsInput, now: Date): LinkTerms | null {
  const days = input.expiresInDays ?? LINK_EXPIRY_DAYS.default;
  const maxUses = input.maxUses ?? LINK_MAX_USES.default;
  if (!within(days, LINK_EXPIRY_DAYS) || !within(maxUses, LINK_MAX_USES)) return null;
  return { expiresAt: new Date(now.getTime() + days * DAY_MS).toISOString(), maxUses };
}

/** What the state of a link depends on. `creatorRole` is its creator's role now (null: no longer a member). */
export interface LinkFacts {
  role: Role;
  creatorRole: Role | null;
  revokedAt: string | null;
  expiresAt: string;
  uses: number;
  maxUses: number;
}

/**
 * The state of a link at `now`. Revoked covers a creator who can no longer grant its role (left, removed, demoted,
 * or a deleted workspace): a link is only as good as its creator's right to hand out that role, the rule invitations
 * follow (roles.ts `canGrant`). Revoked outranks expired, which outranks used up. A link works strictly before
 * `expires_at`; an unreadable one counts as expired (fail closed).
 */
export function linkState(link: LinkFacts, now: Date): LinkState {
  if (link.revokedAt !== null || !canGrant(link.creatorRole, link.role)) return "revoked";
  const expiresAt = Date.parse(link.expiresAt);
  if (Number.isNaN(expiresAt) || now.getTime() >= expiresAt) return "expired";
  return link.uses >= link.maxUses ? "exhausted" : "active";
}

export type LinkProblemCode = Extract<ProblemCode, "link_revoked" | "link_expired" | "link_exhausted">;

/** Why a link in this state cannot be used or shown, or null when it can. */
export function linkProblem(state: LinkState): { code: LinkProblemCode; detail: string } | null {
  switch (state) {
    case "active":
      return null;
    case "revoked":
      return { code: "link_revoked", detail: "This share link no longer works; ask for a new one." };
    case "expired":
      return { code: "link_expired", detail: "This share link has expired; ask for a new one." };
    case "exhausted":
      return {
        code: "link_exhausted",
        detail: "This share link has been used as many times as it allows; ask for a new one.",
      };
  }
}

/**
 * The links, among those a creator made that still stand, that their creator now in `creatorRole` (null: no longer
 * a member) could no longer make. They are revoked in the same transaction as the change of role or membership.
 */
export function linksOutlivingTheirCreator<T extends { role: Role }>(links: readonly T[], creatorRole: Role | null) {
  return links.filter((link) => !canGrant(creatorRole, link.role));
}
