/**
 * Every action the platform audit log records (admin/user-admin.ts, account/deletion.ts, admin/audit-log.ts's
 * redaction). Each one's `target` is an account id, or for `user_purged` the erased person's pseudonym.
 * `recordAdminAction` takes only these, so a new action has to be listed (and worded in the web app) first.
 */
export const ADMIN_AUDIT_ACTIONS = [
  "user_created",
  "user_updated",
  "sessions_revoked",
  "two_factor_reset",
  "user_deleted",
  "user_purged_now",
  "user_restored",
  "user_purged",
] as const;

export type AdminAuditAction = (typeof ADMIN_AUDIT_ACTIONS)[number];
