/**
 * The ES256 signing keys, kept where OpenAuth keeps them (`signing:key` rows of its storage, sealed at rest by
 * src/auth/storage.ts) so that one key set signs access tokens and id_tokens and the JWKS lists them all. OpenAuth
 * makes the first key; rotation (key-rotation.ts) adds the next ones ahead of use and retires the old.
 */
import { signingKeys } from "@openauthjs/openauth/keys";
import type { StorageAdapter } from "@openauthjs/openauth/storage/storage";
import { exportPKCS8, exportSPKI, generateKeyPair, type JWK } from "jose";
import { planRotation, signingKeyAt } from "./key-rotation";

export interface SigningKey {
  id: string;
  created: number;
  public: CryptoKey;
  private: CryptoKey;
  jwk: JWK;
}

const KEY_PREFIX = "signing:key";

export async function loadSigningKeys(storage: StorageAdapter): Promise<SigningKey[]> {
  const all = await signingKeys(storage);
  return all.map((pair) => ({
    id: pair.id,
    created: pair.created.getTime(),
    public: pair.public as CryptoKey,
    private: pair.private as CryptoKey,
    jwk: { ...pair.jwk, alg: "ES256", use: "sig" },
  }));
}

/** The JWKS document: every key not yet retired (the signing one, the next, and superseded ones still verifying). */
export async function jwksDocument(storage: StorageAdapter) {
  const keys = await loadSigningKeys(storage);
  return { keys: keys.map((key) => key.jwk) };
}

/** A new key pair stored as OpenAuth stores its own, starting to sign at `activatesAt`. */
async function addKey(storage: StorageAdapter, activatesAt: number): Promise<string> {
  const pair = await generateKeyPair("ES256", { extractable: true });
  // Named by its start: two runs at once write one row (the later pair wins, a day before either signs anything).
  const id = `es256-${activatesAt}`;
  const value = {
    id,
    publicKey: await exportSPKI(pair.publicKey),
    privateKey: await exportPKCS8(pair.privateKey),
    created: activatesAt,
    alg: "ES256",
  };
  await storage.set([KEY_PREFIX, id], value);
  return id;
}

/** The hourly step: publish the next key when none waits, retire keys whose tokens have all expired. Safe to repeat. */
export async function rotateSigningKeys(storage: StorageAdapter, now = Date.now()) {
  const keys = await loadSigningKeys(storage);
  const plan = planRotation(keys, now);
  const added = plan.addActivatingAt === null ? null : await addKey(storage, plan.addActivatingAt);
  // Never the key that signs now (planRotation only retires superseded ones).
  const signing = signingKeyAt(keys, now)?.id;
  const retired = plan.retire.filter((id) => id !== signing);
  for (const id of retired) await storage.remove([KEY_PREFIX, id]);
  return { added, retired };
}
