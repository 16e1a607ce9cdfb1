/**
 * Standard Webhooks signing: each delivery carries `webhook-id`, `webhook-timestamp` (seconds) and
 * `webhook-signature`, the base64 HMAC-SHA256 of `${id}.${timestamp}.${body}` under each secret that signs now,
 * as `v1,<signature>` separated by spaces (two while a rotated-out secret still signs, so receivers can switch
 * over). A secret is `whsec_` and the base64 of its random bytes; the bytes are the HMAC key.
 */

export const SECRET_PREFIX = "whsec_";
/** 32 random bytes: more than the 24 the specification asks as a minimum. */
const SECRET_BYTES = 32;

export function newWebhookSecret(): string {
  return SECRET_PREFIX + bytesToBase64(crypto.getRandomValues(new Uint8Array(SECRET_BYTES)));
}

/** The HMAC key bytes of a `whsec_` secret. */
export function secretKeyBytes(secret: string): Uint8Array {
  if (!secret.startsWith(SECRET_PREFIX)) throw new Error("not a webhook secret");
  return Uint8Array.from(atob(secret.slice(SECRET_PREFIX.length)), (char) => char.charCodeAt(0));
}

export async function signPayload(secret: string, id: string, timestampSeconds: number, body: string) {
  const key = await crypto.subtle.importKey("raw", secretKeyBytes(secret), { name: "HMAC", hash: "SHA-256" }, false, [
    "sign",
  ]);
  const mac = await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(`${id}.${timestampSeconds}.${body}`));
  return `v1,${bytesToBase64(new Uint8Array(mac))}`;
}

/** The headers of one delivery attempt, signed by every secret given (newest first). */
export async function webhookHeaders(secrets: readonly string[], id: string, timestampSeconds: number, body: string) {
  const signatures = await Promise.all(secrets.map((secret) => signPayload(secret, id, timestampSeconds, body)));
  return {
    "content-type": "application/json",
    "webhook-id": id,
    "webhook-timestamp": String(timestampSeconds),
    "webhook-signature": signatures.join(" "),
  };
}

function bytesToBase64(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary);
}
