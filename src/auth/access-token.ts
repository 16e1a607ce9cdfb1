/**
 * Access tokens: ES256 JWTs signed with OpenAuth's own signing keys (so `/.well-known/jwks.json`
 * publishes them), verified in process with those keys. Only ES256 is accepted, with issuer,
 * audience (a known client), expiry and our claims all required.
 */
import type { StorageAdapter } from "@openauthjs/openauth/storage/storage";
import { errors, type JWTPayload, jwtVerify, SignJWT } from "jose";
import { signingKeyAt } from "../oidc/key-rotation";
import { loadSigningKeys, type SigningKey } from "../oidc/signing-keys";
import type { User } from "../users/repository";
import { ACCESS_TOKEN_TTL_SECONDS } from "./token-policy";
import { VerifiedTokens } from "./verified-tokens";

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
  /** The scopes of an OpenID Connect session's token; absent for the web app's. */
  scope?: string;
}

interface PublicKeyCache {
  keys: Map<string, CryptoKey>;
  all: SigningKey[];
  loadedAt: number;
  /** Tokens verified with these keys (verified-tokens.ts): a new key set starts with none. */
  verified: VerifiedTokens<VerifiedAccess>;
}

/** Verified tokens kept per key set: the busiest people's tokens of the last minutes, about 1 KiB each. */
const VERIFIED_TOKENS_KEPT = 1_000;

/** Key sets are re-read at most this often when a token names a key we have not seen. */
const KEY_RELOAD_MIN_INTERVAL_MS = 30_000;
/** And at least this often, so a rotation (published a day ahead, src/oidc/key-rotation.ts) is seen in time. */
const KEY_CACHE_MAX_AGE_MS = 10 * 60 * 1000;
const caches = new WeakMap<StorageAdapter, PublicKeyCache>();

async function loadKeys(storage: StorageAdapter): Promise<PublicKeyCache> {
  const all = await loadSigningKeys(storage);
  const cache = {
    keys: new Map(all.map((pair) => [pair.id, pair.public])),
    all,
    loadedAt: Date.now(),
    verified: new VerifiedTokens<VerifiedAccess>(VERIFIED_TOKENS_KEPT),
  };
  caches.set(storage, cache);
  return cache;
}

async function keyCache(storage: StorageAdapter): Promise<PublicKeyCache> {
  const cache = caches.get(storage);
  if (cache && Date.now() - cache.loadedAt < KEY_CACHE_MAX_AGE_MS) return cache;
  return loadKeys(storage);
}

/** The key that signs at `now` (the newest whose time has come), its `kid` and private key. */
export async function currentSigningKey(storage: StorageAdapter, now = new Date()): Promise<SigningKey> {
  // A `now` before every key (a test signing in the past) takes the key that signs today.
  const pick = (all: SigningKey[]) => signingKeyAt(all, now.getTime()) ?? signingKeyAt(all, Date.now());
  let signing = pick((await keyCache(storage)).all);
  if (!signing) signing = pick((await loadKeys(storage)).all);
  if (!signing) throw new Error("no signing key");
  return signing;
}

/** Forgets the cached key set (tests that rotate keys; the cache re-reads on its own within minutes). */
export function forgetCachedKeys(storage: StorageAdapter) {
  caches.delete(storage);
}

/** A JWT signed ES256 with the key that signs at `now`, naming it by `kid`: every token we issue is made here. */
export async function signJwt(
  storage: StorageAdapter,
  claims: JWTPayload,
  envelope: { issuer: string; audience: string; subject: string; ttlSeconds: number },
  now = new Date(),
): Promise<string> {
  const signing = await currentSigningKey(storage, now);
  const issuedAt = Math.floor(now.getTime() / 1000);
  return new SignJWT(claims)
    .setProtectedHeader({ alg: "ES256", kid: signing.id, typ: "JWT" })
    .setIssuer(envelope.issuer)
    .setAudience(envelope.audience)
    .setSubject(envelope.subject)
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + envelope.ttlSeconds)
    .sign(signing.private);
}

export async function signAccessToken(
  storage: StorageAdapter,
  input: { issuer: string; clientId: string; sessionId: string; user: UserSubject; scope?: string },
  now = new Date(),
): Promise<{ token: string; expiresIn: number }> {
  const claims = { mode: "access", type: "user", properties: input.user, sid: input.sessionId };
  const envelope = {
    issuer: input.issuer,
    audience: input.clientId,
    subject: input.user.id,
    ttlSeconds: ACCESS_TOKEN_TTL_SECONDS,
  };
  const token = await signJwt(
    storage,
    input.scope === undefined ? claims : { ...claims, scope: input.scope },
    envelope,
    now,
  );
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
  /** `audiences: "any"`: the caller checks the client itself (userinfo accepts every registered client's token). */
  expected: { issuer: string; audiences: readonly string[] | "any" },
): Promise<VerifiedAccess | null> {
  // A token this key set already verified is checked again only for what time and the caller change.
  const { verified } = await keyCache(storage);
  const known = verified.find(token, expected, Math.floor(Date.now() / 1000));
  if (known) return known.claims;
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token, (header) => publicKeyFor(storage, header.kid), {
      algorithms: ["ES256"],
      issuer: expected.issuer,
      ...(expected.audiences === "any" ? {} : { audience: [...expected.audiences] }),
      requiredClaims: ["exp", "iat", "sub", "aud", "sid"],
      typ: "JWT",
    }));
  } catch {
    return null;
  }
  const claims = accessOf(payload);
  if (!claims) return null;
  // Only a token that ends is kept (ours always carry `exp`; jose accepts one without it).
  if (typeof payload.exp !== "number") return claims;
  // Kept beside the key set that verified it (reloaded after a rotation or within minutes: access-token's cache).
  (await keyCache(storage)).verified.remember(token, {
    claims,
    issuer: payload.iss as string,
    audiences: Array.isArray(payload.aud) ? payload.aud : [payload.aud as string],
    expiresAtSeconds: payload.exp,
  });
  return claims;
}

/** Our claims of a verified payload, unchangeable (they are kept for the token's next uses); null if not ours. */
function accessOf(payload: JWTPayload): VerifiedAccess | null {
  if (payload.mode !== "access" || payload.type !== "user" || !isUserSubject(payload.properties)) return null;
  if (typeof payload.sid !== "string" || payload.properties.id !== payload.sub) return null;
  const clientId = Array.isArray(payload.aud) ? payload.aud[0] : payload.aud;
  if (!clientId) return null;
  const scope = typeof payload.scope === "string" ? { scope: payload.scope } : {};
  const properties = Object.freeze({ ...payload.properties });
  return Object.freeze({ userId: payload.sub, sessionId: payload.sid, clientId, properties, ...scope });
}
