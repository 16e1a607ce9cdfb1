/** `GET /api/admin/retention` (decision 0034): the retention table in force and when each rule last ran (admins). */
import { createRoute, z } from "@hono/zod-openapi";
import { createRouter } from "../http/router";
import { RETENTION_DESCRIPTIONS, RETENTION_FLOOR_DAYS, RETENTION_RULES } from "../retention/periods";
import { lastRuns } from "../retention/runs";
import { problemResponses } from "./openapi";
import { json } from "./schemas";

const RetentionRuleSchema = z
  .object({
    rule: z.enum(RETENTION_RULES),
    description: z.string(),
    days: z.number().int().openapi({
      description: "The period in force; for workspace_audit, the least an owner may choose (by default kept).",
    }),
    floor_days: z.number().int().openapi({ description: "The least RETENTION_DAYS may set." }),
    last_run_at: z
      .string()
      .nullable()
      .openapi({ description: "When the hourly maintenance last ran it; null: never." }),
    last_removed: z.number().int().nullable().openapi({
      description:
        "What that run removed (rows; accounts for unfinished_sign_ups; for deleted_accounts, overdue purges woken).",
    }),
  })
  .openapi("RetentionRule");

export const adminRetentionRoutes = createRouter();

adminRetentionRoutes.openapi(
  createRoute({
    method: "get",
    path: "/admin/retention",
    tags: ["Administration"],
    security: [{ bearer: [] }],
    summary: "Each retention period in force and when the hourly maintenance last enforced it",
    responses: {
      200: json(z.object({ rules: z.array(RetentionRuleSchema) }), "The retention table."),
      ...problemResponses(401, 403),
    },
  }),
  async (c) => {
    const { services } = c.var;
    const runs = await lastRuns(services.db);
    const rules = RETENTION_RULES.map((rule) => ({
      rule,
      description: RETENTION_DESCRIPTIONS[rule],
      days: services.config.retention[rule],
      floor_days: RETENTION_FLOOR_DAYS[rule],
      last_run_at: runs.get(rule)?.lastRunAt ?? null,
      last_removed: runs.get(rule)?.lastRemoved ?? null,
    }));
    return c.json({ rules }, 200);
  },
);
