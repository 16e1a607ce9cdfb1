/**
 * OpenAuth's /authorize keeps only OAuth's parameters (in its encrypted `authorization` cookie). What OpenID Connect
 * adds (scope, nonce, max_age) is kept here until the sign-in's `success`: in the issuer's storage under a random id
 * named by our own cookie. Every /authorize replaces or clears that cookie, as OpenAuth replaces its own, so a
 * later plain sign-in never inherits an earlier request's nonce.
 */
import type { StorageAdapter } from "@openauthjs/openauth/storage/storage";
import { takeStoredValue } from "../auth/storage";
import { randomBase64Url } from "../lib/ids";
import type { OidcAuthorization } from "./claims";

const COOKIE = "oidc_authorization";
/** As long as OpenAuth keeps its own authorization cookie. */
const LIFETIME_SECONDS = 24 * 60 * 60;
const storageKey = (id: string) => ["oidc:authorization", id];

function cookie(value: string, maxAge: number, secure: boolean): string {
  return `${COOKIE}=${value}; Max-Age=${maxAge}; Path=/; HttpOnly${secure ? "; Secure" : ""}; SameSite=Lax`;
}

/** Stores the request's OpenID Connect part (or nothing) and answers the Set-Cookie header that names it. */
export async function rememberOidcAuthorization(
  storage: StorageAdapter,
  request: Request,
  oidc: OidcAuthorization | null,
): Promise<string> {
  const secure = new URL(request.url).protocol === "https:";
  if (!oidc) return cookie("", 0, secure);
  const id = randomBase64Url(24);
  await storage.set(storageKey(id), oidc, new Date(Date.now() + LIFETIME_SECONDS * 1000));
  return cookie(id, LIFETIME_SECONDS, secure);
}

function cookieValue(request: Request): string | null {
  for (const part of (request.headers.get("cookie") ?? "").split(";")) {
    const [name, ...rest] = part.trim().split("=");
    if (name === COOKIE) return rest.join("=") || null;
  }
  return null;
}

/** The OpenID Connect part of the authorization this browser is completing, taken once; null for a plain one. */
export async function takeOidcAuthorization(
  storage: StorageAdapter,
  request: Request,
): Promise<OidcAuthorization | null> {
  const id = cookieValue(request);
  if (!id || !/^[A-Za-z0-9_-]{32}$/.test(id)) return null;
  return (await takeStoredValue<OidcAuthorization>(storage, storageKey(id))) ?? null;
}

/** Clears the cookie once the sign-in has used it. */
export const clearedOidcCookie = (request: Request) => cookie("", 0, new URL(request.url).protocol === "https:");
