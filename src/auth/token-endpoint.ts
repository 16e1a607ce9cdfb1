/**
 * `POST /token`, ours rather than OpenAuth's: every token belongs to a session kept by the person's Account
 * object (so revocation is instant), refresh tokens rotate per session with reuse detection, decided there in one
 * transaction, access tokens carry `iat` and `sid`, and the answer has `token_type` as RFC 6749 §5.1 requires.
 * Registered clients authenticate here (src/oidc/token-client.ts); with scope `openid` the answer adds an id_token,
 * and a registered client gets a refresh token only when it asked for `offline_access`.
 */
import { validatePKCE } from "@openauthjs/openauth/pkce";
import type { StorageAdapter } from "@openauthjs/openauth/storage/storage";
import type { DrizzleD1Database } from "drizzle-orm/d1";
import type { RefreshOutcome } from "../account/session-views";
import { accountOf } from "../account/stub";
import { clientIp, coarseIp } from "../lib/ip";
import { amrOf, type OidcAuthorization } from "../oidc/claims";
import type { ResolvedClient } from "../oidc/client-rules";
import { signIdToken } from "../oidc/id-token";
import { type SessionGrant, saveSessionGrant, sessionGrant } from "../oidc/session-grants";
import { authenticateClient } from "../oidc/token-client";
import { findUserById, type User } from "../users/repository";
import { signAccessToken, userSubject } from "./access-token";
import { readRefreshToken, refreshTokenFor } from "./refresh-token";
import { noteSpentCode, spentCode } from "./spent-codes";
import { takeStoredValue } from "./storage";

export interface TokenEndpointDeps {
  db: DrizzleD1Database;
  accounts: Env["ACCOUNT"];
  storage: StorageAdapter;
  issuer: string;
  /** The MAC key of refresh tokens (src/auth/service-keys.ts). */
  macKey: CryptoKey;
  config: { oauthClientIds: readonly string[] };
}

/** What `success()` stored with the authorization code (OpenAuth writes `["oauth:code", code]`). */
interface AuthorizationCodePayload {
  subject: string;
  clientID: string;
  redirectURI: string;
  pkce?: { challenge: string; method: "S256" | "plain" };
  properties: {
    auth_method?: string;
    authenticated_at?: string;
    /** A second factor was checked after the first (src/auth/providers/second-factor.ts). */
    second_factor?: boolean;
    /** A connected account's trusted upstream reported `mfa` (decision 0038). */
    upstream_mfa?: boolean;
    /** The OpenID Connect part of the authorization request (src/oidc/authorization-state.ts). */
    oidc?: OidcAuthorization;
  };
}

type OAuthError = "invalid_request" | "invalid_grant" | "invalid_client" | "unsupported_grant_type";

const NO_STORE = { "cache-control": "no-store", pragma: "no-cache" };

function oauthError(
  error: OAuthError,
  description: string,
  status = 400,
  extra: Record<string, string> = {},
): Response {
  return Response.json({ error, error_description: description }, { status, headers: { ...NO_STORE, ...extra } });
}

/** What a token answer holds beyond the access token: the grant of an OpenID Connect session, its id_token. */
interface TokenExtras {
  grant: SessionGrant | null;
  /** Only at the code exchange: the nonce to echo in the id_token. */
  nonce?: string;
  withIdToken: boolean;
  withRefreshToken: boolean;
}

async function issueTokens(
  deps: TokenEndpointDeps,
  session: { id: string; clientId: string },
  user: User,
  generation: number,
  extras: TokenExtras,
) {
  const { grant } = extras;
  const access = await signAccessToken(deps.storage, {
    issuer: deps.issuer,
    clientId: session.clientId,
    sessionId: session.id,
    user: userSubject(user),
    scope: grant?.scopes.join(" "),
  });
  const body: Record<string, unknown> = {
    access_token: access.token,
    token_type: "Bearer",
    expires_in: access.expiresIn,
  };
  if (extras.withRefreshToken) {
    body.refresh_token = await refreshTokenFor(deps.macKey, { userId: user.id, sessionId: session.id, generation });
  }
  if (grant) body.scope = grant.scopes.join(" ");
  if (grant && extras.withIdToken) {
    body.id_token = await signIdToken(deps.storage, {
      issuer: deps.issuer,
      clientId: session.clientId,
      user,
      sessionId: session.id,
      scopes: grant.scopes,
      authTime: grant.authTime,
      amr: grant.amr,
      nonce: extras.nonce,
    });
  }
  return Response.json(body, { headers: NO_STORE });
}

