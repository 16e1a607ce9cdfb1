/**
 * Protective headers on every answer the worker makes, and more on every HTML page it makes: the sign-in
 * pages, the refused-authorization page and the API reference. The web app's static files get theirs from
 * web/public/_headers (docs/decisions/0008, 0022).
 */
import type { Context, Env, MiddlewareHandler } from "hono";

/**
 * What the worker's other pages load (the development mailbox, the API reference): only their own inline styles and
 * images from the origin. They run no script at all and load nothing from another host.
 */
const PAGE_SOURCES = {
  "style-src": ["'unsafe-inline'"],
  "img-src": ["'self'"],
} as const;

/**
 * The sign-in pages (src/auth/ui/) style themselves with one stylesheet from the origin and nothing inline, and run
 * one script from the origin, so their policy allows only that: stricter than PAGE_SOURCES (docs/decisions/0024).
 */
export const SIGN_IN_PAGE_SOURCES = {
  "style-src": ["'self'"],
  "img-src": ["'self'"],
  // The passkey script (src/auth/ui/passkey-script.ts) from the origin, and its call for options (decision 0031).
  "script-src": ["'self'"],
  "connect-src": ["'self'"],
} as const;

/**
 * The page policy; `formActionSources` are where a form may post and be redirected to (the sign-in clients);
 * `sources` what the page may load (PAGE_SOURCES unless given).
 */
export function pageContentSecurityPolicy(
  formActionSources: readonly string[],
  sources: Readonly<Record<string, readonly string[]>> = PAGE_SOURCES,
): string {
  return [
    "default-src 'none'",
    ...Object.entries(sources).map(([directive, allowed]) => `${directive} ${allowed.join(" ")}`),
    `form-action ${formActionSources.join(" ")}`,
    "frame-ancestors 'none'",
    "base-uri 'none'",
  ].join("; ");
}

/** Every protective header of a worker page. */
export function pageSecurityHeaders(
  formActionSources: readonly string[],
  sources: Readonly<Record<string, readonly string[]>> = PAGE_SOURCES,
): Record<string, string> {
  return {
    "content-security-policy": pageContentSecurityPolicy(formActionSources, sources),
    "x-frame-options": "DENY",
    // Invitation and sign-in URLs can carry secrets: no page tells another site where it came from.
    "referrer-policy": "no-referrer",
    "x-content-type-options": "nosniff",
    // A page this origin opens, or that opens it, shares no window handle with another site (no tabnabbing, no
    // cross-window leaks into the sign-in pages).
    "cross-origin-opener-policy": "same-origin",
  };
}

/** Two years, subdomains included: the value hstspreload.org asks for; browsers ignore it over plain http. */
export const STRICT_TRANSPORT_SECURITY = "max-age=63072000; includeSubDomains";

/**
 * The headers of every answer, whatever its type (decision 0022): nosniff, so no JSON or problem body is ever run as
 * a script or style; HSTS outside development, so a browser never speaks plain http to the service again (a
 * development server on https://localhost must not pin localhost for two years).
 */
export function answerSecurityHeaders(isDevelopment: boolean): Record<string, string> {
  return {
    "x-content-type-options": "nosniff",
    ...(isDevelopment ? {} : { "strict-transport-security": STRICT_TRANSPORT_SECURITY }),
  };
}

/**
 * Adds the answer headers to every response, and the page headers to every text/html one, where the response does
 * not already set them (the web app's index, served through the ASSETS binding, keeps the stricter policy of its
 * _headers).
 */
export function securePages<E extends Env>(
  formActionSources: (c: Context<E>) => readonly string[],
  isDevelopment: (c: Context<E>) => boolean,
): MiddlewareHandler<E> {
  return async (c, next) => {
    await next();
    // A WebSocket upgrade's answer cannot be rebuilt; it carries no body a browser could sniff.
    if (c.res.status === 101) return;
    const isPage = /^text\/html\b/i.test(c.res.headers.get("content-type") ?? "");
    const wanted = {
      ...answerSecurityHeaders(isDevelopment(c)),
      ...(isPage ? pageSecurityHeaders(formActionSources(c)) : {}),
    };
    const answer = c.res;
    const missing = Object.entries(wanted).filter(([name]) => !answer.headers.has(name));
    if (missing.length === 0) return;
    try {
      // The worker's own answers are mutable: set in place, with no copy of the answer (a tenth of a cheap route).
      for (const [name, value] of missing) answer.headers.set(name, value);
    } catch {
      // An answer from fetch or the ASSETS binding has immutable headers (the first set throws): rebuild it once.
      // Cleared first, so Hono's setter does not wrap the new answer in yet another copy.
      const headers = new Headers(answer.headers);
      for (const [name, value] of missing) headers.set(name, value);
      c.res = undefined;
      c.res = new Response(answer.body, { status: answer.status, statusText: answer.statusText, headers });
    }
  };
}
