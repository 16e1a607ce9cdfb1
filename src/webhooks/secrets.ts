/**
 * Webhook signing secrets at rest: sealed with AES-256-GCM under a key derived from AUTH_SECRET (like the other
 * key material, auth/sealed-values.ts), bound to their endpoint, so a copy of an object's storage signs nothing
 * and a sealed secret moved to another endpoint does not open.
 */
import { type SealedValue, seal, unseal } from "../auth/sealed-values";
import { webhookSecretKey } from "../auth/service-keys";

const rowKey = (endpointId: string) => `webhook:${endpointId}`;

/** The stored form (JSON text) of `secret` for endpoint `endpointId`. */
export async function sealWebhookSecret(authSecret: string, endpointId: string, secret: string): Promise<string> {
  return JSON.stringify(await seal(await webhookSecretKey(authSecret), rowKey(endpointId), secret));
}

/** The secret sealed in `stored`, or null when it was not sealed for this endpoint under this AUTH_SECRET. */
export async function unsealWebhookSecret(authSecret: string, endpointId: string, stored: string) {
  const value = await unseal(await webhookSecretKey(authSecret), rowKey(endpointId), JSON.parse(stored) as SealedValue);
  return typeof value === "string" ? value : null;
}
