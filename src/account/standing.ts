/**
 * Deactivating, reactivating, marking for deletion and restoring an account: the one way to change its standing.
 * The Account object decides every request with it (and ends every session on deactivation); the D1 directory
 * keeps a copy for sign-in and administration. The object is written first: a failure between the two leaves the
 * stricter state where requests are decided.
 */
import type { Services } from "../services";
import { setUserStanding } from "../users/repository";
import { accountOf } from "./stub";

export async function setAccountStanding(
  services: Pick<Services, "accounts" | "db">,
  userId: string,
  change: { isActive?: boolean; deletedAt?: string | null },
) {
  const deactivated = change.isActive === undefined ? undefined : !change.isActive;
  await accountOf(services, userId).setStanding(userId, { deactivated, deletedAt: change.deletedAt });
  await setUserStanding(services.db, userId, change);
}
