/** The JSON API under /api: guards, routers, the OpenAPI document and its reference page. */

import { requireUser } from "../auth/middleware";
import { problemResponse } from "../lib/problem";
import { renderDocsPage } from "./docs-page";
import { handleError } from "./errors";
import { JSON_BODY_MAX_BYTES, limitBody, requireJsonBody } from "./guards";
import { healthRoutes } from "./health";
import { invitationRoutes } from "./invitations";
import { meRoutes } from "./me";
import { memberRoutes } from "./members";
import { ownershipRoutes } from "./ownership";
import { createRouter } from "./router";
import { workspaceRoutes } from "./workspaces";

const OPENAPI_INFO = {
  openapi: "3.1.0",
  info: {
    title: "Edge Identity API",
    version: "0.1.0",
    description: "Users, sessions and workspaces at the edge. See API.md for the contract.",
  },
};

export function createApiApp() {
  const api = createRouter();
  api.onError(handleError);
  api.use("*", limitBody(JSON_BODY_MAX_BYTES), requireJsonBody());

  api.openAPIRegistry.registerComponent("securitySchemes", "bearer", {
    type: "http",
    scheme: "bearer",
    bearerFormat: "JWT",
    description: "An access token from POST /token.",
  });
  // Who must be signed in, in one place (each check is a JWT verify and one D1 read, so it runs once):
  // the profile (a deleted account may still see it), every workspace route, and using an invitation link.
  api.use("/me", requireUser({ allowDeletedAccount: true }));
  api.use("/workspaces/*", requireUser()); // also matches /workspaces itself
  api.use("/invitations/:token/accept", requireUser());
  api.use("/invitations/:token/decline", requireUser());

  api.route("/", healthRoutes);
  api.route("/", meRoutes);
  api.route("/", workspaceRoutes);
  api.route("/", memberRoutes);
  api.route("/", invitationRoutes);
  api.route("/", ownershipRoutes);

  api.doc31("/openapi.json", OPENAPI_INFO);
  api.get("/docs", (c) => c.html(renderDocsPage(api.getOpenAPI31Document(OPENAPI_INFO))));
  // Last: a mounted sub-app's notFound never runs, and unknown API paths must not fall through to the web app.
  api.all("*", (c) => problemResponse("not_found", `No route ${c.req.method} ${c.req.path}.`));
  return api;
}
