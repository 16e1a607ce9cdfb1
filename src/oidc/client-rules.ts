/**
 * Pure rules of registered OpenID Connect clients: which redirect URIs may be registered, how a presented URI is
 * matched (exactly), how a client authenticates at /token, and the scopes this provider knows.
 */

export const CLIENT_TYPES = ["public", "confidential"] as const;
export type ClientType = (typeof CLIENT_TYPES)[number];

export const SUPPORTED_SCOPES = ["openid", "email", "profile", "offline_access"] as const;

/** A client as the issuer sees it: registered in D1, or built in (the web app and OAUTH_CLIENT_IDS). */
export interface ResolvedClient {
  id: string;
  name: string;
  type: ClientType;
  firstParty: boolean;
  /** Built-in clients follow the origin policy (src/auth/redirects.ts); registered ones list exact URIs. */
  builtIn: boolean;
  redirectUris: readonly string[];
  postLogoutRedirectUris: readonly string[];
  secretHash: string | null;
}

/**
 * Why a URI may not be registered, or null when it may: absolute https (http only on a loopback host, for apps
 * on the developer's machine), no credentials, no fragment (RFC 6749 §3.1.2).
 */
export function registrableUriProblem(uri: string): string | null {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return "must be an absolute URI";
  }
  if (url.username || url.password) return "must not carry credentials";
  if (url.hash || uri.includes("#")) return "must not have a fragment";
  const loopback = ["localhost", "127.0.0.1", "[::1]"].includes(url.hostname);
  if (url.protocol === "https:" || (url.protocol === "http:" && loopback)) return null;
  return "must use https (http only for localhost)";
}

/** Registered URIs are compared exactly: no prefix, no normalisation beyond what the client sent. */
export function isRegisteredUri(uri: string, registered: readonly string[]): boolean {
  return registered.includes(uri);
}

/** The credentials a token request presents: HTTP Basic (client_secret_basic) or form fields (client_secret_post). */
export interface PresentedClient {
  clientId: string | null;
  secret: string | null;
  method: "client_secret_basic" | "client_secret_post" | "none";
  /** Set when the request is malformed (two methods at once, a Basic header that does not decode, ids that differ). */
  malformed?: string;
}

function decodeBasic(header: string): { id: string; secret: string } | null {
  const match = /^Basic ([A-Za-z0-9+/]+=*)$/i.exec(header.trim());
  if (!match?.[1]) return null;
  let decoded: string;
  try {
    decoded = atob(match[1]);
  } catch {
    return null;
  }
  const colon = decoded.indexOf(":");
  if (colon < 0) return null;
  // RFC 6749 §2.3.1: both parts are form-urlencoded before Basic encoding.
  try {
    return {
      id: decodeURIComponent(decoded.slice(0, colon).replace(/\+/g, " ")),
      secret: decodeURIComponent(decoded.slice(colon + 1).replace(/\+/g, " ")),
    };
  } catch {
    return null;
  }
}

export function presentedClient(authorization: string | null, form: { get(name: string): unknown }): PresentedClient {
  const formId = stringOrNull(form.get("client_id"));
  const formSecret = stringOrNull(form.get("client_secret"));
  if (authorization) {
    const basic = decodeBasic(authorization);
    if (!basic) return { clientId: null, secret: null, method: "none", malformed: "Malformed Basic credentials" };
    if (formSecret) return { clientId: null, secret: null, method: "none", malformed: "Use one client authentication" };
    if (formId && formId !== basic.id) {
      return { clientId: null, secret: null, method: "none", malformed: "client_id differs from the credentials" };
    }
    return { clientId: basic.id, secret: basic.secret, method: "client_secret_basic" };
  }
  if (formSecret) return { clientId: formId, secret: formSecret, method: "client_secret_post" };
  return { clientId: formId, secret: null, method: "none" };
}

function stringOrNull(value: unknown): string | null {
  return typeof value === "string" && value !== "" ? value : null;
}

/** The scopes asked for that this provider knows, in a stable order; unknown scopes are ignored (RFC 6749 §3.3). */
export function grantedScopes(requested: string | null | undefined): string[] {
  const asked = new Set((requested ?? "").split(" ").filter(Boolean));
  return SUPPORTED_SCOPES.filter((scope) => asked.has(scope));
}
