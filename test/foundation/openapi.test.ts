import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { newUser } from "../support/http";

/** Every /api route implemented so far, as docs/api.md names them (OpenAPI writes path parameters as {name}). */
const IMPLEMENTED = [
  "get /health",
  "get /problems/{code}",
  "get /me",
  "patch /me",
  "put /me/avatar",
  "delete /me/avatar",
  "get /avatars/{user_id}/{file}",
  "get /me/sessions",
  "delete /me/sessions",
  "delete /me/sessions/{id}",
  "post /me/sign-out",
  "post /me/2fa",
  "post /me/2fa/verify",
  "post /me/2fa/backup-codes",
  "delete /me/2fa",
  "post /me/password/change",
  "delete /me/password",
  "post /me/passkeys/options",
  "post /me/passkeys",
  "get /me/passkeys",
  "patch /me/passkeys/{id}",
  "delete /me/passkeys/{id}",
  "get /me/connections",
  "post /me/connections/{provider}/link",
  "delete /me/connections/{provider}",
  "post /me/email",
  "post /me/email/verify",
  "delete /me",
  "post /me/restore",
  "get /me/export",
  "post /workspaces",
  "get /workspaces",
  "get /workspaces/{id}",
  "patch /workspaces/{id}",
  "delete /workspaces/{id}",
  "get /workspaces/{id}/permissions",
  "get /workspaces/{id}/members",
  "patch /workspaces/{id}/members/{user_id}",
  "delete /workspaces/{id}/members/{user_id}",
  "post /workspaces/{id}/invitations",
  "get /workspaces/{id}/invitations",
  "delete /workspaces/{id}/invitations/{invitation_id}",
  "post /workspaces/{id}/invitations/{invitation_id}/resend",
  "post /invitations/lookup",
  "post /invitations/accept",
  "post /invitations/decline",
  "post /workspaces/{id}/transfer",
  "delete /workspaces/{id}/transfer",
  "post /workspaces/{id}/transfer/accept",
  "get /workspaces/{id}/audit",
  "get /workspaces/{id}/audit/verify",
  "post /workspaces/{id}/live/ticket",
  "get /workspaces/{id}/live",
  "post /workspaces/{id}/links",
  "get /workspaces/{id}/links",
  "delete /workspaces/{id}/links/{link_id}",
  "get /links/{token}",
  "post /links/{token}/join",
  "get /workspaces/{id}/policy",
  "patch /workspaces/{id}/policy",
  "get /admin/users",
  "post /admin/users",
  "get /admin/users/{id}",
  "get /admin/users/{id}/activity",
  "get /me/activity",
  "get /me/consents",
  "put /me/consents/{name}",
  "get /admin/users/{id}/consents",
  "patch /admin/users/{id}",
  "delete /admin/users/{id}/sessions",
  "post /admin/users/{id}/restore",
  "delete /admin/users/{id}/2fa",
  "delete /admin/users/{id}",
  "post /admin/clients",
  "get /admin/clients",
  "get /admin/clients/{client_id}",
  "patch /admin/clients/{client_id}",
  "post /admin/clients/{client_id}/rotate-secret",
  "delete /admin/clients/{client_id}",
  "get /me/authorized-apps",
  "delete /me/authorized-apps/{client_id}",
  "get /admin/audit",
  "get /admin/audit/verify",
  "post /workspaces/{id}/webhooks",
  "get /workspaces/{id}/webhooks",
  "get /workspaces/{id}/webhooks/{webhook_id}",
  "patch /workspaces/{id}/webhooks/{webhook_id}",
  "delete /workspaces/{id}/webhooks/{webhook_id}",
  "post /workspaces/{id}/webhooks/{webhook_id}/rotate-secret",
  "post /workspaces/{id}/webhooks/{webhook_id}/test",
  "get /workspaces/{id}/webhooks/{webhook_id}/deliveries",
  "post /workspaces/{id}/webhooks/{webhook_id}/deliveries/{delivery_id}/retry",
  "post /admin/webhooks",
  "get /admin/webhooks",
  "get /admin/webhooks/{webhook_id}",
  "patch /admin/webhooks/{webhook_id}",
  "delete /admin/webhooks/{webhook_id}",
  "post /admin/webhooks/{webhook_id}/rotate-secret",
  "post /admin/webhooks/{webhook_id}/test",
  "get /admin/webhooks/{webhook_id}/deliveries",
  "post /admin/webhooks/{webhook_id}/deliveries/{delivery_id}/retry",
  "get /admin/retention",
];

interface Schema {
  type?: string;
  minLength?: number;
  maxLength?: number;
  properties?: Record<string, Schema>;
  $ref?: string;
}
interface Operation {
  responses: Record<string, { content?: Record<string, { schema?: Schema }> }>;
  requestBody?: { content: Record<string, { schema: Schema }> };
}
interface Document {
  servers?: { url: string }[];
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema>; securitySchemes: Record<string, { description?: string }> };
}

async function openApiDocument(): Promise<Document> {
  return (await (await SELF.fetch("http://localhost/api/openapi.json")).json()) as Document;
}

function operations(doc: Document): [string, string, Operation][] {
  return Object.entries(doc.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]): [string, string, Operation] => [method, path, operation]),
  );
}

function bodySchema(doc: Document, method: string, path: string): Schema {
  const schema = doc.paths[path]?.[method]?.requestBody?.content["application/json"]?.schema;
  if (!schema) throw new Error(`no JSON body on ${method} ${path}`);
  return schema.$ref ? (doc.components.schemas[schema.$ref.split("/").pop() ?? ""] ?? {}) : schema;
}

