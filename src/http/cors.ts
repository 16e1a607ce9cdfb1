/** CORS for /api/* and /token: the app's own origin, ALLOWED_ORIGINS, and loopback origins in development. */
import type { MiddlewareHandler } from "hono";
import { cors } from "hono/cors";
import type { AppEnv } from "../app-env";

const LOOPBACK_ORIGIN = /^http:\/\/(localhost|127\.0\.0\.1|\[::1\])(:\d+)?$/;

export function corsForClients(): MiddlewareHandler<AppEnv> {
  return cors({
    origin: (origin, c) => {
      const { config } = (c as unknown as { var: AppEnv["Variables"] }).var.services;
      const own = new URL(c.req.url).origin;
      const allowed =
        origin === own ||
        config.allowedOrigins.includes(origin) ||
        (config.isDevelopment && LOOPBACK_ORIGIN.test(origin));
      return allowed ? origin : null;
    },
    allowMethods: ["GET", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"],
    allowHeaders: ["authorization", "content-type"],
    exposeHeaders: ["retry-after", "x-request-id"],
    maxAge: 600,
  });
}
