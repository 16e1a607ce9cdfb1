/**
 * Access tokens: ES256 JWTs signed with OpenAuth's own signing keys (so `/.well-known/jwks.json`
 * publishes them), verified in process with those keys. Only ES256 is accepted, with issuer,
 * audience (a known client), expiry and our claims all required.
 */
import { signingKeys } from "@openauthjs/openauth/keys";
import type { StorageAdapter } from "@openauthjs/openauth/storage/storage";
import { errors, type JWTPayload, jwtVerify, SignJWT } from "jose";
import type { User } from "../users/repository";
import { ACCESS_TOKEN_TTL_SECONDS } from "./token-policy";

/** The `user` subject's properties, as docs/api.md lists them. */
export interface UserSubject {
  id: string;
  email: string;
  first_name: string;
  last_name: string;
  created_date: string;
}

/** The subject properties of a user row. */
export function userSubject(user: User): UserSubject {
  return {
    id: user.id,
    email: user.email,
    first_name: user.firstName,
    last_name: user.lastName,
    created_date: user.createdDate,
  };
}

export interface VerifiedAccess {
  userId: string;
  sessionId: string;
  clientId: string;
  properties: UserSubject;
}

interface PublicKeyCache {
  keys: Map<string, CryptoKey>;
  signing: { id: string; key: CryptoKey } | null;
  loadedAt: number;
}

/** Key sets are re-read at most this often, and only when a token names a key we have not seen. */
const KEY_RELOAD_MIN_INTERVAL_MS = 30_000;
const caches = new WeakMap<StorageAdapter, PublicKeyCache>();

async function loadKeys(storage: StorageAdapter): Promise<PublicKeyCache> {
  const all = await signingKeys(storage);
  const keys = new Map(all.map((pair) => [pair.id, pair.public as CryptoKey]));
  const current = all.find((pair) => !pair.expired);
  const cache = {
    keys,
    signing: current ? { id: current.id, key: current.private as CryptoKey } : null,
    loadedAt: Date.now(),
  };
  caches.set(storage, cache);
  return cache;
}

async function keyCache(storage: StorageAdapter): Promise<PublicKeyCache> {
  return caches.get(storage) ?? loadKeys(storage);
}

export async function signAccessToken(
  storage: StorageAdapter,
  input: { issuer: string; clientId: string; sessionId: string; user: UserSubject },
  now = new Date(),
): Promise<{ token: string; expiresIn: number }> {
  const { signing } = await keyCache(storage);
  if (!signing) throw new Error("no signing key");
  const issuedAt = Math.floor(now.getTime() / 1000);
  const token = await new SignJWT({ mode: "access", type: "user", properties: input.user, sid: input.sessionId })
    .setProtectedHeader({ alg: "ES256", kid: signing.id, typ: "JWT" })
    .setIssuer(input.issuer)
    .setAudience(input.clientId)
    .setSubject(input.user.id)
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + ACCESS_TOKEN_TTL_SECONDS)
    .sign(signing.key);
  return { token, expiresIn: ACCESS_TOKEN_TTL_SECONDS };
}

async function publicKeyFor(storage: StorageAdapter, kid: string | undefined): Promise<CryptoKey> {
  let cache = await keyCache(storage);
  let key = kid ? cache.keys.get(kid) : undefined;
  if (!key && kid && Date.now() - cache.loadedAt > KEY_RELOAD_MIN_INTERVAL_MS) {
    cache = await loadKeys(storage);
    key = cache.keys.get(kid);
  }
  if (!key) throw new errors.JWKSNoMatchingKey();
  return key;
}

function isUserSubject(value: unknown): value is UserSubject {
  if (typeof value !== "object" || value === null) return false;
  const fields = value as Record<string, unknown>;
  return ["id", "email", "first_name", "last_name", "created_date"].every((name) => typeof fields[name] === "string");
}

/** The verified claims, or null for any token that is not ours, not for a known client, or not current. */
export async function verifyAccessToken(
  storage: StorageAdapter,
  token: string,
  expected: { issuer: string; audiences: readonly string[] },
): Promise<VerifiedAccess | null> {
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token, (header) => publicKeyFor(storage, header.kid), {
      algorithms: ["ES256"],
      issuer: expected.issuer,
      audience: [...expected.audiences],
      requiredClaims: ["exp", "iat", "sub", "aud", "sid"],
      typ: "JWT",
    }));
  } catch {
    return null;
  }
  if (payload.mode !== "access" || payload.type !== "user" || !isUserSubject(payload.properties)) return null;
  if (typeof payload.sid !== "string" || payload.properties.id !== payload.sub) return null;
  const clientId = Array.isArray(payload.aud) ? payload.aud[0] : payload.aud;
  if (!clientId) return null;
  return { userId: payload.sub, sessionId: payload.sid, clientId, properties: payload.properties };
}
