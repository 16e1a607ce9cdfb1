/**
 * `/api/admin/users/:id/restore` and `/api/admin/users/:id/2fa`: an admin undoes a deletion (the only way back
 * from a deletion an admin made) and resets a person's two-factor (decision 0020). Both audited; the reset is
 * mailed to the person.
 */
import { createRoute } from "@hono/zod-openapi";
import { restoreAccount } from "../account/deletion";
import { resetTwoFactor } from "../admin/user-admin";
import { createRouter } from "../http/router";
import { ApiError } from "../lib/problem";
import { mailSecurityChange } from "../mail/security-change";
import { findUserById } from "../users/repository";
import { AdminUserSchema, adminUserView, UserIdParam } from "./admin-schemas";
import { problemResponses } from "./openapi";
import { json } from "./schemas";

const security = [{ bearer: [] }];
const tags = ["Administration"];

export const adminRecoveryRoutes = createRouter();

adminRecoveryRoutes.openapi(
  createRoute({
    method: "post",
    path: "/admin/users/{id}/restore",
    tags,
    security,
    summary: "Restore an account during its grace period, whoever deleted it (409 when not deleted or purging)",
    description: "Sessions that ended stay ended. Recorded in the platform audit log as `user_restored`.",
    request: { params: UserIdParam },
    responses: { 200: json(AdminUserSchema, "The restored account."), ...problemResponses(400, 401, 403, 404, 409) },
  }),
  async (c) => {
    const { services, caller } = c.var;
    const { id } = c.req.valid("param");
    await restoreAccount(services, { by: "admin", actorId: caller.userId, targetId: id });
    const user = await findUserById(services.db, id);
    if (!user) throw new ApiError("not_found", "There is no such user.");
    return c.json(adminUserView(user), 200);
  },
);

adminRecoveryRoutes.openapi(
  createRoute({
    method: "delete",
    path: "/admin/users/{id}/2fa",
    tags,
    security,
    summary: "Reset a person's two-factor: off without a code, so they can set it up again",
    description:
      "For a lost authenticator, or one a stolen session bound. 409 `conflict` when it is not on; 403 `forbidden` " +
      "for one's own (use `DELETE /api/me/2fa` with a code); 409 `last_admin` when it would leave no admin. " +
      "Recorded as `two_factor_reset`; the person's address is mailed.",
    request: { params: UserIdParam },
    responses: { 204: { description: "Off." }, ...problemResponses(400, 401, 403, 404, 409) },
  }),
  async (c) => {
    const { services, caller } = c.var;
    const person = await resetTwoFactor(services, caller.userId, c.req.valid("param").id);
    mailSecurityChange(c, services, person.email, "two_factor_reset_by_admin");
    return c.body(null, 204);
  },
);
