/**
 * An independent model of one workspace for the property tests: plain data and the rules written again from the
 * contract (docs/api.md, "Workspaces" and "Policies"), never imported from src/workspace, so a rule broken there
 * shows up as a disagreement here. People are indices into the test's actors; index 0 created the workspace.
 */
import type { PolicyChange, Role } from "./commands";

export interface Actor {
  /** The domain of their address: the allowed-domains policy admits only `example.com` when it is on. */
  domain: string;
  twoFactor: boolean;
}

export type InvitationStatus = "pending" | "accepted" | "declined" | "revoked" | "replaced";

export interface ModelInvitation {
  id: string;
  invitee: number;
  role: Role;
  invitedBy: number;
  status: InvitationStatus;
  /** Past its link's `expires_at` (still stored `pending` if nothing else happened to it). */
  expired: boolean;
  /** The membership it grants expires (an owner set `expires_at`). */
  grantsExpiry: boolean;
}

/** Every invitation link ever mailed; a resend retires the previous one (`current` false). */
export interface ModelToken {
  token: string;
  invitation: number;
  current: boolean;
}

export interface ModelLink {
  id: string;
  token: string;
  role: Role;
  createdBy: number;
  maxUses: number;
  uses: number;
  revoked: boolean;
  expired: boolean;
}

export interface ModelMember {
  role: Role;
  expiring: boolean;
}

export interface Model {
  members: Map<number, ModelMember>;
  invitations: ModelInvitation[];
  tokens: ModelToken[];
  links: ModelLink[];
  nomination: { nominee: number; nominator: number; lapsed: boolean } | null;
  policy: { exampleDomainOnly: boolean; twoFactorRequired: boolean; graceDays: number };
}

/** What a command should answer: an HTTP status and, for a refusal, its problem code. */
export interface Outcome {
  status: number;
  code?: string;
}

export const NOT_FOUND: Outcome = { status: 404, code: "not_found" };
export const FORBIDDEN: Outcome = { status: 403, code: "forbidden" };
export const TWO_FACTOR_REQUIRED: Outcome = { status: 403, code: "two_factor_required" };
export const LAST_OWNER: Outcome = { status: 409, code: "last_owner" };
export const CONFLICT: Outcome = { status: 409, code: "conflict" };
export const ALREADY_MEMBER: Outcome = { status: 409, code: "already_member" };
export const DOMAIN_NOT_ALLOWED: Outcome = { status: 403, code: "domain_not_allowed" };

export function newModel(): Model {
  return {
    members: new Map([[0, { role: "owner", expiring: false }]]),
    invitations: [],
    tokens: [],
    links: [],
    nomination: null,
    policy: { exampleDomainOnly: false, twoFactorRequired: false, graceDays: 7 },
  };
}

export function cloneModel(model: Model): Model {
  return structuredClone(model);
}

export const roleOf = (model: Model, who: number): Role | undefined => model.members.get(who)?.role;

/** The roles a role may hand out (by invitation or link): an owner any, an editor editor and viewer, else none. */
export function mayGrant(role: Role | undefined, granted: Role): boolean {
  return role === "owner" || (role === "editor" && granted !== "owner");
}

/** Whom a role may remove (besides leaving). */
export function mayRemove(role: Role | undefined, target: Role): boolean {
  return role === "owner" || (role === "editor" && target === "viewer");
}

export function ownerCount(model: Model): number {
  return [...model.members.values()].filter((member) => member.role === "owner").length;
}

/**
 * A member without two-factor once the policy's deadline has passed. The tests only ever see a deadline that is
 * a week away (grace 7) or already past (grace 0): the grace period starts when the policy is turned on.
 */
export function shutOut(model: Model, actors: readonly Actor[], who: number): boolean {
  const { twoFactorRequired, graceDays } = model.policy;
  return model.members.has(who) && twoFactorRequired && graceDays === 0 && !actors[who]?.twoFactor;
}

/** The first refusal a member-only command meets: shut out, not a member, then a role not in `roles`. */
export function gate(model: Model, actors: readonly Actor[], who: number, roles: readonly Role[]): Outcome | null {
  const role = roleOf(model, who);
  if (role === undefined) return NOT_FOUND;
  if (shutOut(model, actors, who)) return TWO_FACTOR_REQUIRED;
  return roles.includes(role) ? null : FORBIDDEN;
}

/** Why a person may not become a member now (by invitation or link), or null. */
export function admission(model: Model, actors: readonly Actor[], who: number): Outcome | null {
  if (model.policy.exampleDomainOnly && actors[who]?.domain !== "example.com") return DOMAIN_NOT_ALLOWED;
  if (model.policy.twoFactorRequired && !actors[who]?.twoFactor) return TWO_FACTOR_REQUIRED;
  return null;
}

export type LinkState = "active" | "revoked" | "expired" | "exhausted";

/** A link works only while its creator could still make it; revoked outranks expired outranks used up. */
export function linkState(model: Model, link: ModelLink): LinkState {
  if (link.revoked || !mayGrant(roleOf(model, link.createdBy), link.role)) return "revoked";
  if (link.expired) return "expired";
  return link.uses >= link.maxUses ? "exhausted" : "active";
}

/**
 * A member's role becomes `role` (null: they are gone). What they handed out and could no longer hand out stops
 * working: their pending invitations (expired or not) and their links that still stand (not expired, not used up).
 * Becoming an owner ends an expiry; leaving ends a nomination of them.
 */
export function setRole(model: Model, who: number, role: Role | null) {
  for (const invitation of model.invitations) {
    if (
      invitation.invitedBy === who &&
      invitation.status === "pending" &&
      !mayGrant(role ?? undefined, invitation.role)
    ) {
      invitation.status = "revoked";
    }
  }
  for (const link of model.links) {
    const standing = !link.revoked && !link.expired && link.uses < link.maxUses;
    if (link.createdBy === who && standing && !mayGrant(role ?? undefined, link.role)) link.revoked = true;
  }
  const member = model.members.get(who);
  if (role === null) {
    model.members.delete(who);
    if (model.nomination?.nominee === who) model.nomination = null;
  } else if (member) {
    member.role = role;
    if (role === "owner") member.expiring = false;
  }
}

export function applyPolicy(model: Model, change: PolicyChange) {
  const policy = model.policy;
  if (change === "domains:example.com") policy.exampleDomainOnly = true;
  if (change === "domains:any") policy.exampleDomainOnly = false;
  if (change === "2fa:on") policy.twoFactorRequired = true;
  if (change === "2fa:off") policy.twoFactorRequired = false;
  if (change === "grace:0") policy.graceDays = 0;
  if (change === "grace:7") policy.graceDays = 7;
}
