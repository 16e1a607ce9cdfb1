/**
 * Platform roles. The stored role is the only truth (admins grant and remove it, decision 0015); `ADMIN_EMAILS`
 * grants admin to its verified emails at each of their sign-ins, so removing an email from the list and then the
 * role removes the admin for good.
 */

/** Every platform role, defined once: the D1 column, the repository, the API schemas and this rule use it. */
export const PLATFORM_ROLES = ["user", "admin"] as const;

export type PlatformRole = (typeof PLATFORM_ROLES)[number];

/** Whether a sign-in of `user` makes them admin: a verified email listed in ADMIN_EMAILS, not admin already. */
export function grantsAdminAtSignIn(
  user: { email: string; emailVerifiedAt: string | null; platformRole: PlatformRole },
  adminEmails: readonly string[],
): boolean {
  return user.platformRole !== "admin" && user.emailVerifiedAt !== null && adminEmails.includes(user.email);
}
