/** The JSON API under /api: guards, routers, the OpenAPI document and its reference page. */

import type { Context } from "hono";
import { except } from "hono/combine";
import { requireUser } from "../auth/middleware";
import { allowedMethods } from "../http/allowed-methods";
import { noStoreByDefault, PUBLIC_CACHE } from "../http/cache-control";
import { handleError } from "../http/errors";
import { JSON_BODY_MAX_BYTES, limitBody, requireJsonBody } from "../http/guards";
import { createRouter } from "../http/router";
import { problemResponse } from "../lib/problem";
import { activityRoutes } from "./activity";
import { requireAdmin } from "./admin-access";
import { adminAuditRoutes } from "./admin-audit";
import { adminClientRoutes } from "./admin-clients";
import { adminRecoveryRoutes } from "./admin-recovery";
import { adminRetentionRoutes } from "./admin-retention";
import { adminUserRoutes } from "./admin-users";
import { adminWebhookRoutes } from "./admin-webhooks";
import { authorizedAppRoutes } from "./authorized-apps";
import { AVATAR_UPLOAD_PATH, avatarRoutes } from "./avatar";
import { connectionRoutes } from "./connections";
import { consentRoutes } from "./consents";
import { deletionRoutes } from "./deletion";
import { API_REFERENCE_CONTENT_SECURITY_POLICY, renderDocsPage } from "./docs-page";
import { emailChangeRoutes } from "./email-change";
import { exportRoutes } from "./export";
import { healthRoutes } from "./health";
import { invitationRoutes } from "./invitations";
import { liveRoutes } from "./live";
import { meRoutes } from "./me";
import { memberRoutes } from "./members";
import { OPENAPI_INFO, registerBearerScheme } from "./openapi";
import { ownershipRoutes } from "./ownership";
import { passkeyRoutes } from "./passkeys";
import { passwordChangeRoutes } from "./password-change";
import { policyRoutes } from "./policy";
import { problemRoutes } from "./problems";
import { sessionRoutes } from "./sessions";
import { shareLinkRoutes } from "./share-links";
import { twoFactorRoutes } from "./two-factor";
import { webhookRoutes } from "./webhooks";
import { workspaceRoutes } from "./workspaces";

/** Where this app is mounted (src/index.ts); the OpenAPI document's `servers` says the same. */
export const API_BASE = "/api";

const LIVE_UPGRADE_PATH = new RegExp(`^${API_BASE}/workspaces/[^/]+/live$`);

/** What a session of an account waiting for purge may still do; anything else is 403 account_deleted. */
const DELETED_ACCOUNT_CALLS: ReadonlySet<string> = new Set([
  `GET ${API_BASE}/me`,
  `HEAD ${API_BASE}/me`,
  `GET ${API_BASE}/me/export`,
  `POST ${API_BASE}/me/restore`,
  `POST ${API_BASE}/me/sign-out`,
]);

export function createApiApp() {
  const api = createRouter();
  api.onError(handleError);
  // The avatar upload is the one body that is not JSON: its route sets its own, larger limit (avatar.ts).
  const isAvatarUpload = (c: Context) => c.req.method === "PUT" && c.req.path === `${API_BASE}${AVATAR_UPLOAD_PATH}`;
  api.use("*", noStoreByDefault(), except(isAvatarUpload, limitBody(JSON_BODY_MAX_BYTES), requireJsonBody()));

  registerBearerScheme(api.openAPIRegistry);
  // Who must be signed in, in one place (each check is a JWT verify and one call to the person's Account object,
  // so it runs once): the profile (a deleted account may still see it), everything else of the caller's, every
  // workspace route, and using an invitation link.
  api.use(
    "/me/*",
    requireUser({ deletedAccountMay: (method, path) => DELETED_ACCOUNT_CALLS.has(`${method} ${path}`) }),
  ); // and /me itself
  // The live socket is opened with a ticket, not a token (api/live.ts checks it).
  const isLiveUpgrade = (c: Context) => c.req.method === "GET" && LIVE_UPGRADE_PATH.test(c.req.path);
  api.use("/workspaces/*", except(isLiveUpgrade, requireUser())); // also matches /workspaces itself
  api.use("/invitations/accept", requireUser());
  api.use("/invitations/decline", requireUser());
  api.use("/links/*", requireUser());
  api.use("/admin/*", requireUser(), requireAdmin());

  api.route("/", healthRoutes);
  api.route("/", problemRoutes);
  api.route("/", meRoutes);
  api.route("/", deletionRoutes);
  api.route("/", exportRoutes);
  api.route("/", emailChangeRoutes);
  api.route("/", avatarRoutes);
  api.route("/", sessionRoutes);
  api.route("/", twoFactorRoutes);
  api.route("/", passwordChangeRoutes);
  api.route("/", workspaceRoutes);
  api.route("/", memberRoutes);
  api.route("/", invitationRoutes);
  api.route("/", ownershipRoutes);
  api.route("/", policyRoutes);
  api.route("/", liveRoutes);
  api.route("/", shareLinkRoutes);
  api.route("/", adminUserRoutes);
  api.route("/", adminAuditRoutes);
  api.route("/", adminRecoveryRoutes);
  api.route("/", adminRetentionRoutes);
  api.route("/", activityRoutes);
  api.route("/", passkeyRoutes);
  api.route("/", connectionRoutes);
  api.route("/", consentRoutes);
  api.route("/", webhookRoutes);
  api.route("/", adminClientRoutes);
  api.route("/", authorizedAppRoutes);
  api.route("/", adminWebhookRoutes);

  const document = () => api.getOpenAPI31Document({ ...OPENAPI_INFO, servers: [{ url: API_BASE }] });
  api.get("/openapi.json", (c) => c.json(document(), 200, { "cache-control": PUBLIC_CACHE }));
  api.get("/docs", (c) =>
    c.html(renderDocsPage(OPENAPI_INFO.info.title, `${API_BASE}/openapi.json`), 200, {
      "cache-control": PUBLIC_CACHE,
      // Its own policy, which securePages keeps (src/lib/security-headers.ts): Scalar needs more than the sign-in pages.
      "content-security-policy": API_REFERENCE_CONTENT_SECURITY_POLICY,
    }),
  );
  // Last: a mounted sub-app's notFound never runs, and unknown API paths must not fall through to the web app.
  // A known path with another method is 405 with the methods the route table has for it.
  api.all("*", (c) => {
    const path = c.req.path.slice(API_BASE.length) || "/";
    const allow = allowedMethods(api.routes, path);
    if (allow.length > 0) {
      return problemResponse(
        "method_not_allowed",
        `${c.req.method} is not allowed here; use ${allow.join(", ")}.`,
        {},
        {
          allow: allow.join(", "),
        },
      );
    }
    return problemResponse("not_found", `No route ${c.req.method} ${c.req.path}.`);
  });
  return api;
}
