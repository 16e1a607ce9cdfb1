/** `GET /api/health`: the worker is up (no auth, touches nothing). */
import { createRoute, z } from "@hono/zod-openapi";
import { createRouter } from "../http/router";

export const HealthSchema = z.object({ ok: z.literal(true) }).openapi("Health");

export const healthRoutes = createRouter().openapi(
  createRoute({
    method: "get",
    path: "/health",
    tags: ["Service"],
    summary: "Liveness check",
    responses: {
      200: {
        description: "The worker is serving requests.",
        content: { "application/json": { schema: HealthSchema } },
      },
    },
  }),
  // Public, but a cached "ok" would hide an outage: caches must ask again each time.
  (c) => c.json({ ok: true as const }, 200, { "cache-control": "no-cache" }),
);
