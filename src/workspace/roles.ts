/** Workspace roles and every permission rule, as data plus one `decide` function the object calls for each action. */
import type { ProblemCode } from "../lib/problem";

/** Highest first: `owner` > `editor` > `viewer`. */
export const ROLES = ["owner", "editor", "viewer"] as const;
export type Role = (typeof ROLES)[number];

const ANY_MEMBER = ROLES;
const EDITOR_OR_OWNER = ["owner", "editor"] as const satisfies readonly Role[];
const OWNER_ONLY = ["owner"] as const satisfies readonly Role[];

/**
 * Which roles may attempt each action at all. A non-member may do nothing (and is told the workspace is not found).
 * `remove_member`, `accept_ownership` and `see_pending_transfer` are open to every role because anyone may leave
 * and any member may be nominated; the constraints below narrow them.
 */
export const ACTION_ROLES = {
  view: ANY_MEMBER,
  edit: EDITOR_OR_OWNER,
  manage: OWNER_ONLY,
  rename: OWNER_ONLY,
  delete_workspace: OWNER_ONLY,
  invite: EDITOR_OR_OWNER,
  list_invitations: EDITOR_OR_OWNER,
  revoke_invitation: EDITOR_OR_OWNER,
  resend_invitation: EDITOR_OR_OWNER,
  change_role: OWNER_ONLY,
  set_expiry: OWNER_ONLY,
  remove_member: ANY_MEMBER,
  nominate_owner: OWNER_ONLY,
  cancel_nomination: OWNER_ONLY,
  accept_ownership: ANY_MEMBER,
  see_pending_transfer: ANY_MEMBER,
  read_audit: EDITOR_OR_OWNER,
  verify_audit: OWNER_ONLY,
  create_link: EDITOR_OR_OWNER,
  list_links: EDITOR_OR_OWNER,
  revoke_link: EDITOR_OR_OWNER,
} as const satisfies Record<string, readonly Role[]>;
export type Action = keyof typeof ACTION_ROLES;

/**
 * The roles each role may hand out by invitation. Resending or revoking an invitation needs the same right as
 * issuing it, so an editor cannot re-arm (or quietly cancel) an owner's invitation to make someone an owner.
 */
export const GRANTABLE_ROLES: Record<Role, readonly Role[]> = {
  owner: ROLES,
  editor: ["editor", "viewer"],
  viewer: [],
};

/**
 * Whether someone in `role` (null: no longer a member) may hand out `invitedRole`. An invitation is only as good
 * as its inviter's right to send it: once that right is gone (they left, were removed or demoted), it stops working.
 */
export function canGrant(role: Role | null, invitedRole: Role): boolean {
  return role !== null && GRANTABLE_ROLES[role].includes(invitedRole);
}

/** The roles each role may remove, besides leaving itself. */
export const REMOVABLE_ROLES: Record<Role, readonly Role[]> = {
  owner: ROLES,
  editor: ["viewer"],
  viewer: [],
};

/** First gate only: may this role attempt the action at all? `decide` adds the constraints. */
export function can(role: Role | null, action: Action): boolean {
  return role !== null && (ACTION_ROLES[action] as readonly Role[]).includes(role);
}

export interface Permissions {
  role: Role | null;
  can_view: boolean;
  can_edit: boolean;
  can_manage: boolean;
}

export function permissionsOf(role: Role | null): Permissions {
  return { role, can_view: can(role, "view"), can_edit: can(role, "edit"), can_manage: can(role, "manage") };
}

/** How many owners remain if one member's role goes from `from` to `to` (`null`: they leave or are removed). */
export function ownersAfter(ownerCount: number, from: Role, to: Role | null): number {
  return ownerCount - (from === "owner" ? 1 : 0) + (to === "owner" ? 1 : 0);
}

/**
 * The last-owner rule: nobody may leave, be removed or be demoted if that leaves the workspace without an owner.
 * Account deletion asks `leavesWithoutOwner(ownerCount, "owner", null)` for each workspace it would leave.
 */
export function leavesWithoutOwner(ownerCount: number, from: Role, to: Role | null): boolean {
  return ownersAfter(ownerCount, from, to) < 1;
}

/** Actions decided by the caller's role alone. */
export type SimpleAction = Exclude<
  Action,
  | "invite"
  | "revoke_invitation"
  | "resend_invitation"
  | "change_role"
  | "set_expiry"
  | "remove_member"
  | "nominate_owner"
  | "cancel_nomination"
  | "accept_ownership"
  | "see_pending_transfer"
  | "create_link"
  | "revoke_link"
>;

/** A pending (unexpired) ownership nomination, as the caller's rules need it. */
export interface PendingNomination {
  /** Whether the caller is the nominee. */
  isNominee: boolean;
  /** The nominator's role now (null: no longer a member); only an owner's nomination can be accepted. */
  nominatorRole: Role | null;
}

/**
 * What the object knows when it asks. `actor` is the caller's role, `null` if not a member. A `target` of `null`
 * means the user named in the request is not a member; an `invitationRole` of `null` means no such invitation;
 * `replacing` is the role of the pending invitation to the same email that this one would replace, if any; a
 * `nomination` of `null` means none is pending.
 */
