/** The Account object of one person, for routes and the token endpoint. */
import type { Services } from "../services";

export function accountOf(services: Pick<Services, "accounts">, userId: string) {
  return services.accounts.get(services.accounts.idFromName(userId));
}
