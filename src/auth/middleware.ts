/**
 * `requireUser`: every /api call that needs a person. Verifies the access token in process, then reads
 * its session and user in one indexed D1 query, so a revoked session, a deactivated or a deleted
 * account is refused at the next request rather than when the token expires (docs/decisions/0003).
 */
import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../app-env";
import { ApiError } from "../lib/problem";
import { verifyAccessToken } from "./access-token";
import { PUBLIC_CLIENT_IDS } from "./redirects";
import { sessionAccess } from "./sessions";

export interface Caller {
  userId: string;
  sessionId: string;
  clientId: string;
  /** When the person last proved who they are in this session. */
  authenticatedAt: string;
  /** Set while the account waits for purge: only a few routes answer such a caller. */
  deletedAt: string | null;
}

const unauthorized = (detail: string) =>
  new ApiError("unauthorized", detail, { headers: { "www-authenticate": 'Bearer realm="api"' } });

export function requireUser(options: { allowDeletedAccount?: boolean } = {}): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const header = c.req.header("authorization") ?? "";
    const match = /^Bearer ([A-Za-z0-9._~+/-]+=*)$/i.exec(header.trim());
    if (!match?.[1]) throw unauthorized("Send an access token: Authorization: Bearer <token>.");
    const { services } = c.var;
    const verified = await verifyAccessToken(services.oauthStorage, match[1], {
      issuer: new URL(c.req.url).origin,
      audiences: [...PUBLIC_CLIENT_IDS, ...services.config.oauthClientIds],
    });
    if (!verified) throw unauthorized("The access token is invalid or expired.");
    const access = await sessionAccess(services.db, verified.sessionId);
    if (!access || access.userId !== verified.userId) throw unauthorized("The session has ended.");
    if (access.revokedAt || Date.parse(access.expiresAt) <= Date.now()) throw unauthorized("The session has ended.");
    if (!access.isActive) throw unauthorized("The account is deactivated.");
    if (access.deletedAt && !options.allowDeletedAccount) {
      throw new ApiError("account_deleted", "The account is scheduled for deletion; restore it to continue.");
    }
    c.set("caller", {
      userId: verified.userId,
      sessionId: verified.sessionId,
      clientId: verified.clientId,
      authenticatedAt: access.authenticatedAt,
      deletedAt: access.deletedAt,
    });
    await next();
  };
}
