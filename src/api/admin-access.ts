/**
 * `requireAdmin`: every `/api/admin` route, after `requireUser`. The caller's stored platform role decides
 * (decision 0015): a non-admin, or an admin whose account is deactivated or marked for deletion, is 403.
 */
import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../app-env";
import { ApiError } from "../lib/problem";
import { isActingAdmin } from "../users/last-admin";
import { findUserById } from "../users/repository";

export function requireAdmin(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const { services, caller } = c.var;
    const user = await findUserById(services.db, caller.userId);
    if (!user || !isActingAdmin(user)) {
      throw new ApiError("forbidden", "Only platform admins may do this.");
    }
    await next();
  };
}
