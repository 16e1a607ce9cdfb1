/** `/api/workspaces/:id/policy` (decision 0030): any member reads it; an owner changes it. The object decides. */
import { createRoute, z } from "@hono/zod-openapi";
import { createRouter } from "../http/router";
import { ApiError } from "../lib/problem";
import { RETENTION_MAX_DAYS, workspaceAuditPeriodAllowed } from "../retention/periods";
import {
  MAX_ALLOWED_EMAIL_DOMAINS,
  MAX_TWO_FACTOR_GRACE_DAYS,
  normaliseDomainList,
  type PolicyPatch,
} from "../workspace/policy-rules";
import { problemResponses } from "./openapi";
import { json, jsonBody } from "./schemas";
import { unwrap, WorkspaceIdParam, workspaceStub } from "./workspace-access";

const security = [{ bearer: [] }];
const tags = ["Workspaces"];

export const PolicySchema = z
  .object({
    require_two_factor: z.boolean().openapi({
      description: "Members must have two-factor on: those without it lose access at the deadline until they do.",
    }),
    two_factor_grace_days: z
      .number()
      .int()
      .openapi({
        description: `Days from turning it on to the deadline, 0 to ${MAX_TWO_FACTOR_GRACE_DAYS} (default 7).`,
      }),
    allowed_email_domains: z.array(z.string()).openapi({
      description: `At most ${MAX_ALLOWED_EMAIL_DOMAINS} domains, lower-case; empty: any. Exact matches only.`,
    }),
    audit_retention_days: z.number().int().nullable().openapi({
      description:
        "Days audit events are kept (at least the platform's workspace_audit period, 90 by default); null: while the workspace lives.",
    }),
  })
  .openapi("WorkspacePolicy");

const PolicyPatchBody = z
  .object({
    require_two_factor: z.boolean().optional(),
    two_factor_grace_days: z.number().int().min(0).max(MAX_TWO_FACTOR_GRACE_DAYS).optional(),
    // Bounded before normalising; the distinct domains are bounded by the rule (at most 20).
    allowed_email_domains: z.array(z.string().max(253)).max(100).optional(),
    audit_retention_days: z.number().int().max(RETENTION_MAX_DAYS).nullable().optional(),
  })
  .openapi("WorkspacePolicyChange");

const invalid = (path: string, message: string) =>
  new ApiError("validation_failed", message, { extensions: { errors: [{ path, message }] } });

/** The request as the object takes it, or a 400 naming the field: the domains normalised, duplicates removed. */
function policyPatchOf(body: z.infer<typeof PolicyPatchBody>, auditFloorDays: number): PolicyPatch {
  const patch: PolicyPatch = {
    requireTwoFactor: body.require_two_factor,
    twoFactorGraceDays: body.two_factor_grace_days,
    auditRetentionDays: body.audit_retention_days,
  };
  if (
    body.audit_retention_days !== undefined &&
    !workspaceAuditPeriodAllowed(body.audit_retention_days, auditFloorDays)
  ) {
    throw invalid("audit_retention_days", `Audit events are kept at least ${auditFloorDays} days (or null: always).`);
  }
  if (body.allowed_email_domains !== undefined) {
    const domains = normaliseDomainList(body.allowed_email_domains);
    if (!domains.ok && "tooMany" in domains) {
      throw invalid("allowed_email_domains", `At most ${MAX_ALLOWED_EMAIL_DOMAINS} different domains are allowed.`);
    }
    if (!domains.ok) {
      const at = domains.invalid[0] ?? 0;
      throw invalid(`allowed_email_domains.${at}`, "Each entry must be a domain name, such as example.com.");
    }
    patch.allowedEmailDomains = domains.domains;
  }
  if (Object.values(patch).every((value) => value === undefined)) {
    throw new ApiError("validation_failed", "Nothing to change: give at least one of the policy's fields.");
  }
  return patch;
}

export const policyRoutes = createRouter();

policyRoutes.openapi(
  createRoute({
    method: "get",
    path: "/workspaces/{id}/policy",
    tags,
    security,
    summary: "The workspace's policy (viewer+)",
    request: { params: WorkspaceIdParam },
    responses: { 200: json(PolicySchema, "The policy."), ...problemResponses(401, 403, 404) },
  }),
  async (c) => {
    const { services, caller } = c.var;
    return c.json(unwrap(await workspaceStub(services, c.req.valid("param").id).policy(caller.userId)), 200);
  },
);

policyRoutes.openapi(
  createRoute({
    method: "patch",
    path: "/workspaces/{id}/policy",
    tags,
    security,
    summary: "Change the policy (owner); turning required two-factor on mails members without it their deadline",
    request: { params: WorkspaceIdParam, ...jsonBody(PolicyPatchBody) },
    responses: { 200: json(PolicySchema, "The policy now."), ...problemResponses(400, 401, 403, 404, 413, 415) },
  }),
  async (c) => {
    const { services, caller } = c.var;
    const stub = workspaceStub(services, c.req.valid("param").id);
    const patch = policyPatchOf(c.req.valid("json"), services.config.retention.workspace_audit);
    const origin = new URL(c.req.url).origin;
    return c.json(unwrap(await stub.updatePolicy(caller.userId, { patch, origin })), 200);
  },
);
