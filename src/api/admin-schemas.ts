/** Request and response schemas of `/api/admin`, and the one mapping of a user row to what an admin sees. */
import { z } from "@hono/zod-openapi";
import { PageQuery } from "../http/pagination";
import type { ListedUser } from "../users/directory";
import { PLATFORM_ROLES } from "../users/platform-role";
import { USER_STATUSES, userStatus } from "../users/user-status";
import { avatarUrlOf } from "./avatar";
import { EmailSchema, NameSchema, RoleSchema } from "./schemas";

export const PlatformRoleSchema = z.enum(PLATFORM_ROLES).openapi("PlatformRole");

export const AdminUserSchema = z
  .object({
    id: z.string(),
    email: z.string(),
    first_name: z.string(),
    last_name: z.string(),
    platform_role: PlatformRoleSchema,
    status: z.enum(USER_STATUSES),
    created_at: z.string(),
    last_sign_in_at: z.string().nullable().openapi({ description: "The last completed sign-in; sign-up counts." }),
    two_factor_enabled: z.boolean(),
    avatar_url: z.string().nullable().openapi({ description: "Their avatar image, or null (show initials)." }),
  })
  .openapi("AdminUser");

export const AdminUserDetailSchema = AdminUserSchema.extend({
  email_verified: z.boolean(),
  deleted_at: z.string().nullable(),
  memberships: z.array(z.object({ workspace_id: z.string(), workspace_name: z.string(), role: RoleSchema })),
  sessions: z.array(
    z.object({
      id: z.string(),
      created_at: z.string(),
      last_used_at: z.string(),
      user_agent: z.string(),
      ip: z.string(),
    }),
  ),
}).openapi("AdminUserDetail");

export const UserListQuery = PageQuery.extend({
  q: z
    .string()
    .trim()
    .max(254)
    .optional()
    .openapi({ description: "Case-insensitive prefix of the email, first name or last name." }),
  platform_role: PlatformRoleSchema.optional(),
  status: z.enum(USER_STATUSES).optional(),
});

export const UserIdParam = z.object({
  id: z
    .string()
    .min(1)
    .max(100)
    .openapi({ param: { name: "id", in: "path" }, example: "usr_…" }),
});

export const NewUserSchema = z
  .strictObject({
    email: EmailSchema,
    first_name: NameSchema.optional(),
    last_name: NameSchema.optional(),
    platform_role: PlatformRoleSchema.optional(),
  })
  .openapi("NewUser");

export const UserChangeSchema = z
  .strictObject({
    first_name: NameSchema.optional(),
    last_name: NameSchema.optional(),
    platform_role: PlatformRoleSchema.optional(),
    is_active: z.boolean().optional().openapi({
      description: "false deactivates: every session ends at once and sign-in is refused; true restores sign-in.",
    }),
  })
  .refine((change) => Object.keys(change).length > 0, {
    message: "send at least one of first_name, last_name, platform_role, is_active",
  })
  .openapi("UserChange");

/** A user as the admin list shows them; `twoFactorEnabled` defaults to the directory's copy. */
export function adminUserView(
  user: ListedUser,
  twoFactorEnabled = user.twoFactorEnabled,
): z.infer<typeof AdminUserSchema> {
  return {
    id: user.id,
    email: user.email,
    first_name: user.firstName,
    last_name: user.lastName,
    platform_role: user.platformRole,
    status: userStatus(user),
    created_at: user.createdDate,
    last_sign_in_at: user.lastSignInAt,
    two_factor_enabled: twoFactorEnabled,
    avatar_url: user.avatarKey ? avatarUrlOf(user.avatarKey) : null,
  };
}
