/**
 * What a newcomer reads from the API besides the data: problem `type`s that resolve, details written for
 * people, no caching of personal answers, 405 with `Allow`, and 404 for unknown well-known documents.
 */
import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { PROBLEMS } from "../../src/lib/problem";
import { call, newUser } from "../support/http";
import { addMember, createWorkspace, invitationToken, invite } from "../support/workspaces";

const CODES = Object.keys(PROBLEMS);
/** A sentence for a person: starts with a capital, ends with a full stop, and is not a code_with_underscores. */
const SENTENCE = /^[A-Z][^_]*[.!?]$/;

async function problemOf(response: Response) {
  expect(response.headers.get("content-type")).toBe("application/problem+json");
  return (await response.json()) as { type: string; code: string; detail: string; status: number };
}

describe("the error catalogue", () => {
  it("gives every code a default detail that is a sentence", () => {
    for (const [code, entry] of Object.entries(PROBLEMS)) {
      expect(entry.detail, code).toMatch(SENTENCE);
    }
  });

  it("serves a page for every code, as JSON and as HTML", async () => {
    for (const code of CODES) {
      const json = await SELF.fetch(`http://localhost/api/problems/${code}`);
      expect(json.status, code).toBe(200);
      const entry = PROBLEMS[code as keyof typeof PROBLEMS];
      expect(await json.json()).toEqual({ code, status: entry.status, title: entry.title, detail: entry.detail });
      const html = await SELF.fetch(`http://localhost/api/problems/${code}`, { headers: { accept: "text/html" } });
      expect(html.headers.get("content-type")).toContain("text/html");
      expect(await html.text()).toContain(entry.title);
    }
  });

  it("answers an unknown code 404", async () => {
    const response = await SELF.fetch("http://localhost/api/problems/no_such_code");
    expect(response.status).toBe(404);
    expect((await problemOf(response)).code).toBe("not_found");
  });

  it("makes every problem's type an absolute URI on the request's origin, which resolves", async () => {
    const response = await SELF.fetch("https://id.example.com/api/no-such-route");
    const problem = await problemOf(response);
    expect(problem.type).toBe("https://id.example.com/api/problems/not_found");
    const unauthorized = await problemOf(await SELF.fetch("http://localhost:8787/api/me"));
    expect(unauthorized.type).toBe("http://localhost:8787/api/problems/unauthorized");
    const page = await SELF.fetch(unauthorized.type);
    expect(page.status).toBe(200);
    expect(((await page.json()) as { code: string }).code).toBe("unauthorized");
  });

  it("answers with sentences, not codes, where the call site gives no detail", async () => {
    const owner = await newUser("detail-owner");
    const invitee = await newUser("detail-invitee");
    const id = await createWorkspace(owner);
    expect((await invite(owner, id, invitee.email, "viewer")).status).toBe(201);
    const token = await invitationToken(invitee.email);
    expect((await call(invitee, "POST", "/invitations/accept", { token: token })).status).toBe(200);

    const preview = await call(null, "POST", "/invitations/lookup", { token: token });
    expect(preview.status).toBe(410);
    expect(preview.body.detail).toBe("This invitation has already been used.");
    const member = await newUser("detail-member");
    await addMember(owner, id, member, "editor");
    const again = await invite(owner, id, member.email, "viewer");
    expect(again.status).toBe(409);
    expect(again.body.detail).toMatch(SENTENCE);
    const lastOwner = await call(owner, "DELETE", `/workspaces/${id}/members/${owner.id}`);
    expect(lastOwner.status).toBe(409);
    expect(lastOwner.body.detail).toMatch(SENTENCE);
  });
});

describe("personal answers", () => {
  const noStore = (response: Response) => expect(response.headers.get("cache-control")).toBe("no-store");

  it("are never stored: the profile, workspace, member and invitation lists, the invitation preview", async () => {
    const owner = await newUser("cache-owner");
    const auth = { authorization: `Bearer ${owner.token}` };
    const id = await createWorkspace(owner);
    expect((await invite(owner, id, "cache-guest@example.com", "viewer")).status).toBe(201);
    const token = await invitationToken("cache-guest@example.com");
    for (const path of [
      "/api/me",
      "/api/workspaces",
      `/api/workspaces/${id}`,
      `/api/workspaces/${id}/members`,
      `/api/workspaces/${id}/invitations`,
    ]) {
      const response = await SELF.fetch(`http://localhost${path}`, { headers: auth });
      expect(response.status, path).toBe(200);
      noStore(response);
    }
    const preview = await SELF.fetch("http://localhost/api/invitations/lookup", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ token }),
    });
    expect(preview.status).toBe(200);
    noStore(preview);
    noStore(await SELF.fetch("http://localhost/api/me")); // a refusal too
  });

  it("leave the public pages cacheable", async () => {
    for (const path of ["/api/health", "/api/openapi.json", "/api/docs", "/api/problems/not_found"]) {
      const response = await SELF.fetch(`http://localhost${path}`);
      expect(response.status, path).toBe(200);
      expect(response.headers.get("cache-control"), path).not.toContain("no-store");
    }
  });
});

describe("methods and paths", () => {
  it("answers a method a known path does not take 405 with Allow", async () => {
    const owner = await newUser("methods");
    const auth = { authorization: `Bearer ${owner.token}` };
    const cases: [string, string, string][] = [
      ["PUT", "/api/workspaces", "GET, POST"],
      ["DELETE", "/api/workspaces", "GET, POST"],
      ["POST", "/api/workspaces/ws_AAAAAAAAAAAAAAAAAAAAAA", "DELETE, GET, PATCH"],
      ["PUT", "/api/me", "DELETE, GET, PATCH"],
      ["POST", "/api/me/avatar", "DELETE, PUT"],
      ["POST", "/api/health", "GET"],
      ["DELETE", "/api/openapi.json", "GET"],
      ["GET", "/api/invitations/accept", "POST"],
    ];
    for (const [method, path, allow] of cases) {
      const response = await SELF.fetch(`http://localhost${path}`, { method, headers: auth });
      expect(response.status, `${method} ${path}`).toBe(405);
      expect(response.headers.get("allow"), `${method} ${path}`).toBe(allow);
      expect((await problemOf(response)).code).toBe("method_not_allowed");
    }
  });

  it("keeps unknown API paths 404", async () => {
    const owner = await newUser("unknown-paths");
    const headers = { authorization: `Bearer ${owner.token}` };
    for (const path of ["/api/nothing", "/api/workspaces/ws_AAAAAAAAAAAAAAAAAAAAAA/nothing", "/api/workspaces/"]) {
      const response = await SELF.fetch(`http://localhost${path}`, { method: "PUT", headers });
      expect(response.status, path).toBe(404);
    }
  });

  it("answers unknown /.well-known documents 404, not with the web app", async () => {
    for (const path of ["/.well-known/security.txt", "/.well-known/change-password", "/.well-known/"]) {
      const response = await SELF.fetch(`http://localhost${path}`, { headers: { accept: "text/html" } });
      expect(response.status, path).toBe(404);
      expect(await response.text()).not.toContain('<div id="root">');
    }
    expect((await SELF.fetch("http://localhost/.well-known/oauth-authorization-server")).status).toBe(200);
    expect((await SELF.fetch("http://localhost/.well-known/jwks.json")).status).toBe(200);
    // The OpenID Connect provider's discovery (decision 0036) is one of ours.
    expect((await SELF.fetch("http://localhost/.well-known/openid-configuration")).status).toBe(200);
  });
});
