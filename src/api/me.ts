/** `/api/me`: the caller's own profile. */
import { createRoute, z } from "@hono/zod-openapi";
import { purgeAfter } from "../account/deletion-rules";
import { accountOf } from "../account/stub";
import { userSubject } from "../auth/access-token";
import { createRouter } from "../http/router";
import { ApiError } from "../lib/problem";
import type { Services } from "../services";
import { updateProfile } from "../users/own-changes";
import { PLATFORM_ROLES } from "../users/platform-role";
import { PreferencesSchema, parseStoredPreferences } from "../users/preferences";
import { findUserById, type User } from "../users/repository";
import { avatarUrlOf } from "./avatar";
import { tellMemberWorkspaces } from "./member-fan-out";
import { problemResponses } from "./openapi";
import { json, jsonBody, NameSchema } from "./schemas";

export const MeSchema = z
  .object({
    id: z.string(),
    email: z.string(),
    first_name: z.string(),
    last_name: z.string(),
    created_date: z.string(),
    avatar_url: z.string().nullable(),
    preferences: PreferencesSchema,
    two_factor_enabled: z.boolean(),
    platform_role: z.enum(PLATFORM_ROLES),
    deleted_at: z.string().optional().openapi({ description: "Set while the account waits for purge." }),
    purge_after: z.string().optional().openapi({ description: "When the purge happens, unless restored before." }),
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

const ProfileChangeSchema = z
  .strictObject({
    first_name: NameSchema.optional(),
    last_name: NameSchema.optional(),
    preferences: PreferencesSchema.optional(),
  })
  .refine((change) => Object.keys(change).length > 0, {
    message: "send at least one of first_name, last_name, preferences",
  })
  .openapi("ProfileChange", {
    description:
      "Only the fields sent change. Names follow the one name rule (1 to 100 characters; a name cannot be cleared). " +
      "Preferences merge into the stored ones (notification settings one by one); unknown keys are refused.",
  });

meRoutes.openapi(
  createRoute({
    method: "patch",
    path: "/me",
    tags: ["Me"],
    summary: "Change the caller's names or preferences",
    security: [{ bearer: [] }],
    request: jsonBody(ProfileChangeSchema),
    responses: { 200: json(MeSchema, "The updated profile."), ...problemResponses(400, 401) },
  }),
  async (c) => {
    const { services, caller } = c.var;
    const change = c.req.valid("json");
    const user = await existingUser(services, caller.userId);
    await updateProfile(services.db, user, {
      firstName: change.first_name,
      lastName: change.last_name,
      preferencesPatch: change.preferences && JSON.stringify(change.preferences),
    });
    const updated = await existingUser(services, caller.userId);
    const namesChanged = updated.firstName !== user.firstName || updated.lastName !== user.lastName;
    if (namesChanged) {
      const names = { firstName: updated.firstName, lastName: updated.lastName };
      await tellMemberWorkspaces(services, updated.id, "new names", (workspace) =>
        workspace.refreshMemberProfile(updated.id, names),
      );
    }
    return c.json(await meView(services, caller.userId), 200);
  },
);

export async function existingUser(services: Services, userId: string): Promise<User> {
  const user = await findUserById(services.db, userId);
  if (!user) throw new ApiError("unauthorized", "The account no longer exists.");
  return user;
}

/** The caller as `GET /api/me` shows them, read afresh; every route that answers "the updated user" answers this. */
export async function meView(services: Services, userId: string): Promise<z.infer<typeof MeSchema>> {
  const [user, twoFactorEnabled] = await Promise.all([
    existingUser(services, userId),
    accountOf(services, userId).twoFactorEnabled(),
  ]);
  return meBody(user, twoFactorEnabled, services.config.retention.deleted_accounts);
}

function meBody(user: User, twoFactorEnabled: boolean, graceDays: number) {
  return {
    ...userSubject(user),
    avatar_url: user.avatarKey ? avatarUrlOf(user.avatarKey) : null,
    preferences: parseStoredPreferences(user.preferences),
    two_factor_enabled: twoFactorEnabled,
    platform_role: user.platformRole,
    ...(user.deletedAt ? { deleted_at: user.deletedAt, purge_after: purgeAfter(user.deletedAt, graceDays) } : {}),
  };
}
