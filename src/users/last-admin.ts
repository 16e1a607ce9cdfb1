/**
 * The last-admin rule: the platform must keep at least one admin who can really act, so nobody may demote,
 * deactivate or delete the last one, nor reset their two-factor (`409 last_admin`). Decision 0020: an admin counts
 * only while active, not marked for deletion, signed in at least once and with two-factor on, since only such an
 * admin can pass the admin routes (api/admin-access.ts); an admin who never signed in or has no two-factor does
 * not keep the platform administered, so changing them is free and they do not let the real last one leave.
 */
import type { PlatformRole } from "./platform-role";

export interface AdminStanding {
  platformRole: PlatformRole;
  isActive: boolean;
  deletedAt: string | null;
  lastSignInAt: string | null;
  twoFactorEnabled: boolean;
}

/** A change an admin action makes to an account: a role, a standing, its two-factor reset, or its deletion. */
export interface AccountChange {
  platformRole?: PlatformRole;
  isActive?: boolean;
  twoFactorEnabled?: boolean;
  delete?: boolean;
}

/** Holds the admin role on an account that may act at all (active, not marked for deletion). */
export function isActingAdmin(user: Pick<AdminStanding, "platformRole" | "isActive" | "deletedAt">): boolean {
  return user.platformRole === "admin" && user.isActive && user.deletedAt === null;
}

/** An admin the last-admin rule counts: acting, signed in at least once, with two-factor on. */
export function countsAsAdmin(user: AdminStanding): boolean {
  return isActingAdmin(user) && user.lastSignInAt !== null && user.twoFactorEnabled;
}

/** `target` as it would be after `change`. */
export function afterChange(target: AdminStanding, change: AccountChange): AdminStanding {
  return {
    ...target,
    platformRole: change.platformRole ?? target.platformRole,
    isActive: change.isActive ?? target.isActive,
    twoFactorEnabled: change.twoFactorEnabled ?? target.twoFactorEnabled,
    deletedAt: change.delete ? "deleted" : target.deletedAt,
  };
}

/** Whether `change` takes a counted admin out of the count (the write then needs another counted admin). */
export function removesCountedAdmin(target: AdminStanding, change: AccountChange): boolean {
  return countsAsAdmin(target) && !countsAsAdmin(afterChange(target, change));
}

/**
 * Whether `change` to `target` is refused because it would leave no counted admin. `otherCountedAdmins` counts
 * the counted admins other than the target.
 */
export function breaksLastAdmin(target: AdminStanding, change: AccountChange, otherCountedAdmins: number): boolean {
  return otherCountedAdmins === 0 && removesCountedAdmin(target, change);
}
