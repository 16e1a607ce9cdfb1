/**
 * `POST /token`, ours rather than OpenAuth's: every token belongs to a session kept by the person's Account
 * object (so revocation is instant), refresh tokens rotate per session with reuse detection, decided there in one
 * transaction, access tokens carry `iat` and `sid`, and the answer has `token_type` as RFC 6749 §5.1 requires.
 */
import { validatePKCE } from "@openauthjs/openauth/pkce";
import type { StorageAdapter } from "@openauthjs/openauth/storage/storage";
import type { DrizzleD1Database } from "drizzle-orm/d1";
import type { RefreshOutcome } from "../account/session-views";
import { accountOf } from "../account/stub";
import { clientIp, coarseIp } from "../lib/ip";
import { findUserById, type User } from "../users/repository";
import { signAccessToken, userSubject } from "./access-token";
import { readRefreshToken, refreshTokenFor } from "./refresh-token";
import { takeStoredValue } from "./storage";

export interface TokenEndpointDeps {
  db: DrizzleD1Database;
  accounts: Env["ACCOUNT"];
  storage: StorageAdapter;
  issuer: string;
  /** The MAC key of refresh tokens (src/auth/service-keys.ts). */
  macKey: CryptoKey;
}

/** What `success()` stored with the authorization code (OpenAuth writes `["oauth:code", code]`). */
interface AuthorizationCodePayload {
  subject: string;
  clientID: string;
  redirectURI: string;
  pkce?: { challenge: string; method: "S256" | "plain" };
  properties: { auth_method?: string; authenticated_at?: string };
}

type OAuthError = "invalid_request" | "invalid_grant" | "invalid_client" | "unsupported_grant_type";

const NO_STORE = { "cache-control": "no-store", pragma: "no-cache" };

function oauthError(error: OAuthError, description: string, status = 400): Response {
  return Response.json({ error, error_description: description }, { status, headers: NO_STORE });
}

async function issueTokens(
  deps: TokenEndpointDeps,
  session: { id: string; clientId: string },
  user: User,
  generation: number,
) {
  const access = await signAccessToken(deps.storage, {
    issuer: deps.issuer,
    clientId: session.clientId,
    sessionId: session.id,
    user: userSubject(user),
  });
  const refresh = await refreshTokenFor(deps.macKey, { userId: user.id, sessionId: session.id, generation });
  return Response.json(
    { access_token: access.token, token_type: "Bearer", expires_in: access.expiresIn, refresh_token: refresh },
    { headers: NO_STORE },
  );
}

/** A user who may hold tokens: exists and is not deactivated (a deleted account keeps a restricted session). */
async function activeUser(db: DrizzleD1Database, userId: string): Promise<User | null> {
  const user = await findUserById(db, userId);
  return user?.isActive ? user : null;
}

async function exchangeCode(deps: TokenEndpointDeps, form: FormData, request: Request): Promise<Response> {
  const code = form.get("code")?.toString();
  if (!code) return oauthError("invalid_request", "Missing code");
  // Taken atomically: of two parallel exchanges of one code, one gets it.
  const payload = await takeStoredValue<AuthorizationCodePayload>(deps.storage, ["oauth:code", code]);
  if (!payload) return oauthError("invalid_grant", "Authorization code has been used or expired");
  if (payload.redirectURI !== form.get("redirect_uri")?.toString()) {
    return oauthError("invalid_grant", "Redirect URI mismatch");
  }
  if (payload.clientID !== form.get("client_id")?.toString()) {
    return oauthError("invalid_client", "The code was issued to another client", 401);
  }
  const verifier = form.get("code_verifier")?.toString();
  if (payload.pkce?.method !== "S256" || !verifier) {
    return oauthError("invalid_grant", "PKCE (S256) code_verifier required");
  }
  if (!(await validatePKCE(verifier, payload.pkce.challenge, "S256"))) {
    return oauthError("invalid_grant", "Code verifier does not match");
  }
  const user = await activeUser(deps.db, payload.subject);
  if (!user) return oauthError("invalid_grant", "The account cannot sign in");
  const session = await accountOf(deps, user.id).startSession({
    userId: user.id,
    email: user.email,
    clientId: payload.clientID,
    method: payload.properties.auth_method ?? "unknown",
    authenticatedAt: payload.properties.authenticated_at ?? new Date().toISOString(),
    userAgent: request.headers.get("user-agent") ?? "",
    ip: coarseIp(clientIp(request.headers)),
  });
  return issueTokens(deps, session, user, 0);
}

/**
 * A refresh names its client, and only the client the session was issued to may refresh it (RFC 6749 §5.2):
 * no `client_id` is `invalid_client` (a public client identifies itself with it; there is nothing else to
 * check), another client's id is `invalid_grant` ("issued to another client"). Both refuse before any write.
 */
async function refresh(deps: TokenEndpointDeps, form: FormData): Promise<Response> {
  const clientId = form.get("client_id")?.toString();
  if (!clientId) return oauthError("invalid_client", "Name the client: client_id is required", 401);
  const token = form.get("refresh_token")?.toString();
  if (!token) return oauthError("invalid_request", "Missing refresh_token");
  const claims = await readRefreshToken(deps.macKey, token);
  if (!claims) return oauthError("invalid_grant", "Refresh token is invalid");

  const outcome = await accountOf(deps, claims.userId).refresh({
    sessionId: claims.sessionId,
    generation: claims.generation,
    clientId,
  });
  if (!outcome.ok) return oauthError("invalid_grant", REFUSED_REFRESH[outcome.reason]);
  const user = await activeUser(deps.db, claims.userId);
  if (!user) return oauthError("invalid_grant", "The account cannot sign in");
  return issueTokens(deps, { id: claims.sessionId, clientId: outcome.clientId }, user, outcome.generation);
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
  if (grantType === "authorization_code") return exchangeCode(deps, form, request);
  if (grantType === "refresh_token") return refresh(deps, form);
  return oauthError("unsupported_grant_type", "Use authorization_code or refresh_token");
}
