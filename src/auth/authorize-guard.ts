/**
 * Our decision on a `GET /authorize` before OpenAuth sees it (its error path would redirect to an unchecked
 * redirect_uri): the client and its redirect URI first (refused on our own page, never redirected), then the rest
 * of the request (errors go back to the now-trusted redirect URI, OpenID Connect Core §3.1.2.6).
 */
import type { OidcAuthorization } from "../oidc/claims";
import { parseOidcRequest } from "../oidc/claims";
import { mayRedirectTo, resolveClient } from "../oidc/resolve-client";
import type { Services } from "../services";
import { redirectPolicyFor } from "./redirects";

const PROVIDERS = ["password", "code", "passkey"] as const;

export type AuthorizeDecision =
  | { kind: "refuse"; reason: string }
  | { kind: "redirect_error"; location: string }
  | { kind: "proceed"; oidc: OidcAuthorization | null };

/** Why this client may not sign in to this redirect URI, or null when it may. */
export async function clientProblem(
  clientId: string,
  redirectUri: string,
  services: Pick<Services, "db" | "config">,
  request: Request,
): Promise<string | null> {
  const client = await resolveClient(services.db, services.config, clientId);
  if (!client) return "The app asking you to sign in is not known.";
  if (!mayRedirectTo(client, redirectUri, redirectPolicyFor(request, services.config))) {
    return "The address to return to after signing in is not allowed.";
  }
  return null;
}

function errorLocation(redirectUri: string, error: string, description: string, state: string | null): string {
  const url = new URL(redirectUri);
  url.searchParams.set("error", error);
  url.searchParams.set("error_description", description);
  if (state !== null) url.searchParams.set("state", state);
  return url.toString();
}

export async function decideAuthorization(
  request: Request,
  services: Pick<Services, "db" | "config">,
): Promise<AuthorizeDecision> {
  const query = new URL(request.url).searchParams;
  const clientId = query.get("client_id") ?? "";
  const redirectUri = query.get("redirect_uri") ?? "";
  const problem = await clientProblem(clientId, redirectUri, services, request);
  if (problem) return { kind: "refuse", reason: problem };
  const client = await resolveClient(services.db, services.config, clientId);
  if (query.get("response_type") !== "code")
    return { kind: "refuse", reason: "Only the authorization code flow is supported." };
  const challenge = query.get("code_challenge");
  const method = query.get("code_challenge_method");
  // Public clients must use PKCE; a confidential one may, and then only with S256.
  if ((client?.type !== "confidential" || challenge || method) && (!challenge || method !== "S256")) {
    return { kind: "refuse", reason: "The sign-in request must use PKCE with S256." };
  }
  const provider = query.get("provider");
  const upstream = services.config.upstreams.some((configured) => configured.name === provider);
  if (provider && !upstream && !(PROVIDERS as readonly string[]).includes(provider))
    return { kind: "refuse", reason: "Unknown sign-in method." };
  if (provider === "passkey" && !services.config.passkeys) return { kind: "refuse", reason: "Unknown sign-in method." };

  const state = query.get("state");
  const parsed = parseOidcRequest(query);
  if (!parsed.ok)
    return { kind: "redirect_error", location: errorLocation(redirectUri, parsed.error, parsed.description, state) };
  // The issuer keeps no sign-in of its own between authorizations: every one needs a page, so prompt=none cannot be met.
  if (parsed.promptNone) {
    return {
      kind: "redirect_error",
      location: errorLocation(redirectUri, "login_required", "Sign-in is required", state),
    };
  }
  const isOidc = query.has("scope") || query.has("nonce") || query.has("max_age");
  return { kind: "proceed", oidc: isOidc ? parsed.request : null };
}