describe("the OpenAPI document", () => {
  it("describes every implemented route, with problem+json errors", async () => {
    const doc = await openApiDocument();
    const described = operations(doc).map(([method, path]) => `${method} ${path}`);
    expect(described.sort()).toEqual([...IMPLEMENTED].sort());
    expect(doc.components.schemas.Problem).toBeDefined();
    expect(doc.components.securitySchemes.bearer).toBeDefined();
    const invite = doc.paths["/workspaces/{id}/invitations"]?.post;
    expect(Object.keys(invite?.responses ?? {})).toEqual(
      expect.arrayContaining(["201", "400", "403", "404", "409", "429"]),
    );
    expect(invite?.responses["409"]?.content?.["application/problem+json"]).toBeDefined();
  });

  it("gives every operation at least one response with a schema", async () => {
    for (const [method, path, operation] of operations(await openApiDocument())) {
      const withSchema = Object.values(operation.responses).filter((response) =>
        Object.values(response.content ?? {}).some((media) => media.schema !== undefined),
      );
      expect(withSchema.length, `${method} ${path}`).toBeGreaterThan(0);
    }
  });

  it("names /api as its server, and a client calling <server><path> reaches each route", async () => {
    const doc = await openApiDocument();
    expect(doc.servers).toEqual([{ url: "/api" }]);
    const caller = await newUser("generated-client");
    // The calls that end the caller's sessions go last, so every other route is reached with a live token.
    const endsSessions = ([method, path]: [string, string, Operation]) =>
      (method === "delete" && path.startsWith("/me/sessions")) || path === "/me/sign-out";
    const ordered = operations(doc).sort((a, b) => Number(endsSessions(a)) - Number(endsSessions(b)));
    for (const [method, path] of ordered) {
      const concrete = path
        .replace("{id}", "ws_AAAAAAAAAAAAAAAAAAAAAA")
        .replace("{code}", "not_found")
        .replace(/\{[a-z_]+\}/g, "x");
      const response = await SELF.fetch(`http://localhost${doc.servers?.[0]?.url}${concrete}`, {
        method: method.toUpperCase(),
        headers: { authorization: `Bearer ${caller.token}`, "content-type": "application/json" },
        body: method === "get" ? undefined : "{}",
      });
      const what = `${method} ${path} → ${response.status}`;
      // The route answered (its data, its validation, its own not-found), not the catch-alls or the web app.
      expect(response.status, what).not.toBe(405);
      if (response.status === 204) continue;
      expect(response.headers.get("content-type"), what).not.toContain("text/html");
      const body = (await response.json()) as { detail?: string };
      expect(body.detail ?? "", what).not.toMatch(/^No route/);
    }
  });

  it("explains how to get a bearer token", async () => {
    const { description = "" } = (await openApiDocument()).components.securitySchemes.bearer ?? {};
    for (const part of ["/authorize", "PKCE", "POST /token", "15 minutes", "refresh_token", "client_id"]) {
      expect(description).toContain(part);
    }
  });

  it("states the limits the code enforces: emails at most 254 characters, names 1 to 100", async () => {
    const doc = await openApiDocument();
    expect(bodySchema(doc, "post", "/workspaces/{id}/invitations").properties?.email?.maxLength).toBe(254);
    const name = bodySchema(doc, "post", "/workspaces").properties?.name;
    expect([name?.minLength, name?.maxLength]).toEqual([1, 100]);
    const tooLong = `${"a".repeat(243)}@example.com`; // 255 characters
    expect(tooLong).toHaveLength(255);
    const owner = await newUser("limits");
    const created = await SELF.fetch("http://localhost/api/workspaces", {
      method: "POST",
      headers: { authorization: `Bearer ${owner.token}`, "content-type": "application/json" },
      body: JSON.stringify({ name: "Limits" }),
    });
    const { id } = (await created.json()) as { id: string };
    const refused = await SELF.fetch(`http://localhost/api/workspaces/${id}/invitations`, {
      method: "POST",
      headers: { authorization: `Bearer ${owner.token}`, "content-type": "application/json" },
      body: JSON.stringify({ email: tooLong, role: "viewer" }),
    });
    expect(refused.status).toBe(400);
  });

  it("describes every workspace answer: a schema for each body, pending_transfer and delivery included", async () => {
    const doc = (await (await SELF.fetch("http://localhost/api/openapi.json")).json()) as {
      paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, unknown> }> }>>;
      components: { schemas: Record<string, unknown> };
    };
    for (const [path, methods] of Object.entries(doc.paths)) {
      if (!path.startsWith("/workspaces") && !path.startsWith("/invitations")) continue;
      for (const [method, operation] of Object.entries(methods)) {
        for (const [status, response] of Object.entries(operation.responses)) {
          // 101: the live socket's upgrade, which has no body (its frames are described in docs/api.md).
          if (status === "204" || status === "101")
            expect(response.content, `${method} ${path} ${status}`).toBeUndefined();
          else expect(Object.keys(response.content ?? {}), `${method} ${path} ${status}`).toHaveLength(1);
        }
      }
    }
    const { WorkspaceDetail, Invitation } = doc.components.schemas as Record<string, object>;
    expect(JSON.stringify(WorkspaceDetail)).toContain('"pending_transfer":{"type":["object","null"]');
    expect(Invitation).toMatchObject({ properties: { delivery: { enum: ["pending", "sent", "failed", "withheld"] } } });
  });
});