export type ActionContext =
  | { action: SimpleAction; actor: Role | null }
  | {
      action: "invite";
      actor: Role | null;
      role: Role;
      inviteeIsMember: boolean;
      replacing: Role | null;
      /** Whether the membership it grants expires (`expires_at` on the invitation). */
      grantsExpiry?: boolean;
    }
  | { action: "revoke_invitation" | "resend_invitation"; actor: Role | null; invitationRole: Role | null }
  | { action: "change_role"; actor: Role | null; target: Role | null; newRole: Role; ownerCount: number }
  | { action: "set_expiry"; actor: Role | null; target: Role | null; expires: boolean }
  | { action: "remove_member"; actor: Role | null; target: Role | null; isSelf: boolean; ownerCount: number }
  | { action: "nominate_owner"; actor: Role | null; target: Role | null }
  | { action: "cancel_nomination"; actor: Role | null; nomination: PendingNomination | null }
  | { action: "accept_ownership"; actor: Role | null; nomination: PendingNomination | null }
  | { action: "see_pending_transfer"; actor: Role | null; nomination: PendingNomination | null }
  | { action: "create_link"; actor: Role | null; role: Role }
  /** `linkRole` null: no such active link. */
  | { action: "revoke_link"; actor: Role | null; linkRole: Role | null };

export type DenialCode = Extract<ProblemCode, "not_found" | "forbidden" | "last_owner" | "conflict" | "already_member">;
export type Decision = { allowed: true } | { allowed: false; code: DenialCode };

const ALLOW: Decision = { allowed: true };
const deny = (code: DenialCode): Decision => ({ allowed: false, code });

/**
 * The one place a workspace permission is decided. Checks run in a fixed order so answers leak as little as
 * possible: non-member (`not_found`, never revealing the workspace exists), then the caller's role (`forbidden`),
 * then whether the target exists (`not_found`), then the rest of the state (`conflict`, `already_member`,
 * `last_owner`). So a caller who may not act never learns who is a member or how many owners there are.
 */
export function decide(ctx: ActionContext): Decision {
  const { actor } = ctx;
  if (actor === null) return deny("not_found");
  if (!can(actor, ctx.action)) return deny("forbidden");

  switch (ctx.action) {
    case "invite":
      return decideInvite(actor, ctx);

    case "set_expiry":
      if (ctx.target === null) return deny("not_found");
      // Owners never expire: any owner can demote the others, so an expiring owner could end up the last one and
      // the alarm would leave the workspace ownerless (decision 0028). Clearing an expiry is always allowed.
      return ctx.target === "owner" && ctx.expires ? deny("last_owner") : ALLOW;

    case "revoke_invitation":
    case "resend_invitation":
      if (ctx.invitationRole === null) return deny("not_found");
      return canGrant(actor, ctx.invitationRole) ? ALLOW : deny("forbidden");

    case "change_role":
      if (ctx.target === null) return deny("not_found");
      return leavesWithoutOwner(ctx.ownerCount, ctx.target, ctx.newRole) ? deny("last_owner") : ALLOW;

    case "remove_member":
      return decideRemoval(actor, ctx);

    case "nominate_owner":
      if (ctx.target === null) return deny("not_found");
      return ctx.target === "owner" ? deny("conflict") : ALLOW;

    case "cancel_nomination":
      return ctx.nomination === null ? deny("not_found") : ALLOW;

    case "accept_ownership":
      if (ctx.nomination === null) return deny("not_found");
      if (!ctx.nomination.isNominee) return deny("forbidden");
      // A nominee who became owner meanwhile has nothing to accept; the nominator must not be demoted for it.
      if (actor === "owner") return deny("conflict");
      // A nomination is only as good as its nominator's ownership: a demoted or departed owner's offer is stale.
      return ctx.nomination.nominatorRole === "owner" ? ALLOW : deny("conflict");

    case "see_pending_transfer":
      // Only the owners and the nominee see a pending transfer; to anyone else there is none.
      if (ctx.nomination === null) return deny("not_found");
      return actor === "owner" || ctx.nomination.isNominee ? ALLOW : deny("forbidden");

    case "create_link":
    case "revoke_link":
      return decideLink(actor, ctx);

    default:
      return ALLOW;
  }
}

function decideInvite(actor: Role, ctx: Extract<ActionContext, { action: "invite" }>): Decision {
  if (!canGrant(actor, ctx.role)) return deny("forbidden");
  // Re-inviting cancels the pending invitation to that email: only someone who could have sent it may.
  if (ctx.replacing !== null && !canGrant(actor, ctx.replacing)) return deny("forbidden");
  // Only owners set expiries (like `set_expiry`), and never on an owner (below).
  if (ctx.grantsExpiry && actor !== "owner") return deny("forbidden");
  if (ctx.grantsExpiry && ctx.role === "owner") return deny("last_owner");
  return ctx.inviteeIsMember ? deny("already_member") : ALLOW;
}

function decideRemoval(actor: Role, ctx: Extract<ActionContext, { action: "remove_member" }>): Decision {
  if (ctx.isSelf && ctx.target !== actor) {
    // A caller bug, not a user error: when you leave, the target's role is your own.
    throw new TypeError(`remove_member: isSelf with target ${ctx.target} but actor ${actor}`);
  }
  if (ctx.target === null) return deny("not_found");
  if (!ctx.isSelf && !REMOVABLE_ROLES[actor].includes(ctx.target)) return deny("forbidden");
  return leavesWithoutOwner(ctx.ownerCount, ctx.target, null) ? deny("last_owner") : ALLOW;
}

/** Share links (decision 0029) hand out their role as an invitation does, so the same right governs them. */
function decideLink(
  actor: Role,
  ctx: Extract<ActionContext, { action: "create_link" }> | Extract<ActionContext, { action: "revoke_link" }>,
): Decision {
  if (ctx.action === "create_link") return canGrant(actor, ctx.role) ? ALLOW : deny("forbidden");
  // Only someone who could have made the link may end it, as with revoking an invitation.
  if (ctx.linkRole === null) return deny("not_found");
  return canGrant(actor, ctx.linkRole) ? ALLOW : deny("forbidden");
}
