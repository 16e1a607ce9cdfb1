/**
 * Deleting an account, for `DELETE /api/me` and an administrator's delete alike (decision 0014): the sole-owner
 * rule, asked of each workspace object, and the deletion mark, written to the Account object and then to D1.
 */
import { settleBounded } from "../lib/bounded";
import { ApiError } from "../lib/problem";
import type { Services } from "../services";
import { setUserStanding } from "../users/repository";
import { workspaceIdsOf } from "../workspace/directory";
import { purgeAfter } from "./deletion-rules";
import { accountOf } from "./stub";

/** How many workspace objects the sole-owner check asks at once. */
const SOLE_OWNER_FAN_OUT = 8;

/**
 * The workspaces where `userId` is the only owner while others remain: each object decides for itself. One that
 * cannot answer blocks the deletion (503), since it might be one of them.
 */
export async function workspacesBlockingDeletion(services: Services, userId: string) {
  const ids = await workspaceIdsOf(services.db, userId);
  const outcomes = await settleBounded(ids, SOLE_OWNER_FAN_OUT, (id) =>
    services.workspaces.get(services.workspaces.idFromName(id)).soleOwnership(userId),
  );
  if (outcomes.some((outcome) => outcome.status === "rejected")) {
    throw new ApiError("service_unavailable", "Could not check every workspace; try again in a moment.");
  }
  return outcomes.flatMap((outcome) => (outcome.status === "fulfilled" && outcome.value ? [outcome.value] : []));
}

/** Refuses with 409 `sole_owner`, listing the workspaces, unless `userId` may leave every one of them. */
export async function requireNoSoleOwnership(
  services: Services,
  userId: string,
  detail = "You are the only owner of workspaces others still use: make someone else an owner, or delete them, first.",
): Promise<void> {
  const blocking = await workspacesBlockingDeletion(services, userId);
  if (blocking.length > 0) throw new ApiError("sole_owner", detail, { extensions: { workspaces: blocking } });
}

/**
 * Marks the account for deletion (object first, then the D1 copy: a failure between the two leaves the stricter
 * state where requests are decided); every session ends. Returns when the purge happens.
 */
export async function scheduleAccountDeletion(services: Services, userId: string, email: string) {
  const { deletedAt } = await accountOf(services, userId).scheduleDeletion(userId, email);
  await setUserStanding(services.db, userId, { deletedAt });
  return { purge_after: purgeAfter(deletedAt) };
}
