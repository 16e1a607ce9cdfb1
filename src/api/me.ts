/** `/api/me`: the caller's own profile. */
import { createRoute, z } from "@hono/zod-openapi";
import { accountOf } from "../account/stub";
import { ApiError } from "../lib/problem";
import type { Services } from "../services";
import { effectivePlatformRole, PLATFORM_ROLES } from "../users/platform-role";
import { findUserById } from "../users/repository";
import { problemResponses } from "./openapi";
import { createRouter } from "./router";

export const MeSchema = z
  .object({
    id: z.string(),
    email: z.string(),
    first_name: z.string(),
    last_name: z.string(),
    created_date: z.string(),
    avatar_url: z.string().nullable(),
    preferences: z.record(z.string(), z.unknown()),
    two_factor_enabled: z.boolean(),
    platform_role: z.enum(PLATFORM_ROLES),
    deleted_at: z.string().optional(),
  })
  .openapi("Me");

export const meRoutes = createRouter();

meRoutes.openapi(
  createRoute({
    method: "get",
    path: "/me",
    tags: ["Me"],
    summary: "The caller's profile",
    security: [{ bearer: [] }],
    responses: {
      200: { description: "The caller.", content: { "application/json": { schema: MeSchema } } },
      ...problemResponses(401),
    },
  }),
  async (c) => c.json(await meView(c.var.services, c.var.caller.userId), 200),
);

/** The caller as `GET /api/me` shows them; every route that answers "the updated user" answers this. */
export async function meView(services: Services, userId: string): Promise<z.infer<typeof MeSchema>> {
  const [user, twoFactorEnabled] = await Promise.all([
    findUserById(services.db, userId),
    accountOf(services, userId).twoFactorEnabled(),
  ]);
  if (!user) throw new ApiError("unauthorized", "The account no longer exists.");
  return {
    id: user.id,
    email: user.email,
    first_name: user.firstName,
    last_name: user.lastName,
    created_date: user.createdDate,
    avatar_url: null,
    preferences: {},
    two_factor_enabled: twoFactorEnabled,
    platform_role: effectivePlatformRole(user, services.config.adminEmails),
    ...(user.deletedAt ? { deleted_at: user.deletedAt } : {}),
  };
}
