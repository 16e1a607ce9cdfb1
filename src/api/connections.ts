/**
 * `/api/me/connections` (decision 0038): the caller's connected accounts, linking one from settings, and removing
 * one. The connections live in the caller's Account object; the sign-in through them is src/auth/providers/
 * connection.ts. Linking and removing need a sign-in from the last 10 minutes; a connection is never the last way left.
 */
import { createRoute, z } from "@hono/zod-openapi";
import type { ConnectionView } from "../account/connection-state";
import type { PasswordFacts } from "../account/passkey-state";
import { accountOf } from "../account/stub";
import { issueLinkTicket } from "../auth/connections/connection-map";
import { createRouter } from "../http/router";
import { ApiError } from "../lib/problem";
import { unwrap } from "../lib/result";
import { mailSecurityChange } from "../mail/security-change";
import { findUserById } from "../users/repository";
import { problemResponses } from "./openapi";
import { requireRecentSignIn } from "./recent-sign-in";
import { json } from "./schemas";

const security = [{ bearer: [] }];
const tags = ["Connected accounts"];

export const ConnectionSchema = z
  .object({
    provider: z.string().openapi({ example: "github", description: "oidc, github or google" }),
    email: z.string().openapi({ description: "The email the provider reported when it was linked." }),
    linked_at: z.string(),
    last_used_at: z.string().nullable(),
  })
  .openapi("Connection");

/** What settings offers to connect: the configured upstreams, in the order the sign-in page shows them. */
const AvailableSchema = z.array(z.enum(["oidc", "github", "google"])).openapi({
  description: "The providers configured here (linked or not), in the sign-in page's order; empty: none to offer.",
});

const ProviderParam = z.object({ provider: z.string().min(1).max(32).openapi({ example: "github" }) });

export const connectionView = (view: ConnectionView) => ({
  provider: view.provider,
  email: view.email,
  linked_at: view.linkedAt,
  last_used_at: view.lastUsedAt,
});

export const connectionRoutes = createRouter();

connectionRoutes.openapi(
  createRoute({
    method: "get",
    path: "/me/connections",
    tags,
    security,
    summary: "The caller's connected accounts, oldest first, and the providers configured here",
    responses: {
      200: json(
        z.object({ connections: z.array(ConnectionSchema), available: AvailableSchema }),
        "The connections, and which providers may be connected.",
      ),
      ...problemResponses(401, 403),
    },
  }),
  async (c) => {
    const { services, caller } = c.var;
    const connections = await accountOf(services, caller.userId).listConnections();
    const available = services.config.upstreams.map((upstream) => upstream.name);
    return c.json({ connections: connections.map(connectionView), available }, 200);
  },
);

connectionRoutes.openapi(
  createRoute({
    method: "post",
    path: "/me/connections/{provider}/link",
    tags,
    security,
    summary: "Start linking a provider's account to the caller's; needs a sign-in from the last 10 minutes",
    description:
      "Answers the page to open in the browser (single use, 10 minutes): it names the account, then signs in at the " +
      "provider and links that identity. 404 for a provider that is not configured.",
    request: { params: ProviderParam },
    responses: {
      200: json(z.object({ url: z.string() }), "Where the browser goes next (a path on this origin)."),
      ...problemResponses(401, 403, 404),
    },
  }),
  async (c) => {
    const { provider } = c.req.valid("param");
    const { services, caller } = c.var;
    if (!services.config.upstreams.some((upstream) => upstream.name === provider)) throw new ApiError("not_found");
    await requireRecentSignIn(caller);
    const user = await findUserById(services.db, caller.userId);
    if (!user) throw new ApiError("unauthorized", "The account no longer exists.");
    const ticket = await issueLinkTicket(services.oauthStorage, { userId: user.id, provider, email: user.email });
    return c.json({ url: `/${provider}/link?ticket=${ticket}` }, 200);
  },
);

connectionRoutes.openapi(
  createRoute({
    method: "delete",
    path: "/me/connections/{provider}",
    tags,
    security,
    summary: "Remove a connected account; needs a sign-in from the last 10 minutes",
    description: "409 `last_sign_in_method` when it is the account's only way left to sign in.",
    request: { params: ProviderParam },
    responses: {
      204: { description: "Removed: it no longer signs in." },
      ...problemResponses(401, 403, 404, 409),
    },
  }),
  async (c) => {
    const { services, caller } = c.var;
    await requireRecentSignIn(caller);
    const user = await findUserById(services.db, caller.userId);
    if (!user) throw new ApiError("unauthorized", "The account no longer exists.");
    const password: PasswordFacts = {
      hasPasswordHash: user.passwordHash !== null,
      passwordChangedAt: user.passwordChangedAt,
    };
    unwrap(await accountOf(services, user.id).unlinkConnection(c.req.valid("param").provider, password));
    mailSecurityChange(c, services, user.email, "connection_removed");
    return c.body(null, 204);
  },
);
