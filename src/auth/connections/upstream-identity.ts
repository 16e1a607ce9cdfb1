/**
 * Who an upstream says the person is, from its token answer (decision 0038): an OpenID Connect provider's id_token
 * checked with `jose` against the keys its discovery names (signature, `iss`, `aud`, `exp`), or GitHub's API (it
 * has no id_token). Discovery is read from the issuer once per isolate; a failed read is tried again next time.
 */
import { createRemoteJWKSet, jwtVerify } from "jose";
import { claimsOfGithub, claimsOfIdToken, type UpstreamClaims } from "./connection-rules";
import type { Upstream } from "./upstream-config";

export interface Discovery {
  issuer: string;
  authorization_endpoint: string;
  token_endpoint: string;
  jwks_uri: string;
}

const discoveries = new Map<string, Promise<Discovery>>();
const keySets = new Map<string, ReturnType<typeof createRemoteJWKSet>>();

async function readDiscovery(issuer: string): Promise<Discovery> {
  const response = await fetch(`${issuer}/.well-known/openid-configuration`, {
    headers: { accept: "application/json" },
  });
  if (!response.ok) throw new Error(`discovery of ${issuer} answered ${response.status}`);
  const document = (await response.json()) as Partial<Discovery>;
  const { authorization_endpoint, token_endpoint, jwks_uri } = document;
  // OpenID Connect Discovery 1.0 §4.3: the document's issuer is exactly the one configured.
  if (document.issuer?.replace(/\/$/, "") !== issuer || !authorization_endpoint || !token_endpoint || !jwks_uri) {
    throw new Error(`discovery of ${issuer} does not describe that issuer`);
  }
  return { issuer: document.issuer, authorization_endpoint, token_endpoint, jwks_uri };
}

/** The issuer's discovery document, read once per isolate. */
export function discovery(issuer: string): Promise<Discovery> {
  let found = discoveries.get(issuer);
  if (!found) {
    found = readDiscovery(issuer);
    discoveries.set(issuer, found);
    found.catch(() => discoveries.delete(issuer));
  }
  return found;
}

async function idTokenClaims(upstream: Upstream, idToken: unknown): Promise<UpstreamClaims | null> {
  if (typeof idToken !== "string" || !upstream.issuer) return null;
  const found = await discovery(upstream.issuer);
  let keys = keySets.get(found.jwks_uri);
  if (!keys) {
    keys = createRemoteJWKSet(new URL(found.jwks_uri));
    keySets.set(found.jwks_uri, keys);
  }
  try {
    const { payload } = await jwtVerify(idToken, keys, { issuer: found.issuer, audience: upstream.clientId });
    return claimsOfIdToken(payload);
  } catch {
    return null;
  }
}

async function githubClaims(accessToken: unknown): Promise<UpstreamClaims | null> {
  if (typeof accessToken !== "string") return null;
  const headers = {
    authorization: `Bearer ${accessToken}`,
    accept: "application/vnd.github+json",
    "user-agent": "edge-identity",
  };
  const [user, emails] = await Promise.all([
    fetch("https://api.github.com/user", { headers }),
    fetch("https://api.github.com/user/emails", { headers }),
  ]);
  if (!user.ok || !emails.ok) return null;
  return claimsOfGithub((await user.json()) as { id?: unknown }, await emails.json());
}

/** The claims of a token answer from `upstream`, or null when it proves nobody (bad or missing id_token …). */
export async function upstreamClaims(
  upstream: Upstream,
  answer: Record<string, unknown>,
): Promise<UpstreamClaims | null> {
  if (upstream.name === "github") return githubClaims(answer.access_token);
  return idTokenClaims(upstream, answer.id_token);
}

/**
 * The origins the upstreams' sign-in pages are on. The link page's form redirects there, and browsers hold a
 * form's redirects to its page's `form-action`; a discovery that fails leaves its provider out.
 */
export async function upstreamFormOrigins(upstreams: readonly Upstream[]): Promise<string[]> {
  const origins = await Promise.all(
    upstreams.map(async (upstream) => {
      if (upstream.name === "github") return "https://github.com";
      if (!upstream.issuer) return null;
      const found = await discovery(upstream.issuer).catch(() => null);
      return found ? new URL(found.authorization_endpoint).origin : null;
    }),
  );
  return origins.filter((origin): origin is string => origin !== null);
}
