/** List pagination as docs/api.md fixes it: `?limit=` (default 50, above 200 clamped to 200) and an opaque `?cursor=`. */
import { z } from "@hono/zod-openapi";

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 200;

export const PageQuery = z.object({
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .default(DEFAULT_PAGE_SIZE)
    .transform((limit) => Math.min(limit, MAX_PAGE_SIZE))
    .openapi({ param: { name: "limit", in: "query" }, example: 50 }),
  cursor: z
    .string()
    .max(512)
    .optional()
    .openapi({ param: { name: "cursor", in: "query" } }),
});
