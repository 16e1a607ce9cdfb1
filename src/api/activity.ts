/**
 * The sign-in history (decision 0032): `GET /api/me/activity` for the caller's own, `GET /api/admin/users/:id/activity`
 * for an admin (the admin rules of admin-access.ts apply). Both read the person's Account object, newest first, 90
 * days, in pages whose cursor is the last row's time and id.
 */
import { createRoute, z } from "@hono/zod-openapi";
import type { SignInEventRow } from "../account/sign-in-history";
import { type HistoryCursorKey, SIGN_IN_METHODS, SIGN_IN_RESULTS } from "../account/sign-in-history-rules";
import { accountOf } from "../account/stub";
import { PageQuery } from "../http/pagination";
import { createRouter } from "../http/router";
import { decodeCursor, encodeCursor } from "../lib/cursor";
import { ApiError } from "../lib/problem";
import type { Services } from "../services";
import { findUserById } from "../users/repository";
import { UserIdParam } from "./admin-schemas";
import { problemResponses } from "./openapi";
import { json } from "./schemas";

export const SignInEventSchema = z
  .object({
    at: z.string(),
    method: z.enum(SIGN_IN_METHODS),
    result: z.enum(SIGN_IN_RESULTS),
    ip: z.string().openapi({ description: "Coarse: the IPv4 /24 or IPv6 /48 the attempt came from." }),
    user_agent: z.string(),
    country: z.string().nullable().openapi({ description: "ISO 3166 code, when the request carried one." }),
    city: z.string().nullable(),
    known_device: z.boolean().openapi({ description: "Whether the browser held this account's device cookie." }),
  })
  .openapi("SignInEvent");

const ActivityPageSchema = z
  .object({ events: z.array(SignInEventSchema), next_cursor: z.string().nullable() })
  .openapi("SignInActivity");

export function signInEventView(row: SignInEventRow): z.infer<typeof SignInEventSchema> {
  return {
    at: row.at,
    method: row.method as z.infer<typeof SignInEventSchema>["method"],
    result: row.result as z.infer<typeof SignInEventSchema>["result"],
    ip: row.ip,
    user_agent: row.userAgent,
    country: row.country,
    city: row.city,
    known_device: row.knownDevice,
  };
}

/** One page of `userId`'s history; a cursor that is not one of ours is 400. */
async function activityPage(services: Services, userId: string, query: { limit: number; cursor?: string }) {
  const after = decodeCursor<HistoryCursorKey>(query.cursor, ["at", "id"]);
  if (after === "invalid") throw new ApiError("validation_failed", "The cursor is not valid.");
  const page = await accountOf(services, userId).signInHistory(after, query.limit);
  return { events: page.events.map(signInEventView), next_cursor: page.next ? encodeCursor(page.next) : null };
}

const description =
  "Every sign-in attempt on the account, whatever its result, newest first, for 90 days. `method` is how the step " +
  "was tried, `result` what came of it; attempts on emails without an account are not recorded anywhere.";

export const activityRoutes = createRouter();

activityRoutes.openapi(
  createRoute({
    method: "get",
    path: "/me/activity",
    tags: ["Me"],
    summary: "The caller's sign-in history, newest first",
    description,
    security: [{ bearer: [] }],
    request: { query: PageQuery },
    responses: { 200: json(ActivityPageSchema, "A page."), ...problemResponses(400, 401, 403) },
  }),
  async (c) => {
    const { services, caller } = c.var;
    return c.json(await activityPage(services, caller.userId, c.req.valid("query")), 200);
  },
);

activityRoutes.openapi(
  createRoute({
    method: "get",
    path: "/admin/users/{id}/activity",
    tags: ["Administration"],
    summary: "A person's sign-in history, as they see it",
    description,
    security: [{ bearer: [] }],
    request: { params: UserIdParam, query: PageQuery },
    responses: { 200: json(ActivityPageSchema, "A page."), ...problemResponses(400, 401, 403, 404) },
  }),
  async (c) => {
    const { services } = c.var;
    const { id } = c.req.valid("param");
    if (!(await findUserById(services.db, id))) throw new ApiError("not_found", "There is no such user.");
    return c.json(await activityPage(services, id, c.req.valid("query")), 200);
  },
);
