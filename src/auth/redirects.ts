/**
 * Which clients and redirect URIs the issuer serves. Replaces OpenAuth's default `allow()`, which
 * trusts any localhost target and the spoofable `x-forwarded-host` header.
 */

export interface RedirectPolicy {
  /** The service's own origin, from the request URL (never from forwarded headers). */
  appOrigin: string;
  allowedOrigins: readonly string[];
  isDevelopment: boolean;
}

const LOOPBACK_HOSTS = new Set(["localhost", "127.0.0.1", "[::1]"]);

/** The redirect target's origin, or null when it is not an absolute http(s) URL without credentials. */
function parseTarget(redirectUri: string): URL | null {
  // `//evil.example` and `/path` are relative: refused, since clients must name a full URI.
  if (!/^https?:\/\//i.test(redirectUri)) return null;
  let url: URL;
  try {
    url = new URL(redirectUri);
  } catch {
    return null;
  }
  if (url.username || url.password) return null;
  return url;
}

/** The policy for one request: its own origin (from the URL, never forwarded headers) and the configuration. */
export function redirectPolicyFor(
  request: Request,
  config: { allowedOrigins: readonly string[]; isDevelopment: boolean },
): RedirectPolicy {
  return {
    appOrigin: new URL(request.url).origin,
    allowedOrigins: config.allowedOrigins,
    isDevelopment: config.isDevelopment,
  };
}

export function isAllowedRedirect(redirectUri: string, policy: RedirectPolicy): boolean {
  const url = parseTarget(redirectUri);
  if (!url) return false;
  if (url.origin === policy.appOrigin) return true;
  if (policy.allowedOrigins.includes(url.origin)) return true;
  return policy.isDevelopment && url.protocol === "http:" && LOOPBACK_HOSTS.has(url.hostname);
}

/**
 * The same rule as Content-Security-Policy sources, for the sign-in pages' `form-action`: a form that signs in
 * answers with a redirect to the client, and browsers hold that redirect to `form-action` too. CSP cannot name the
 * IPv6 loopback, so in development a client on http://[::1] is redirected to but its sign-in form is refused.
 */
export function redirectTargetSources(policy: RedirectPolicy): string[] {
  const loopback = policy.isDevelopment ? ["http://localhost:*", "http://127.0.0.1:*"] : [];
  return ["'self'", ...policy.allowedOrigins, ...loopback];
}

/** The public clients this issuer knows; tokens carry the client id as their audience. */
export const PUBLIC_CLIENT_IDS = ["web"] as const;

export function isKnownClient(clientId: string, extraClientIds: readonly string[] = []): boolean {
  return (PUBLIC_CLIENT_IDS as readonly string[]).includes(clientId) || extraClientIds.includes(clientId);
}
