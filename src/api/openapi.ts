/** Shared OpenAPI pieces: the document's info, the bearer scheme, the problem+json schema and error responses. */
import { type OpenAPIHono, z } from "@hono/zod-openapi";
import { ACCESS_TOKEN_TTL_SECONDS } from "../auth/token-policy";
import { PROBLEM_CODES } from "../lib/problem";

export const OPENAPI_INFO = {
  openapi: "3.1.0",
  info: {
    title: "Edge Identity API",
    version: "0.1.0",
    description:
      "Users, sessions and workspaces at the edge. Paths are relative to the server URL `/api` on the " +
      "service's origin. The full HTTP contract, sign-in included, is docs/api.md in the source repository.",
  },
} as const;

const BEARER_DESCRIPTION = [
  "An access token from the OAuth 2 issuer at the root of this origin.",
  "Get one with the authorization code flow and PKCE (S256): send the browser to",
  "`/authorize?client_id=web&redirect_uri=…&response_type=code&state=…&code_challenge=…&code_challenge_method=S256`,",
  "then exchange the returned `code` at `POST /token` (form: `grant_type=authorization_code`, `code`,",
  "`redirect_uri`, `client_id`, `code_verifier`). Metadata: `/.well-known/oauth-authorization-server`.",
  `Access tokens are ES256 JWTs and live ${ACCESS_TOKEN_TTL_SECONDS / 60} minutes.`,
  "Renew with `POST /token` (`grant_type=refresh_token`, `refresh_token`, and the same `client_id`):",
  "each refresh token works once and the answer carries the next one; presenting a used one again",
  "ends the whole session.",
].join(" ");

/** The `bearer` security scheme every authenticated route names. */
export function registerBearerScheme(registry: OpenAPIHono["openAPIRegistry"]) {
  registry.registerComponent("securitySchemes", "bearer", {
    type: "http",
    scheme: "bearer",
    bearerFormat: "JWT",
    description: BEARER_DESCRIPTION,
  });
}

export const ProblemSchema = z
  .object({
    type: z
      .string()
      .openapi({ description: "An absolute URI of a page describing the code: <origin>/api/problems/<code>." }),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    code: z.enum(PROBLEM_CODES),
    errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
    reason: z.enum(["session_ended", "account_deactivated"]).optional().openapi({
      description:
        "On a 401 from the session check: the session ended (signed out, revoked, expired, idle) or an admin deactivated the account.",
    }),
  })
  .openapi("Problem");

const DESCRIPTIONS: Record<number, string> = {
  400: "Invalid input (validation_failed, invalid_json).",
  401: "No or bad access token (unauthorized).",
  403: "Signed in but not allowed.",
  404: "Absent, or not visible to the caller (not_found).",
  405: "Method not allowed on this path (method_not_allowed), with Allow.",
  409: "Conflicts with the current state.",
  410: "Expired, used or revoked.",
  413: "Body too large (payload_too_large).",
  415: "Wrong content type (unsupported_media_type).",
  429: "Rate limited (rate_limited), with Retry-After.",
  503: "A part of the service did not answer; nothing changed (service_unavailable), with Retry-After when known.",
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