/** Built-in clients always hold refresh tokens (the web app); registered ones only when they asked for offline_access. */
const mayRefresh = (client: ResolvedClient | null, grant: SessionGrant | null) =>
  Boolean(client?.builtIn || grant?.scopes.includes("offline_access"));

/** A user who may hold tokens: exists and is not deactivated (a deleted account keeps a restricted session). */
async function activeUser(db: DrizzleD1Database, userId: string): Promise<User | null> {
  const user = await findUserById(db, userId);
  return user?.isActive ? user : null;
}

type Caller = { clientId: string; client: ResolvedClient | null };

/** The code's PKCE proof: required of public clients, checked whenever the authorization carried a challenge. */
async function pkceProblem(payload: AuthorizationCodePayload, caller: Caller, form: FormData): Promise<string | null> {
  const verifier = form.get("code_verifier")?.toString();
  if (!payload.pkce) return caller.client?.type === "confidential" ? null : "PKCE (S256) code_verifier required";
  if (payload.pkce.method !== "S256" || !verifier) return "PKCE (S256) code_verifier required";
  return (await validatePKCE(verifier, payload.pkce.challenge, "S256")) ? null : "Code verifier does not match";
}

/** The grant of a session whose authorization asked for scopes (an OpenID Connect sign-in), or null. */
function grantOf(payload: AuthorizationCodePayload, authTime: string): SessionGrant | null {
  const oidc = payload.properties.oidc;
  if (!oidc) return null;
  return {
    userId: payload.subject,
    clientId: payload.clientID,
    scopes: oidc.scopes,
    authTime: Math.floor(Date.parse(authTime) / 1000),
    amr: amrOf({
      method: payload.properties.auth_method ?? "",
      secondFactor: payload.properties.second_factor === true,
      upstreamMfa: payload.properties.upstream_mfa === true,
    }),
  };
}

/** A code that is gone: if it was exchanged before, whoever replays it may hold its tokens, so its session ends. */
async function refuseSpentCode(deps: TokenEndpointDeps, code: string): Promise<Response> {
  const spent = await spentCode(deps.storage, code);
  if (spent) await accountOf(deps, spent.userId).revokeSession(spent.sessionId, "code_reused");
  return oauthError("invalid_grant", "Authorization code has been used or expired");
}

async function exchangeCode(deps: TokenEndpointDeps, form: FormData, request: Request, caller: Caller) {
  const code = form.get("code")?.toString();
  if (!code) return oauthError("invalid_request", "Missing code");
  if (!caller.client) return oauthError("invalid_client", "Unknown client", 401);
  // Taken atomically: of two parallel exchanges of one code, one gets it.
  const payload = await takeStoredValue<AuthorizationCodePayload>(deps.storage, ["oauth:code", code]);
  if (!payload) return refuseSpentCode(deps, code);
  if (payload.redirectURI !== form.get("redirect_uri")?.toString()) {
    return oauthError("invalid_grant", "Redirect URI mismatch");
  }
  if (payload.clientID !== caller.clientId) {
    return oauthError("invalid_client", "The code was issued to another client", 401);
  }
  const pkce = await pkceProblem(payload, caller, form);
  if (pkce) return oauthError("invalid_grant", pkce);
  const user = await activeUser(deps.db, payload.subject);
  if (!user) return oauthError("invalid_grant", "The account cannot sign in");
  const authenticatedAt = payload.properties.authenticated_at ?? new Date().toISOString();
  const session = await accountOf(deps, user.id).startSession({
    userId: user.id,
    email: user.email,
    clientId: payload.clientID,
    method: payload.properties.auth_method ?? "unknown",
    authenticatedAt,
    userAgent: request.headers.get("user-agent") ?? "",
    ip: coarseIp(clientIp(request.headers)),
  });
  await noteSpentCode(deps.storage, code, { userId: user.id, sessionId: session.id });
  const grant = grantOf(payload, authenticatedAt);
  if (grant) await saveSessionGrant(deps.storage, session.id, grant);
  return issueTokens(deps, session, user, 0, {
    grant,
    nonce: payload.properties.oidc?.nonce,
    withIdToken: Boolean(grant?.scopes.includes("openid")),
    withRefreshToken: mayRefresh(caller.client, grant),
  });
}

