/** A user's standing as the admin API names it, from the directory's copy of the Account object's standing. */

export const USER_STATUSES = ["active", "deactivated", "deleted"] as const;

export type UserStatus = (typeof USER_STATUSES)[number];

/** A deletion mark wins over deactivation: the account is on its way out either way. */
export function userStatus(user: { isActive: boolean; deletedAt: string | null }): UserStatus {
  if (user.deletedAt !== null) return "deleted";
  return user.isActive ? "active" : "deactivated";
}
