/** `GET /api/health`: the worker is up (no auth, touches nothing). */
import { createRoute, z } from "@hono/zod-openapi";
import { createRouter } from "./router";

export const healthRoutes = createRouter().openapi(
  createRoute({
    method: "get",
    path: "/health",
    tags: ["Service"],
    summary: "Liveness check",
    responses: {
      200: {
        description: "The worker is serving requests.",
        content: { "application/json": { schema: z.object({ ok: z.literal(true) }) } },
      },
    },
  }),
  (c) => c.json({ ok: true as const }, 200),
);