/**
 * A refresh names its client, and only the client the session was issued to may refresh it (RFC 6749 §5.2):
 * no `client_id` is `invalid_client` (a public client identifies itself with it; there is nothing else to
 * check), another client's id is `invalid_grant` ("issued to another client"). Both refuse before any write.
 */
async function refresh(deps: TokenEndpointDeps, form: FormData, caller: Caller): Promise<Response> {
  const token = form.get("refresh_token")?.toString();
  if (!token) return oauthError("invalid_request", "Missing refresh_token");
  const claims = await readRefreshToken(deps.macKey, token);
  if (!claims) return oauthError("invalid_grant", "Refresh token is invalid");
  const grant = await sessionGrant(deps.storage, claims.sessionId);
  // A registered client without offline_access was never given a refresh token; one from elsewhere is refused unused.
  if (caller.client && !mayRefresh(caller.client, grant))
    return oauthError("invalid_grant", "Refresh token is invalid");

  const outcome = await accountOf(deps, claims.userId).refresh({
    sessionId: claims.sessionId,
    generation: claims.generation,
    clientId: caller.clientId,
  });
  if (!outcome.ok) return oauthError("invalid_grant", REFUSED_REFRESH[outcome.reason]);
  const user = await activeUser(deps.db, claims.userId);
  if (!user) return oauthError("invalid_grant", "The account cannot sign in");
  const session = { id: claims.sessionId, clientId: outcome.clientId };
  return issueTokens(deps, session, user, outcome.generation, { grant, withIdToken: false, withRefreshToken: true });
}

const REFUSED_REFRESH: Record<Extract<RefreshOutcome, { ok: false }>["reason"], string> = {
  unknown: "Refresh token is invalid",
  other_client: "The refresh token was issued to another client",
  revoked: "Session is revoked",
  expired: "Session is expired",
  idle: "Session is idle",
  unknown_generation: "Refresh token is invalid",
  reuse: "Refresh token was already used; the session is revoked",
};

export async function handleTokenRequest(deps: TokenEndpointDeps, request: Request): Promise<Response> {
  const type = request.headers.get("content-type") ?? "";
  if (!/^application\/x-www-form-urlencoded/i.test(type)) {
    return oauthError("invalid_request", "Send the form as application/x-www-form-urlencoded");
  }
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    return oauthError("invalid_request", "Malformed form body");
  }
  const grantType = form.get("grant_type")?.toString();
  if (grantType !== "authorization_code" && grantType !== "refresh_token") {
    return oauthError("unsupported_grant_type", "Use authorization_code or refresh_token");
  }
  const caller = await authenticateClient(deps, request, form);
  if (!caller.ok) {
    // RFC 6749 §5.2: a client that tried HTTP Basic is told which scheme to use.
    const challenge = caller.basic ? { "www-authenticate": 'Basic realm="token"' } : undefined;
    return oauthError(caller.error, caller.description, caller.status, challenge);
  }
  if (grantType === "authorization_code") return exchangeCode(deps, form, request, caller);
  return refresh(deps, form, caller);
}
