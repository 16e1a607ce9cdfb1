/** A user's platform role: the stored one, or admin when their verified email is listed in ADMIN_EMAILS. */

/** Every platform role, defined once: the D1 column, the repository, the API schemas and this rule use it. */
export const PLATFORM_ROLES = ["user", "admin"] as const;

export type PlatformRole = (typeof PLATFORM_ROLES)[number];

export function effectivePlatformRole(
  user: { email: string; emailVerifiedAt: string | null; platformRole: PlatformRole },
  adminEmails: readonly string[],
): PlatformRole {
  if (user.platformRole === "admin") return "admin";
  return user.emailVerifiedAt !== null && adminEmails.includes(user.email) ? "admin" : "user";
}
