/**
 * `GET/POST /userinfo` (OpenID Connect Core §5.3): the claims of the access token's scopes, for a token whose
 * session the person's Account object still allows. Any refusal is 401 with `WWW-Authenticate: Bearer
 * error="invalid_token"` (RFC 6750 §3); a token without the `openid` scope is 403 `insufficient_scope`.
 */
import type { Context } from "hono";
import { accountOf } from "../account/stub";
import type { AppEnv } from "../app-env";
import { verifyAccessToken } from "../auth/access-token";
import { bearerToken } from "../auth/middleware";
import { findUserById } from "../users/repository";
import { scopedClaims } from "./claims";
import { claimSourceOf } from "./id-token";
import { resolveClient } from "./resolve-client";

const NO_STORE = { "cache-control": "no-store", pragma: "no-cache" };

function refused(status: 401 | 403, error: "invalid_token" | "insufficient_scope", description: string) {
  return Response.json(
    { error, error_description: description },
    {
      status,
      headers: { ...NO_STORE, "www-authenticate": `Bearer error="${error}", error_description="${description}"` },
    },
  );
}

/** The bearer token of the header, or (POST, RFC 6750 §2.2) of a form body. */
async function presentedToken(c: Context<AppEnv>): Promise<string | undefined> {
  const fromHeader = bearerToken(c.req.header("authorization"));
  if (fromHeader || c.req.method !== "POST") return fromHeader;
  if (!/^application\/x-www-form-urlencoded/i.test(c.req.header("content-type") ?? "")) return undefined;
  const form = await c.req.formData().catch(() => null);
  return form?.get("access_token")?.toString() || undefined;
}

export async function userinfo(c: Context<AppEnv>): Promise<Response> {
  const { services } = c.var;
  const token = await presentedToken(c);
  if (!token) return refused(401, "invalid_token", "Send an access token");
  const issuer = new URL(c.req.url).origin;
  const verified = await verifyAccessToken(services.oauthStorage, token, { issuer, audiences: "any" });
  if (!verified) return refused(401, "invalid_token", "The access token is invalid or expired");
  const [client, verdict, user] = await Promise.all([
    resolveClient(services.db, services.config, verified.clientId),
    accountOf(services, verified.userId).authorize(verified.sessionId),
    findUserById(services.db, verified.userId),
  ]);
  if (!client || !verdict.ok || verdict.deletedAt || !user?.isActive) {
    return refused(401, "invalid_token", "The session has ended");
  }
  const scopes = (verified.scope ?? "").split(" ");
  if (!scopes.includes("openid")) return refused(403, "insufficient_scope", "The token lacks the openid scope");
  return c.json(scopedClaims(claimSourceOf(user, issuer), scopes), 200, NO_STORE);
}
