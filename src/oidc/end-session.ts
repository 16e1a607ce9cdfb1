/**
 * RP-initiated logout (OpenID Connect RP-Initiated Logout 1.0) at `/logout`, GET or POST: the `id_token_hint`
 * names the session (its `sid`) and the client (its `aud`); that session ends in the person's Account object, so
 * its access tokens are refused at once and its refresh token is dead. A `post_logout_redirect_uri` must be one the
 * client registered, exactly (built-in clients: the origin rule of sign-in); anything refused changes nothing.
 */
import type { Context } from "hono";
import { errors, type JWTPayload, jwtVerify } from "jose";
import { accountOf } from "../account/stub";
import type { AppEnv } from "../app-env";
import { redirectPolicyFor } from "../auth/redirects";
import { SESSION_MAX_AGE_SECONDS } from "../auth/token-policy";
import { pageContext } from "../auth/ui/layout";
import { refusedLogoutPage, signedOutPage } from "./pages";
import { mayRedirectTo, resolveClient } from "./resolve-client";
import { loadSigningKeys } from "./signing-keys";

async function logoutParams(c: Context<AppEnv>): Promise<URLSearchParams> {
  if (c.req.method !== "POST") return new URL(c.req.url).searchParams;
  if (!/^application\/x-www-form-urlencoded/i.test(c.req.header("content-type") ?? "")) return new URLSearchParams();
  return new URLSearchParams(await c.req.text());
}

/** The hint's claims when we signed it for this issuer; an expired hint still names its session (§2). */
async function verifiedHint(c: Context<AppEnv>, hint: string): Promise<JWTPayload | null> {
  const keys = await loadSigningKeys(c.var.services.oauthStorage);
  try {
    const { payload } = await jwtVerify(
      hint,
      (header) => {
        const key = keys.find((candidate) => candidate.id === header.kid);
        if (!key) throw new errors.JWKSNoMatchingKey();
        return key.public;
      },
      { algorithms: ["ES256"], issuer: new URL(c.req.url).origin, clockTolerance: SESSION_MAX_AGE_SECONDS },
    );
    return payload;
  } catch {
    return null;
  }
}

export async function endSession(c: Context<AppEnv>): Promise<Response> {
  const { services } = c.var;
  const context = pageContext(c.req.raw, services.config);
  const params = await logoutParams(c);
  const hint = params.get("id_token_hint");
  if (!hint) return refusedLogoutPage(context, "The sign-out request does not say which sign-in to end.");
  const claims = await verifiedHint(c, hint);
  const clientId = typeof claims?.aud === "string" ? claims.aud : null;
  if (!claims?.sub || typeof claims.sid !== "string" || !clientId) {
    return refusedLogoutPage(context, "The sign-out request is not valid.");
  }
  const named = params.get("client_id");
  if (named !== null && named !== clientId) return refusedLogoutPage(context, "The sign-out request is not valid.");
  const client = await resolveClient(services.db, services.config, clientId);
  if (!client) return refusedLogoutPage(context, "The app asking to sign you out is not known.");
  const target = params.get("post_logout_redirect_uri");
  const policy = redirectPolicyFor(c.req.raw, services.config);
  const allowed = client.builtIn
    ? mayRedirectTo(client, target ?? "", policy)
    : client.postLogoutRedirectUris.includes(target ?? "");
  if (target !== null && !allowed) {
    return refusedLogoutPage(context, "The address to return to after signing out is not allowed.");
  }
  await accountOf(services, claims.sub).revokeSession(claims.sid, "signed_out_by_app");
  if (target === null) return signedOutPage(context);
  const location = new URL(target);
  const state = params.get("state");
  if (state !== null) location.searchParams.set("state", state);
  return c.redirect(location.toString(), 302);
}
