/** Request and response schemas of the workspace API, shared by its routers and the OpenAPI document. */
import { z } from "@hono/zod-openapi";
import { EMAIL_MAX_LENGTH, parseEmail } from "../lib/email";
import { ROLES } from "../workspace/roles";

export const RoleSchema = z.enum(ROLES).openapi("Role");

/** Workspace and person names: 1 to 100 characters after trimming. */
export const NameSchema = z.string().trim().min(1).max(100);

/** The one email rule (lib/email parseEmail), as a schema: normalised on the way in; the document says 254. */
export const EmailSchema = z
  .string()
  .trim()
  .max(EMAIL_MAX_LENGTH, { message: `must be an email address of at most ${EMAIL_MAX_LENGTH} characters` })
  .transform((value, ctx) => {
    const email = parseEmail(value);
    if (email) return email;
    ctx.addIssue({ code: "custom", message: `must be an email address of at most ${EMAIL_MAX_LENGTH} characters` });
    return z.NEVER;
  });

export const WorkspaceSchema = z
  .object({ id: z.string(), name: z.string(), created_at: z.string(), role: RoleSchema })
  .openapi("Workspace");

export const WorkspaceDetailSchema = WorkspaceSchema.extend({ member_count: z.number().int() }).openapi(
  "WorkspaceDetail",
);

export const PermissionsSchema = z
  .object({ role: RoleSchema.nullable(), can_view: z.boolean(), can_edit: z.boolean(), can_manage: z.boolean() })
  .openapi("Permissions");

export const MemberSchema = z
  .object({
    user_id: z.string(),
    email: z.string(),
    first_name: z.string(),
    last_name: z.string(),
    role: RoleSchema,
    joined_at: z.string(),
  })
  .openapi("Member");

export const InvitationSchema = z
  .object({
    id: z.string(),
    email: z.string(),
    role: RoleSchema,
    status: z.enum(["pending", "expired", "accepted", "declined", "revoked", "replaced"]),
    expires_at: z.string(),
    invited_by: z.string(),
    created_at: z.string(),
  })
  .openapi("Invitation");

export const AuditEventSchema = z
  .object({
    id: z.string(),
    at: z.string(),
    actor_id: z.string().nullable(),
    action: z.string(),
    target: z.string().nullable(),
    details: z.unknown(),
    prev_hash: z.string(),
    hash: z.string(),
  })
  .openapi("AuditEvent");

export const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { "application/json": { schema } },
});

export const jsonBody = <T extends z.ZodType>(schema: T) => ({
  body: { content: { "application/json": { schema } }, required: true },
});
