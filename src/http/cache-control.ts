/**
 * Answers about a person (their profile, workspaces, members, invitations, an invitation preview) must not
 * be kept by a browser or a shared cache. So every /api answer is `Cache-Control: no-store` unless its
 * route says otherwise: only the public, identical-for-everyone ones do (health, the OpenAPI document,
 * the reference page, the problem pages).
 */
import type { MiddlewareHandler } from "hono";

/** For public answers that are the same for everyone and change only with a deploy. */
export const PUBLIC_CACHE = "public, max-age=300";

export function noStoreByDefault(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    if (!c.res.headers.has("cache-control")) c.res.headers.set("cache-control", "no-store");
  };
}
