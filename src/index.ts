/** The worker: the JSON API under /api, development routes, the web app for everything else; exports the Durable Object classes. */
import { Hono } from "hono";
import { requestId } from "hono/request-id";
import { createApiApp } from "./api/app";
import type { AppEnv } from "./app-env";
import { issuerRoutes } from "./auth/issuer";
import { redirectPolicyFor, redirectTargetSources } from "./auth/redirects";
import { devRoutes } from "./dev/routes";
import { corsForClients } from "./http/cors";
import { handleError } from "./http/errors";
import { absoluteProblemTypes } from "./http/problem-types";
import { problemResponse } from "./lib/problem";
import { securePages } from "./lib/security-headers";
import { deliverDueMail, MAIL_OUTBOX_CRON } from "./mail/outbox";
import { runMaintenance } from "./maintenance";
import { servicesOf } from "./services";
import { handOffAccountEventsAfterWrites } from "./webhooks/hand-off-after-writes";
import { handOffAccountEvents } from "./webhooks/platform-outbox";

export { Account } from "./account/account";
export { RateLimitCounter } from "./ratelimit/counter";
export { WebhookEndpoint } from "./webhooks/endpoint";
export { Workspace } from "./workspace/workspace";

const app = new Hono<AppEnv>();

app.use("*", requestId());
app.use("*", absoluteProblemTypes());
app.use("*", async (c, next) => {
  c.set("services", servicesOf(c.env));
  await next();
});
// Account events a write queued leave at once, after the answer (decision 0037).
app.use("*", handOffAccountEventsAfterWrites());
app.onError(handleError);
// Every answer (nosniff, HSTS outside development) and every HTML page the worker makes; its forms may post to where
// sign-in may redirect.
app.use(
  "*",
  securePages<AppEnv>(
    (c) => redirectTargetSources(redirectPolicyFor(c.req.raw, c.var.services.config)),
    (c) => c.var.services.config.isDevelopment,
  ),
);

app.use("/api/*", corsForClients());
app.use("/token", corsForClients());
app.route("/api", createApiApp());
app.route("/dev", devRoutes);
// The OpenAuth issuer lives at the root: it builds its URLs from the origin.
app.route("/", issuerRoutes());
// The issuer serves the .well-known documents it has; any other is not found, never the web app's page.
app.all("/.well-known/*", () => problemResponse("not_found", "There is no such well-known document."));

// Everything else is the single-page app (static assets); unknown API-like paths never reach here.
app.all("*", (c) => (c.env.ASSETS ? c.env.ASSETS.fetch(c.req.raw) : problemResponse("not_found")));

export default {
  fetch: app.fetch,
  async scheduled(controller, env, ctx) {
    const services = servicesOf(env);
    if (controller.cron === MAIL_OUTBOX_CRON) {
      ctx.waitUntil(deliverDueMail(services).then((mail) => console.log("mail outbox", mail)));
      ctx.waitUntil(handOffAccountEvents(services).then((events) => console.log("account events", events)));
      return;
    }
    ctx.waitUntil(runMaintenance(services).then((purged) => console.log("maintenance", purged)));
  },
} satisfies ExportedHandler<Env>;
