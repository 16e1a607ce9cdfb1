/** Request and response schemas of the workspace API, shared by its routers and the OpenAPI document. */
import { z } from "@hono/zod-openapi";
import { AuditIdFilter } from "../lib/audit-people";
import { EMAIL_MAX_LENGTH, parseEmail } from "../lib/email";
import { NAME_MAX_CHARACTERS, parseName } from "../lib/names";
import { EFFECTIVE_INVITATION_STATUSES, INVITATION_DELIVERIES } from "../workspace/invitations";
import { ROLES } from "../workspace/roles";

export const RoleSchema = z.enum(ROLES).openapi("Role");

/** Workspace and person names: the one name rule (lib/names parseName); stored trimmed. */
export const NameSchema = z
  .string()
  .transform((value, ctx) => {
    const parsed = parseName(value);
    if (parsed.ok) return parsed.name;
    ctx.addIssue({ code: "custom", message: parsed.message });
    return z.NEVER;
  })
  .openapi({
    // The rule is a transform, which the generator cannot read: state its bounds (code points, as JSON Schema counts).
    minLength: 1,
    maxLength: NAME_MAX_CHARACTERS,
    description: `1 to ${NAME_MAX_CHARACTERS} characters after trimming; no line breaks, tabs, control or invisible formatting characters (Unicode Cc, Cf, Zl, Zp).`,
    example: "Acme",
  });

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

export const WorkspaceDetailSchema = WorkspaceSchema.extend({
  member_count: z.number().int(),
  pending_transfer: z
    .object({ nominee_id: z.string(), nominated_by: z.string(), expires_at: z.string() })
    .nullable()
    .openapi({
      description: "A pending ownership nomination, shown to owners and to the nominee; null to everyone else.",
    }),
  policy_deadline: z.string().nullable().openapi({
    description:
      "While the workspace requires two-factor and the caller's is off: when they lose access until they turn it on. Else null.",
  }),
}).openapi("WorkspaceDetail");

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
    expires_at: z.string().nullable().openapi({
      description: "When their access ends and they are removed (set by an owner), or null: it does not expire.",
    }),
    outside_allowed_domains: z.boolean().openapi({
      description: "Their email is outside the workspace's allowed domains (they joined before the list said so).",
    }),
  })
  .openapi("Member");

/** An expiry as a request gives it: an ISO 8601 time with its offset (the object checks it is in the future), or null. */
export const ExpiresAtSchema = z.iso.datetime({ offset: true }).nullable().openapi({
  description: "When the access ends: a time in the future, at most ten years ahead (ISO 8601), or null for none.",
  example: "2030-01-01T00:00:00Z",
});

export const InvitationSchema = z
  .object({
    id: z.string(),
    email: z.string(),
    role: RoleSchema,
    status: z.enum(EFFECTIVE_INVITATION_STATUSES),
    expires_at: z.string(),
    invited_by: z.string(),
    created_at: z.string(),
    delivery: z.enum(INVITATION_DELIVERIES).openapi({
      description:
        "Its latest mail: queued or being retried (pending), handed to the provider (sent), given up (failed), or not sent because the invited person's account turned invitation mail off (withheld).",
    }),
    access_expires_at: z.string().nullable().openapi({
      description: "The `expires_at` the membership it grants will have, or null: that access does not expire.",
    }),
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

const AuditPersonSchema = z
  .object({ id: z.string(), email: z.string().nullable(), name: z.string().nullable() })
  .openapi("AuditPerson", {
    description:
      "Who an event names, as known when the log is read (a member row, else the users directory). An erased person is their pseudonym `deleted_…` with `email` and `name` null; an invitation is its id and address.",
  });

/** An audit event as the logs answer it: the stored, chained fields, and who they name beside the ids. */
export const ReadableAuditEventSchema = AuditEventSchema.extend({
  actor: AuditPersonSchema.nullable().openapi({ description: "Who did it; null when the system did." }),
  subject: AuditPersonSchema.nullable().openapi({
    description: "Whom or what it was done to (a person or an invitation); null when it is the workspace itself.",
  }),
}).openapi("ReadableAuditEvent");

/** `?actor=`, `?subject=`, `?action=` on both audit logs, beside the paging. */
export const auditFilters = <A extends readonly [string, ...string[]]>(actions: A) => ({
  actor: AuditIdFilter.optional().openapi({
    param: { name: "actor", in: "query" },
    description: "Only events by this person (id).",
  }),
  subject: AuditIdFilter.optional().openapi({
    param: { name: "subject", in: "query" },
    description: "Only events whose target is this id (a person or an invitation).",
  }),
  action: z
    .enum(actions)
    .optional()
    .openapi({ param: { name: "action", in: "query" } }),
});

export const json = <T extends z.ZodType>(schema: T, description: string) => ({
  description,
  content: { "application/json": { schema } },
});

export const jsonBody = <T extends z.ZodType>(schema: T) => ({
  body: { content: { "application/json": { schema } }, required: true },
});

/** The answer to an invitation: the new one, and the pending one to the same address it replaced (docs/api.md). */
export const InvitationCreatedSchema = InvitationSchema.extend({
  replaced: z
    .object({
      id: z.string(),
      role: RoleSchema,
      status: z.enum(["pending", "expired"]),
      invited_by: z.string(),
      created_at: z.string(),
    })
    .nullable()
    .openapi({
      description:
        "The invitation to the same address that this one replaced (its link answers 410 invitation_revoked from now on), or null. `status` says whether it was still pending or had already expired.",
    }),
}).openapi("InvitationCreated");

/** A share link as listed (decision 0029): never its token; the URL is in the answer to its creation only. */
export const ShareLinkSchema = z
  .object({
    id: z.string(),
    role: RoleSchema,
    expires_at: z.string(),
    max_uses: z.number().int(),
    uses: z.number().int().openapi({ description: "How many people have joined through it." }),
    created_by: z.string().openapi({ description: "The user id of the member who made it." }),
    created_at: z.string(),
  })
  .openapi("ShareLink");
