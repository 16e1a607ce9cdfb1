/**
 * The upstream providers people may sign in with (decision 0038), from configuration: a generic OpenID Connect
 * provider (CONNECT_OIDC_ISSUER, _CLIENT_ID, _CLIENT_SECRET; its endpoints read from the issuer's discovery) and the
 * GitHub and Google presets (GITHUB_CLIENT_ID/SECRET, GOOGLE_CLIENT_ID/SECRET). Each is off unless all its variables
 * are set; a part of one is a configuration error. CONNECT_TRUSTED_MFA names the providers whose `amr: ["mfa"]` is
 * taken as both factors.
 */

export type UpstreamKind = "oidc" | "github" | "google";

export interface Upstream {
  /** The provider's name in our routes (`/<name>/authorize`), the API and the stored connection. */
  name: UpstreamKind;
  clientId: string;
  clientSecret: string;
  /** The OpenID Connect issuer (its discovery document and `iss`); GitHub has none. */
  issuer: string | null;
  /** Whether an upstream `amr` that includes `mfa` stands for our second factor. */
  trustMfa: boolean;
}

type Problem = { variable: string; message: string };

const GOOGLE_ISSUER = "https://accounts.google.com";

/** Each provider's variables, in the order an operator sets them. */
export const UPSTREAM_VARIABLES: Record<UpstreamKind, readonly string[]> = {
  oidc: ["CONNECT_OIDC_ISSUER", "CONNECT_OIDC_CLIENT_ID", "CONNECT_OIDC_CLIENT_SECRET"],
  github: ["GITHUB_CLIENT_ID", "GITHUB_CLIENT_SECRET"],
  google: ["GOOGLE_CLIENT_ID", "GOOGLE_CLIENT_SECRET"],
};

const text = (env: Record<string, unknown>, name: string): string | undefined => {
  const value = env[name];
  return typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;
};

/** A provider set in part (a client id without its secret …) names what is missing. */
export function upstreamProblems(env: Record<string, unknown>): Problem[] {
  const problems: Problem[] = [];
  for (const [kind, names] of Object.entries(UPSTREAM_VARIABLES) as [UpstreamKind, readonly string[]][]) {
    const set = names.filter((name) => text(env, name));
    if (set.length > 0 && set.length < names.length) {
      for (const name of names.filter((n) => !set.includes(n))) {
        problems.push({ variable: name, message: `is required with ${set.join(", ")} (the ${kind} sign-in)` });
      }
    }
  }
  const issuer = text(env, "CONNECT_OIDC_ISSUER");
  if (issuer && !isIssuerUrl(issuer)) {
    problems.push({ variable: "CONNECT_OIDC_ISSUER", message: "is not an https URL (http only for localhost)" });
  }
  const trusted = trustedMfa(env);
  for (const name of trusted.filter((n) => !(n in UPSTREAM_VARIABLES))) {
    problems.push({ variable: "CONNECT_TRUSTED_MFA", message: `names "${name}", not oidc, github or google` });
  }
  return problems;
}

function isIssuerUrl(value: string): boolean {
  try {
    const url = new URL(value);
    const local = url.hostname === "localhost" || url.hostname === "127.0.0.1";
    return url.protocol === "https:" || (url.protocol === "http:" && local);
  } catch {
    return false;
  }
}

function trustedMfa(env: Record<string, unknown>): string[] {
  return (text(env, "CONNECT_TRUSTED_MFA") ?? "")
    .split(",")
    .map((name) => name.trim().toLowerCase())
    .filter(Boolean);
}

/** The configured upstreams (checked by `upstreamProblems` first). */
export function configuredUpstreams(env: Record<string, unknown>): Upstream[] {
  const trusted = trustedMfa(env);
  const upstreams: Upstream[] = [];
  const add = (name: UpstreamKind, issuer: string | null, id?: string, secret?: string) => {
    if (id && secret)
      upstreams.push({ name, clientId: id, clientSecret: secret, issuer, trustMfa: trusted.includes(name) });
  };
  const oidcIssuer = text(env, "CONNECT_OIDC_ISSUER")?.replace(/\/$/, "");
  if (oidcIssuer) add("oidc", oidcIssuer, text(env, "CONNECT_OIDC_CLIENT_ID"), text(env, "CONNECT_OIDC_CLIENT_SECRET"));
  add("github", null, text(env, "GITHUB_CLIENT_ID"), text(env, "GITHUB_CLIENT_SECRET"));
  add("google", GOOGLE_ISSUER, text(env, "GOOGLE_CLIENT_ID"), text(env, "GOOGLE_CLIENT_SECRET"));
  return upstreams;
}
