/** A user's platform role: the stored one, or admin when their verified email is listed in ADMIN_EMAILS. */

export type PlatformRole = "user" | "admin";

export function effectivePlatformRole(
  user: { email: string; emailVerifiedAt: string | null; platformRole: PlatformRole },
  adminEmails: readonly string[],
): PlatformRole {
  if (user.platformRole === "admin") return "admin";
  return user.emailVerifiedAt !== null && adminEmails.includes(user.email) ? "admin" : "user";
}
