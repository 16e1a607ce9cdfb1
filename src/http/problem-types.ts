/**
 * Makes every problem+json `type` an absolute URI on the request's origin (`/api/problems/<code>` becomes
 * `https://<host>/api/problems/<code>`), so it resolves wherever the answer is read. One middleware at the
 * worker's root does it for every route, so no call site needs the request to build a problem.
 */
import type { MiddlewareHandler } from "hono";

export function absoluteProblemTypes(): MiddlewareHandler {
  return async (c, next) => {
    await next();
    if (!c.res.headers.get("content-type")?.startsWith("application/problem+json")) return;
    const body = (await c.res.clone().json()) as { type?: unknown };
    if (typeof body.type !== "string" || !body.type.startsWith("/")) return;
    body.type = new URL(body.type, c.req.url).href;
    const headers = new Headers(c.res.headers);
    headers.delete("content-length");
    const { status } = c.res;
    // Unset first: Hono's setter would otherwise copy the old headers (a stale content-length) back on.
    c.res = undefined;
    c.res = new Response(JSON.stringify(body), { status, headers });
  };
}
