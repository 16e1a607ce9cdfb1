/**
 * Deactivating and reactivating an account. The Account object decides every request with it (and ends every
 * session on deactivation); the D1 directory keeps a copy for sign-in and administration. The object is written
 * first: a failure between the two leaves the stricter state where requests are decided. Deletion and restore go
 * through account/deletion.ts, which also sets the purge's alarm.
 */
import type { Services } from "../services";
import { setUserStanding } from "../users/repository";
import { accountOf } from "./stub";

export async function setAccountStanding(
  services: Pick<Services, "accounts" | "db">,
  userId: string,
  change: { isActive: boolean },
) {
  await accountOf(services, userId).setActive(userId, change.isActive);
  await setUserStanding(services.db, userId, change);
}
