/**
 * `/api/me/authorized-apps`: the third-party apps the person allowed (the consent screen), and taking that back,
 * which also ends every session of that app in the person's Account object (its refresh tokens stop working) so it
 * must ask again.
 */
import { createRoute, z } from "@hono/zod-openapi";
import { accountOf } from "../account/stub";
import { createRouter } from "../http/router";
import { ApiError } from "../lib/problem";
import { consentsOf, revokeConsent } from "../oidc/consents";
import { problemResponses } from "./openapi";
import { json } from "./schemas";

const security = [{ bearer: [] }];
const tags = ["Profile"];

const AuthorizedAppSchema = z
  .object({
    client_id: z.string(),
    name: z.string(),
    scopes: z.array(z.string()),
    granted_at: z.string(),
  })
  .openapi("AuthorizedApp");

export const authorizedAppRoutes = createRouter();

authorizedAppRoutes.openapi(
  createRoute({
    method: "get",
    path: "/me/authorized-apps",
    tags,
    security,
    summary: "The third-party apps you allowed, with the scopes you granted",
    responses: { 200: json(z.object({ apps: z.array(AuthorizedAppSchema) }), "The apps."), ...problemResponses(401) },
  }),
  async (c) => {
    const rows = await consentsOf(c.var.services.db, c.var.caller.userId);
    const apps = rows.map((row) => ({
      client_id: row.clientId,
      name: row.name,
      scopes: row.scopes.split(" ").filter(Boolean),
      granted_at: row.grantedAt,
    }));
    return c.json({ apps }, 200);
  },
);

authorizedAppRoutes.openapi(
  createRoute({
    method: "delete",
    path: "/me/authorized-apps/{client_id}",
    tags,
    security,
    summary: "Take back an app's access: its sessions end and it must ask again",
    request: { params: z.object({ client_id: z.string().max(100) }) },
    responses: { 204: { description: "Revoked." }, ...problemResponses(401, 404) },
  }),
  async (c) => {
    const { services, caller } = c.var;
    const clientId = c.req.valid("param").client_id;
    if (!(await revokeConsent(services.db, caller.userId, clientId))) {
      throw new ApiError("not_found", "You have not allowed this app.");
    }
    await accountOf(services, caller.userId).revokeClientSessions(clientId, "app_access_revoked");
    return c.body(null, 204);
  },
);
