/** Shared OpenAPI pieces: the problem+json schema and the error responses routes declare. */
import { z } from "@hono/zod-openapi";
import { PROBLEMS } from "../lib/problem";

export const ProblemSchema = z
  .object({
    type: z.string(),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    code: z.enum(Object.keys(PROBLEMS) as [keyof typeof PROBLEMS, ...(keyof typeof PROBLEMS)[]]),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  })
  .openapi("Problem");

const DESCRIPTIONS: Record<number, string> = {
  400: "Invalid input (validation_failed, invalid_json).",
  401: "No or bad access token (unauthorized).",
  403: "Signed in but not allowed.",
  404: "Absent, or not visible to the caller (not_found).",
  409: "Conflicts with the current state.",
  410: "Expired, used or revoked.",
  413: "Body too large (payload_too_large).",
  415: "Wrong content type (unsupported_media_type).",
  429: "Rate limited (rate_limited), with Retry-After.",
};

/** `{ 401: {...}, 404: {...} }` for a route's `responses`. */
export function problemResponses(...statuses: number[]) {
  return Object.fromEntries(
    statuses.map((status) => [
      status,
      {
        description: DESCRIPTIONS[status] ?? "Error.",
        content: { "application/problem+json": { schema: ProblemSchema } },
      },
    ]),
  );
}
