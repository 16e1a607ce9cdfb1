/**
 * OpenAuth keeps its private keys through the storage adapter: ES256 signing pairs under `signing:key` (they also
 * sign our access tokens), RSA-OAEP cookie-encryption pairs under `encryption:key`, and the legacy RS512 pairs of
 * OpenAuth before 0.3 under `oauth:key` (read, never written, by 0.4.3). Their values are sealed with AES-256-GCM
 * before they reach D1, with the row's key as associated data, so a sealed value cannot be moved to another row.
 */
import { base64UrlDecode, base64UrlEncode } from "../lib/crypto";

/** The first key segments whose values are private key material (`@openauthjs/openauth` keys.ts). */
const KEY_MATERIAL_PREFIXES: ReadonlySet<string> = new Set(["signing:key", "encryption:key", "oauth:key"]);

/** What a sealed value looks like in `oauth_storage.value` (as JSON). */
export interface SealedValue {
  sealed: "A256GCM";
  iv: string;
  ciphertext: string;
}

const IV_BYTES = 12;

export function isKeyMaterial(key: readonly string[]): boolean {
  return KEY_MATERIAL_PREFIXES.has(key[0] ?? "");
}

function isSealedValue(value: unknown): value is SealedValue {
  if (typeof value !== "object" || value === null) return false;
  const candidate = value as Record<string, unknown>;
  return candidate.sealed === "A256GCM" && typeof candidate.iv === "string" && typeof candidate.ciphertext === "string";
}

/** Seals a JSON value for the row named `rowKey` (the joined storage key). */
export async function seal(key: CryptoKey, rowKey: string, value: unknown): Promise<SealedValue> {
  const iv = crypto.getRandomValues(new Uint8Array(IV_BYTES));
  const plaintext = new TextEncoder().encode(JSON.stringify(value));
  const ciphertext = await crypto.subtle.encrypt(
    { name: "AES-GCM", iv, additionalData: new TextEncoder().encode(rowKey) },
    key,
    plaintext,
  );
  return { sealed: "A256GCM", iv: base64UrlEncode(iv), ciphertext: base64UrlEncode(new Uint8Array(ciphertext)) };
}

/**
 * The value sealed for `rowKey`, or undefined when `stored` is not a value sealed under this key for this row: a
 * plaintext row from before sealing, a value sealed under another AUTH_SECRET, or one copied from another row.
 * Such a row is never trusted; OpenAuth then makes a fresh key pair, as it does on an empty table.
 */
export async function unseal(key: CryptoKey, rowKey: string, stored: unknown): Promise<unknown> {
  if (!isSealedValue(stored)) return undefined;
  const iv = base64UrlDecode(stored.iv);
  const ciphertext = base64UrlDecode(stored.ciphertext);
  if (!iv || iv.length !== IV_BYTES || !ciphertext) return undefined;
  try {
    const plaintext = await crypto.subtle.decrypt(
      { name: "AES-GCM", iv, additionalData: new TextEncoder().encode(rowKey) },
      key,
      ciphertext,
    );
    return JSON.parse(new TextDecoder().decode(plaintext));
  } catch {
    return undefined;
  }
}
