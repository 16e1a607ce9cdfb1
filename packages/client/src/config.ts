/** What an app tells the client about the service it signs in to; checked and completed once, at creation. */
import { DEFAULT_EXPIRY_MARGIN_MS } from "./expiry.js";

export interface SessionConfig {
  /** The service's origin, where its issuer answers /authorize and /token, e.g. "https://id.example.com". */
  issuer: string;
  /** The app's public OAuth client id: "web" for the service's own app, else one listed in OAUTH_CLIENT_IDS. */
  clientId: string;
  /** Where the issuer sends the browser back with the code; its origin must be allowed (ALLOWED_ORIGINS). */
  redirectUri: string;
  /** The API's base URL; defaults to `<issuer>/api`. */
  apiUrl?: string;
  /** Prefix of the storage keys and the Web Lock name, so two apps on one origin keep apart. Default "edge-identity". */
  storageKeyPrefix?: string;
  /** Refresh this many milliseconds before the access token expires. Default 60 000. */
  expiryMarginMs?: number;
}

export interface ResolvedConfig {
  issuer: string;
  clientId: string;
  redirectUri: string;
  apiUrl: string;
  expiryMarginMs: number;
  keys: {
    /** localStorage: the refresh token, shared by every tab of the app. */
    refreshToken: string;
    /** sessionStorage: the PKCE verifier and state of a sign-in this tab started, and where to go after it. */
    pendingSignIn: string;
    /** Web Lock: one refresh at a time across the app's tabs. */
    refreshLock: string;
  };
}

function absoluteUrl(name: string, value: string): URL {
  try {
    const url = new URL(value);
    if (url.protocol === "https:" || url.protocol === "http:") return url;
  } catch {}
  throw new TypeError(`${name} must be an absolute http(s) URL, got "${value}"`);
}

/** The configuration with its defaults; throws a TypeError naming the first option that is missing or malformed. */
export function resolveConfig(config: SessionConfig): ResolvedConfig {
  const issuer = absoluteUrl("issuer", config.issuer).origin;
  if (!/^[A-Za-z0-9._-]{1,64}$/.test(config.clientId ?? "")) {
    throw new TypeError(`clientId must be 1-64 of A-Z a-z 0-9 . _ -, got "${config.clientId}"`);
  }
  const redirectUri = absoluteUrl("redirectUri", config.redirectUri).href;
  const apiUrl = absoluteUrl("apiUrl", config.apiUrl ?? `${issuer}/api`).href.replace(/\/$/, "");
  const prefix = config.storageKeyPrefix ?? "edge-identity";
  return {
    issuer,
    clientId: config.clientId,
    redirectUri,
    apiUrl,
    expiryMarginMs: config.expiryMarginMs ?? DEFAULT_EXPIRY_MARGIN_MS,
    keys: {
      refreshToken: `${prefix}.refresh-token`,
      pendingSignIn: `${prefix}.pending-sign-in`,
      refreshLock: `${prefix}.refresh`,
    },
  };
}

/** Whether `location` is the redirect URI's page (same origin and path), where the issuer's answer arrives. */
export function isRedirectTarget(location: string, redirectUri: string): boolean {
  const here = new URL(location);
  const target = new URL(redirectUri);
  return here.origin === target.origin && here.pathname === target.pathname;
}

/** Whether a request to `url` may carry the access token: only the issuer's and the API's, never another host's. */
export function isServiceUrl(url: string, config: Pick<ResolvedConfig, "issuer" | "apiUrl">): boolean {
  const { origin } = new URL(url);
  return origin === config.issuer || origin === new URL(config.apiUrl).origin;
}
