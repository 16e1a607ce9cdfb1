import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";

/** Every /api route implemented so far, as API.md names them (OpenAPI writes path parameters as {name}). */
const IMPLEMENTED = [
  "get /health",
  "get /me",
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
  "get /invitations/{token}",
  "post /invitations/{token}/accept",
  "post /invitations/{token}/decline",
  "post /workspaces/{id}/transfer",
  "delete /workspaces/{id}/transfer",
  "post /workspaces/{id}/transfer/accept",
  "get /workspaces/{id}/audit",
  "get /workspaces/{id}/audit/verify",
];

describe("the OpenAPI document", () => {
  it("describes every implemented route, with problem+json errors", async () => {
    const doc = (await (await SELF.fetch("http://localhost/api/openapi.json")).json()) as {
      paths: Record<string, Record<string, { responses: Record<string, { content?: Record<string, unknown> }> }>>;
      components: { schemas: Record<string, unknown>; securitySchemes: Record<string, unknown> };
    };
    const described = Object.entries(doc.paths).flatMap(([path, methods]) =>
      Object.keys(methods).map((m) => `${m} ${path}`),
    );
    expect(described.sort()).toEqual([...IMPLEMENTED].sort());
    expect(doc.components.schemas.Problem).toBeDefined();
    expect(doc.components.securitySchemes.bearer).toBeDefined();
    const invite = doc.paths["/workspaces/{id}/invitations"]?.post;
    expect(Object.keys(invite?.responses ?? {})).toEqual(
      expect.arrayContaining(["201", "400", "403", "404", "409", "429"]),
    );
    expect(invite?.responses["409"]?.content?.["application/problem+json"]).toBeDefined();
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
          if (status === "204") expect(response.content, `${method} ${path} ${status}`).toBeUndefined();
          else expect(Object.keys(response.content ?? {}), `${method} ${path} ${status}`).toHaveLength(1);
        }
      }
    }
    const { WorkspaceDetail, Invitation } = doc.components.schemas as Record<string, object>;
    expect(JSON.stringify(WorkspaceDetail)).toContain('"pending_transfer":{"type":["object","null"]');
    expect(Invitation).toMatchObject({ properties: { delivery: { enum: ["pending", "sent", "failed"] } } });
  });
});
