/**
 * `DELETE /api/me` and `POST /api/me/restore`: deleting one's account, with a grace period to change one's mind
 * (decision 0014). Deleting needs a recent sign-in and the own email typed out, and is refused while the person is
 * the only owner of a workspace others still use. It ends every session at once; the Account object's alarm purges
 * everything when the grace period ends.
 */
import { createRoute, z } from "@hono/zod-openapi";
import { deleteAccount, restoreAccount } from "../account/deletion";
import { deletionConfirmed } from "../account/deletion-rules";
import { createRouter } from "../http/router";
import { ApiError } from "../lib/problem";
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
    // The same module and rules as an admin's delete: the platform keeps an admin who can act.
    const scheduled = await deleteAccount(services, { by: "self", userId: user.id });
    if (!scheduled) throw new Error("a self-deletion never purges at once");
    return c.json(scheduled, 202);
  },
);

deletionRoutes.openapi(
  createRoute({
    method: "post",
    path: "/me/restore",
    tags,
    summary: "Restore the caller's account during the grace period",
    description:
      "Lifts the deletion: everything works again from the next request. Sessions that ended stay ended. A " +
      "deletion an admin made is restored only by an admin (`403 restore_by_admin_only`). Recorded in the platform " +
      "audit log.",
    security,
    responses: { 200: json(MeSchema, "The restored account."), ...problemResponses(401, 403, 409) },
  }),
  async (c) => {
    const { services, caller } = c.var;
    await restoreAccount(services, { by: "self", userId: caller.userId });
    return c.json(await meView(services, caller.userId), 200);
  },
);
