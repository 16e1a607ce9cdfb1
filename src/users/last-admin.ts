/**
 * The last-admin rule: the platform must keep at least one admin who can act, so nobody may demote, deactivate
 * or delete the last one (`409 last_admin`). An admin who can act holds the admin role on an active account that
 * is not marked for deletion; a deactivated or deleted admin already does not count, so changing them is free.
 */
import type { PlatformRole } from "./platform-role";

export interface AdminStanding {
  platformRole: PlatformRole;
  isActive: boolean;
  deletedAt: string | null;
}

/** A change an admin action makes to an account: a role, a standing, or its deletion. */
export interface AccountChange {
  platformRole?: PlatformRole;
  isActive?: boolean;
  delete?: boolean;
}

export function isActingAdmin(user: AdminStanding): boolean {
  return user.platformRole === "admin" && user.isActive && user.deletedAt === null;
}

/**
 * Whether `change` to `target` is refused because it would leave no admin who can act. `otherActingAdmins`
 * counts the acting admins other than the target.
 */
export function breaksLastAdmin(target: AdminStanding, change: AccountChange, otherActingAdmins: number): boolean {
  if (otherActingAdmins > 0 || !isActingAdmin(target)) return false;
  const after: AdminStanding = {
    platformRole: change.platformRole ?? target.platformRole,
    isActive: change.isActive ?? target.isActive,
    deletedAt: change.delete ? "deleted" : target.deletedAt,
  };
  return !isActingAdmin(after);
}
