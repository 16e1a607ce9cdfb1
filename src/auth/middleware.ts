/**
 * `requireUser`: every /api call that needs a person. Verifies the access token in process, then asks the
 * person's Account object whether the session may act (decision 0010), so a revoked session, a deactivated or a
 * deleted account is refused at the next request rather than when the token expires. A read runs beside that
 * question and its answer is used only if the account agrees; a change waits for the account's verdict first.
 */
import type { Context, MiddlewareHandler } from "hono";
import type { SessionVerdict } from "../account/session-rules";
import { accountOf } from "../account/stub";
import type { AppEnv } from "../app-env";
import { ApiError } from "../lib/problem";
import { verifyAccessToken } from "./access-token";
import type { Standing } from "./caller";
import { PUBLIC_CLIENT_IDS } from "./redirects";

/** `reason`: why the session check refused (docs/api.md, Errors); none when no valid token came at all. */
const unauthorized = (detail: string, reason?: SessionRefusalReason) =>
  new ApiError("unauthorized", detail, {
    headers: { "www-authenticate": 'Bearer realm="api"' },
    ...(reason ? { extensions: { reason } } : {}),
  });

/** What an app may tell the person: their session ended, or an admin deactivated the account. */
export type SessionRefusalReason = "session_ended" | "account_deactivated";

const REFUSALS: Record<Extract<SessionVerdict, { ok: false }>["reason"], string> = {
  unknown: "The session has ended.",
  revoked: "The session has ended.",
  expired: "The session has ended.",
  idle: "The session has ended.",
  deactivated: "The account is deactivated.",
};

/** Methods that change nothing: they may run beside the account's verdict. */
const READS = new Set(["GET", "HEAD"]);

/** The token of an `Authorization: Bearer <token>` header; undefined for none or any other form. */
export function bearerToken(header: string | undefined): string | undefined {
  return /^Bearer ([A-Za-z0-9._~+/-]+=*)$/i.exec((header ?? "").trim())?.[1];
}

/** The claims of the request's access token (verified in process), or null for a token that is not valid here. */
export function verifiedBearer(c: Context<AppEnv>, token: string) {
  const { services } = c.var;
  return verifyAccessToken(services.oauthStorage, token, {
    issuer: new URL(c.req.url).origin,
    audiences: [...PUBLIC_CLIENT_IDS, ...services.config.oauthClientIds],
  });
}

/** `deletedAccountMay(method, path)`: whether a session of an account waiting for purge may make this call. */
export function requireUser(
  options: { deletedAccountMay?: (method: string, path: string) => boolean } = {},
): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const token = bearerToken(c.req.header("authorization"));
    if (!token) throw unauthorized("Send an access token: Authorization: Bearer <token>.");
    const { services } = c.var;
    const verified = await verifiedBearer(c, token);
    if (!verified) throw unauthorized("The access token is invalid or expired.");

    const standing = accountOf(services, verified.userId)
      .authorize(verified.sessionId)
      .then((verdict): Standing => {
        if (!verdict.ok) {
          const reason = verdict.reason === "deactivated" ? "account_deactivated" : "session_ended";
          throw unauthorized(REFUSALS[verdict.reason], reason);
        }
        if (verdict.deletedAt && !options.deletedAccountMay?.(c.req.method, c.req.path)) {
          throw new ApiError("account_deleted", "The account is scheduled for deletion; restore it to continue.");
        }
        return verdict;
      });
    c.set("caller", {
      userId: verified.userId,
      sessionId: verified.sessionId,
      clientId: verified.clientId,
      standing: () => standing,
    });

    if (!READS.has(c.req.method)) {
      await standing;
      await next();
      return;
    }
    // A read asks the account and does its work at once; whatever it answered is replaced by the refusal.
    const refusal = standing.then(
      () => null,
      (error: unknown) => error,
    );
    await next();
    const refused = await refusal;
    if (refused) {
      // The read's answer goes whole: left in place, Hono would copy its headers (an export's Content-Disposition, a
      // route's Cache-Control) onto the refusal.
      c.res = undefined;
      throw refused;
    }
  };
}
