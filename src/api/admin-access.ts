/**
 * `requireAdmin`: every `/api/admin` route, after `requireUser`. The caller's stored platform role decides
 * (decision 0015): a non-admin, or an admin whose account is deactivated or marked for deletion, is 403
 * `forbidden`. A stolen session must not carry admin power (decision 0020): an admin without two-factor is 403
 * `two_factor_required` on every admin route, and every admin write needs a sign-in from the last 10 minutes
 * (403 `reauthentication_required`).
 */
import type { MiddlewareHandler } from "hono";
import { accountOf } from "../account/stub";
import type { AppEnv } from "../app-env";
import { ApiError } from "../lib/problem";
import { isActingAdmin } from "../users/last-admin";
import { findUserById, setTwoFactorEnabled } from "../users/repository";
import { requireRecentSignIn } from "./recent-sign-in";

/** Where the web app turns two-factor on: the problem's `detail` and `setup_path` name it. */
export const TWO_FACTOR_SETUP_PATH = "/settings/security";

const READS = new Set(["GET", "HEAD", "OPTIONS"]);

export function requireAdmin(): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const { services, caller } = c.var;
    const user = await findUserById(services.db, caller.userId);
    if (!user || !isActingAdmin(user)) {
      throw new ApiError("forbidden", "Only platform admins may do this.");
    }
    // The directory's copy of the two-factor state is what the last-admin rule counts in SQL; a copy that lags the
    // Account object (two-factor turned on before the copy existed, decision 0015) is repaired here, once.
    if (!user.twoFactorEnabled && (await accountOf(services, user.id).twoFactorEnabled())) {
      await setTwoFactorEnabled(services.db, user.id, true);
    } else if (!user.twoFactorEnabled) {
      throw new ApiError(
        "two_factor_required",
        `Platform admins must have two-factor authentication on: turn it on in the settings, under Security (${TWO_FACTOR_SETUP_PATH}), then come back.`,
        { extensions: { setup_path: TWO_FACTOR_SETUP_PATH } },
      );
    }
    if (!READS.has(c.req.method)) await requireRecentSignIn(caller);
    await next();
  };
}
