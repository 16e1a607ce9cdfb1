/**
 * `DELETE /api/me` and `POST /api/me/restore`: deleting one's account, with a grace period to change one's mind
 * (decision 0014). Deleting needs a recent sign-in and the own email typed out, and is refused while the person is
 * the only owner of a workspace others still use. It ends every session at once; the Account object's alarm purges
 * everything when the grace period ends.
 */
import { createRoute, z } from "@hono/zod-openapi";
import { requireNoSoleOwnership, scheduleAccountDeletion } from "../account/deletion";
import { deletionConfirmed } from "../account/deletion-rules";
import { accountOf } from "../account/stub";
import { unwrap } from "../http/results";
import { createRouter } from "../http/router";
import { ApiError } from "../lib/problem";
import { breaksLastAdmin } from "../users/last-admin";
import { clearDeletionMark, countOtherActingAdmins } from "../users/repository";
import { existingUser, MeSchema, meView } from "./me";
import { problemResponses } from "./openapi";
import { requireRecentSignIn } from "./recent-sign-in";
import { json, jsonBody } from "./schemas";

const security = [{ bearer: [] }];
const tags = ["Me"];

const DeletionRequest = z
  .strictObject({
    confirm: z.string().max(320).openapi({ description: "The account's own email, typed out." }),
  })
  .openapi("DeletionRequest");

const DeletionScheduled = z
  .object({ purge_after: z.string().openapi({ description: "When everything is purged, unless restored before." }) })
  .openapi("DeletionScheduled");

export const deletionRoutes = createRouter();

deletionRoutes.openapi(
  createRoute({
    method: "delete",
    path: "/me",
    tags,
    summary: "Delete the caller's account (purged after 30 days unless restored)",
    description:
      "Needs a sign-in from the last 10 minutes and the own email in `confirm`. Every session ends at once. Until " +
      "`purge_after` the person may sign in to see `GET /api/me`, export their data and restore the account. " +
      "A 409 `sole_owner` problem lists the blocking workspaces in `workspaces: [{ id, name, member_count }]`.",
    security,
    request: jsonBody(DeletionRequest),
    responses: {
      202: json(DeletionScheduled, "Deletion scheduled."),
      ...problemResponses(400, 401, 403, 409, 503),
    },
  }),
  async (c) => {
    const { services, caller } = c.var;
    const { confirm } = c.req.valid("json");
    await requireRecentSignIn(caller);
    const user = await existingUser(services, caller.userId);
    if (!deletionConfirmed(confirm, user.email)) {
      const detail = "Type the account's own email to confirm.";
      throw new ApiError("validation_failed", detail, {
        extensions: { errors: [{ path: "confirm", message: detail }] },
      });
    }
    // The same rule an admin's delete follows: the platform keeps an admin who can act.
    if (breaksLastAdmin(user, { delete: true }, await countOtherActingAdmins(services.db, user.id))) {
      throw new ApiError("last_admin", "You are the last platform admin: make someone else an admin first.");
    }
    await requireNoSoleOwnership(services, user.id);
    return c.json(await scheduleAccountDeletion(services, user.id, user.email), 202);
  },
);

deletionRoutes.openapi(
  createRoute({
    method: "post",
    path: "/me/restore",
    tags,
    summary: "Restore the caller's account during the grace period",
    description: "Lifts the deletion: everything works again from the next request. Sessions that ended stay ended.",
    security,
    responses: { 200: json(MeSchema, "The restored account."), ...problemResponses(401, 409) },
  }),
  async (c) => {
    const { services, caller } = c.var;
    const restored = unwrap(await accountOf(services, caller.userId).restore());
    // Only the mark this restore lifted: a deletion asked again meanwhile keeps its own.
    await clearDeletionMark(services.db, caller.userId, restored.cleared);
    return c.json(await meView(services, caller.userId), 200);
  },
);
