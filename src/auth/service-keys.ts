/**
 * The service's own keys, derived from the Worker secret AUTH_SECRET with HKDF-SHA-256, one label per use. Nothing
 * secret is kept in D1: refresh tokens and code hashes are MACs under the MAC key, and OpenAuth's private keys are
 * stored sealed under the key-material key (src/auth/sealed-values.ts). A copy of the database without the secret
 * can neither mint tokens nor test codes offline; changing AUTH_SECRET invalidates every refresh token, open code
 * and stored OpenAuth key at once (docs/decisions/0007).
 */

/** HKDF `info` labels: a new use gets a new label, never a shared key. The version moves if a use changes. */
const MAC_KEY_LABEL = "edge-identity mac v1";
const KEY_MATERIAL_KEY_LABEL = "edge-identity openauth-key-material v1";
const TWO_FACTOR_KEY_LABEL = "edge-identity two-factor-secret v1";
const MAIL_OUTBOX_KEY_LABEL = "edge-identity mail-outbox v1";
const WEBHOOK_SECRET_KEY_LABEL = "edge-identity webhook-secret v1";
/** HKDF's salt is optional (RFC 5869 §3.1); a fixed one separates this service's keys from any other use of the secret. */
const HKDF_SALT = new TextEncoder().encode("edge-identity");

async function hkdf(secret: string, label: string, algorithm: SubtleCryptoImportKeyAlgorithm, uses: string[]) {
  const base = await crypto.subtle.importKey("raw", new TextEncoder().encode(secret), "HKDF", false, ["deriveKey"]);
  return crypto.subtle.deriveKey(
    { name: "HKDF", hash: "SHA-256", salt: HKDF_SALT, info: new TextEncoder().encode(label) },
    base,
    algorithm,
    false,
    uses,
  );
}

/** Derived keys by label and secret: HKDF runs once per isolate for each. */
const derived = new Map<string, Promise<CryptoKey>>();

function derivedOnce(secret: string, label: string, algorithm: SubtleCryptoImportKeyAlgorithm, uses: string[]) {
  const cacheKey = `${label}\n${secret}`;
  let key = derived.get(cacheKey);
  if (!key) {
    key = hkdf(secret, label, algorithm, uses);
    key.catch(() => derived.delete(cacheKey));
    derived.set(cacheKey, key);
  }
  return key;
}

/** The HMAC-SHA-256 key of refresh tokens and emailed-code hashes, for `config.authSecret`. */
export function macKey(secret: string): Promise<CryptoKey> {
  return derivedOnce(secret, MAC_KEY_LABEL, { name: "HMAC", hash: "SHA-256", length: 256 }, ["sign"]);
}

/** The AES-256-GCM key that seals OpenAuth's private keys in D1, for `config.authSecret`. */
export function keyMaterialKey(secret: string): Promise<CryptoKey> {
  return derivedOnce(secret, KEY_MATERIAL_KEY_LABEL, { name: "AES-GCM", length: 256 }, ["encrypt", "decrypt"]);
}

/** The AES-256-GCM key that seals TOTP secrets in the Account objects, for `config.authSecret`. */
export function twoFactorKey(secret: string): Promise<CryptoKey> {
  return derivedOnce(secret, TWO_FACTOR_KEY_LABEL, { name: "AES-GCM", length: 256 }, ["encrypt", "decrypt"]);
}

/** The AES-256-GCM key that seals sign-in mail (its live code) while it waits in the D1 mail outbox. */
export function mailOutboxKey(secret: string): Promise<CryptoKey> {
  return derivedOnce(secret, MAIL_OUTBOX_KEY_LABEL, { name: "AES-GCM", length: 256 }, ["encrypt", "decrypt"]);
}

/** The AES-256-GCM key that seals webhook signing secrets in the Workspace and WebhookEndpoint objects. */
export function webhookSecretKey(secret: string): Promise<CryptoKey> {
  return derivedOnce(secret, WEBHOOK_SECRET_KEY_LABEL, { name: "AES-GCM", length: 256 }, ["encrypt", "decrypt"]);
}
