/**
 * Protective headers on every HTML page the worker makes: OpenAuth's sign-in pages, the refused-authorization page
 * and the API reference. The web app's static files get theirs from web/public/_headers (docs/decisions/0008).
 */
import type { Context, Env, MiddlewareHandler } from "hono";

/**
 * What the worker's pages load: only their own inline styles (OpenAuth's pages style themselves with a `style`
 * attribute on <html> and <style> elements) and images from the origin (the logo). They run no script at all and
 * load nothing from another host (src/auth/sign-in-theme.ts).
 */
const PAGE_SOURCES = {
  "style-src": ["'unsafe-inline'"],
  "img-src": ["'self'"],
} as const;

/** The page policy; `formActionSources` are where a form may post and be redirected to (the sign-in clients). */
export function pageContentSecurityPolicy(formActionSources: readonly string[]): string {
  return [
    "default-src 'none'",
    ...Object.entries(PAGE_SOURCES).map(([directive, sources]) => `${directive} ${sources.join(" ")}`),
    `form-action ${formActionSources.join(" ")}`,
    "frame-ancestors 'none'",
    "base-uri 'none'",
  ].join("; ");
}

/** Every protective header of a worker page. */
export function pageSecurityHeaders(formActionSources: readonly string[]): Record<string, string> {
  return {
    "content-security-policy": pageContentSecurityPolicy(formActionSources),
    "x-frame-options": "DENY",
    // Invitation and sign-in URLs can carry secrets: no page tells another site where it came from.
    "referrer-policy": "no-referrer",
    "x-content-type-options": "nosniff",
  };
}

/**
 * Adds the page headers to every text/html response that does not already set them (the web app's index, served
 * through the ASSETS binding, keeps the stricter policy of its _headers).
 */
export function securePages<E extends Env>(
  formActionSources: (c: Context<E>) => readonly string[],
): MiddlewareHandler<E> {
  return async (c, next) => {
    await next();
    if (!/^text\/html\b/i.test(c.res.headers.get("content-type") ?? "")) return;
    const headers = new Headers(c.res.headers);
    for (const [name, value] of Object.entries(pageSecurityHeaders(formActionSources(c)))) {
      if (!headers.has(name)) headers.set(name, value);
    }
    c.res = new Response(c.res.body, { status: c.res.status, statusText: c.res.statusText, headers });
  };
}
