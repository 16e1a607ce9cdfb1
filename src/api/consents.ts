/**
 * Consents (decision 0033): `GET /api/me/consents` (the caller's whole history), `PUT /api/me/consents/:name` (give or
 * withdraw an optional consent: `marketing`), and `GET /api/admin/users/:id/consents` (a person's history with where
 * each came from, for an administrator who must show proof). The records live in the person's Account object; the
 * required documents are accepted on the sign-in pages only (src/auth/providers/consent.ts).
 */
import { createRoute, z } from "@hono/zod-openapi";
import type { ConsentRow } from "../account/consent-records";
import { CONSENT_DOCUMENTS, CONSENT_HOWS, isConsentDocument, isOptionalConsent } from "../account/consent-rules";
import { storedUserAgent } from "../account/sign-in-history-rules";
import { accountOf } from "../account/stub";
import { createRouter } from "../http/router";
import { clientIp, coarseIp } from "../lib/ip";
import { ApiError } from "../lib/problem";
import { findUserById } from "../users/repository";
import { UserIdParam } from "./admin-schemas";
import { problemResponses } from "./openapi";
import { json, jsonBody } from "./schemas";

const security = [{ bearer: [] }];

export const ConsentSchema = z
  .object({
    document: z.enum(CONSENT_DOCUMENTS),
    version: z.string().openapi({ description: "The document's version when accepted (TERMS_VERSION, …)." }),
    accepted_at: z.string(),
    withdrawn_at: z.string().nullable().openapi({ description: "Set when withdrawn; the acceptance stays recorded." }),
    how: z.enum(CONSENT_HOWS),
  })
  .openapi("Consent");

/** The record with where each act came from: what the export and an administrator see. */
export const ConsentRecordSchema = ConsentSchema.extend({
  ip: z.string().openapi({ description: "Coarse: the IPv4 /24 or IPv6 /48 of the acceptance." }),
  user_agent: z.string(),
  withdrawn_how: z.enum(CONSENT_HOWS).nullable(),
  withdrawn_ip: z.string().nullable(),
  withdrawn_user_agent: z.string().nullable(),
}).openapi("ConsentRecord");

const ConsentsSchema = z.object({ consents: z.array(ConsentSchema) }).openapi("Consents");
const ConsentRecordsSchema = z.object({ consents: z.array(ConsentRecordSchema) }).openapi("ConsentRecords");

const ConsentNameParam = z.object({
  name: z
    .string()
    .max(64)
    .openapi({ param: { name: "name", in: "path" }, example: "marketing" }),
});
const ConsentBody = z.object({ given: z.boolean() }).strict().openapi("ConsentChange");

type How = z.infer<typeof ConsentSchema>["how"];

export function consentView(row: ConsentRow): z.infer<typeof ConsentSchema> {
  return {
    document: row.document,
    version: row.version,
    accepted_at: row.acceptedAt,
    withdrawn_at: row.withdrawnAt,
    how: row.how as How,
  };
}

export function consentRecordView(row: ConsentRow): z.infer<typeof ConsentRecordSchema> {
  return {
    ...consentView(row),
    ip: row.ip,
    user_agent: row.userAgent,
    withdrawn_how: row.withdrawnHow as How | null,
    withdrawn_ip: row.withdrawnIp,
    withdrawn_user_agent: row.withdrawnUserAgent,
  };
}

export const consentRoutes = createRouter();

consentRoutes.openapi(
  createRoute({
    method: "get",
    path: "/me/consents",
    tags: ["Me"],
    summary: "The caller's consents: every acceptance and withdrawal, oldest first",
    security,
    responses: { 200: json(ConsentsSchema, "The whole history."), ...problemResponses(401, 403) },
  }),
  async (c) => {
    const { services, caller } = c.var;
    const rows = await accountOf(services, caller.userId).consentHistory();
    return c.json({ consents: rows.map(consentView) }, 200);
  },
);

consentRoutes.openapi(
  createRoute({
    method: "put",
    path: "/me/consents/{name}",
    tags: ["Me"],
    summary: "Gives or withdraws an optional consent (marketing)",
    description:
      "Giving adds an acceptance; withdrawing stamps the standing one as withdrawn, never erasing it. Asking for " +
      "what already is so changes nothing. The answer is the newest record of that consent, or null if it was never " +
      "given. The terms and the privacy notice are accepted on the sign-in pages: `409 consent_required` here.",
    security,
    request: { params: ConsentNameParam, ...jsonBody(ConsentBody) },
    responses: {
      200: json(ConsentSchema.nullable(), "The newest record of the consent, or null."),
      ...problemResponses(400, 401, 403, 404, 409),
    },
  }),
  async (c) => {
    const { services, caller } = c.var;
    const { name } = c.req.valid("param");
    if (!isConsentDocument(name)) throw new ApiError("not_found", "There is no such consent.");
    if (!isOptionalConsent(name)) throw new ApiError("consent_required");
    const { given } = c.req.valid("json");
    const context = {
      how: "settings" as const,
      ip: coarseIp(clientIp(c.req.raw.headers)),
      userAgent: storedUserAgent(c.req.header("user-agent") ?? null),
    };
    const row = await accountOf(services, caller.userId).setOptionalConsent(caller.userId, name, given, context);
    return c.json(row ? consentView(row) : null, 200);
  },
);

consentRoutes.openapi(
  createRoute({
    method: "get",
    path: "/admin/users/{id}/consents",
    tags: ["Administration"],
    summary: "A person's consent history, with where each acceptance and withdrawal came from",
    security,
    request: { params: UserIdParam },
    responses: {
      200: json(ConsentRecordsSchema, "The whole history, oldest first."),
      ...problemResponses(401, 403, 404),
    },
  }),
  async (c) => {
    const { services } = c.var;
    const { id } = c.req.valid("param");
    if (!(await findUserById(services.db, id))) throw new ApiError("not_found", "There is no such user.");
    const rows = await accountOf(services, id).consentHistory();
    return c.json({ consents: rows.map(consentRecordView) }, 200);
  },
);
