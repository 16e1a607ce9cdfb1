import { env, SELF } from "cloudflare:test";
import { createRoute, z } from "@hono/zod-openapi";
import { describe, expect, it, vi } from "vitest";
import { handleError } from "../../src/http/errors";
import { JSON_BODY_MAX_BYTES, limitBody, requireJsonBody } from "../../src/http/guards";
import { createRouter } from "../../src/http/router";

async function expectProblem(response: Response, status: number, code: string) {
  expect(response.status).toBe(status);
  expect(response.headers.get("content-type")).toBe("application/problem+json");
  const body = (await response.json()) as Record<string, unknown>;
  expect(body).toMatchObject({ status, code });
  // Absolute on the worker's origin (a bare router, as exampleApi below, leaves it relative).
  expect(body.type).toMatch(new RegExp(`^(http://localhost)?/api/problems/${code}$`));
  expect(typeof body.title).toBe("string");
  expect(typeof body.detail).toBe("string");
  return body;
}

/** A router built exactly as every API router is, with one JSON route and one that fails unexpectedly. */
function exampleApi() {
  const api = createRouter();
  api.onError(handleError);
  api.use("*", limitBody(JSON_BODY_MAX_BYTES), requireJsonBody());
  api.openapi(
    createRoute({
      method: "post",
      path: "/things",
      request: {
        body: { content: { "application/json": { schema: z.object({ name: z.string().min(1).max(100) }) } } },
      },
      responses: { 201: { description: "created" } },
    }),
    (c) => c.json({ name: c.req.valid("json").name }, 201),
  );
  api.get("/explode", () => {
    throw new Error("database password is hunter2");
  });
  return api;
}

const post = (body: string, contentType = "application/json") =>
  new Request("http://x/things", { method: "POST", body, headers: { "content-type": contentType } });

describe("problem+json for every error", () => {
  it("answers GET /api/health 200 { ok: true }", async () => {
    const response = await SELF.fetch("http://localhost/api/health");
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true });
  });

  it("answers an unknown /api route 404 not_found", async () => {
    await expectProblem(await SELF.fetch("http://localhost/api/no-such-thing"), 404, "not_found");
  });

  it("answers a body over 64 KB with 413 payload_too_large", async () => {
    const big = JSON.stringify({ name: "x".repeat(JSON_BODY_MAX_BYTES) });
    await expectProblem(
      await SELF.fetch("http://localhost/api/health", {
        method: "POST",
        body: big,
        headers: { "content-type": "application/json" },
      }),
      413,
      "payload_too_large",
    );
    await expectProblem(await exampleApi().request(post(big)), 413, "payload_too_large");
  });

  it("answers a non-JSON body with 415 unsupported_media_type", async () => {
    await expectProblem(
      await exampleApi().request(post("name=x", "application/x-www-form-urlencoded")),
      415,
      "unsupported_media_type",
    );
    await expectProblem(
      await SELF.fetch("http://localhost/api/health", {
        method: "POST",
        body: "hi",
        headers: { "content-type": "text/plain" },
      }),
      415,
      "unsupported_media_type",
    );
  });

  it("answers malformed JSON with 400 invalid_json", async () => {
    await expectProblem(await exampleApi().request(post("{not json")), 400, "invalid_json");
  });

  it("answers a schema violation with 400 validation_failed and the field path", async () => {
    const body = await expectProblem(
      await exampleApi().request(post(JSON.stringify({ name: "" }))),
      400,
      "validation_failed",
    );
    expect(body.errors).toEqual([expect.objectContaining({ path: "name" })]);
  });

  it("accepts a valid JSON body, including a charset parameter", async () => {
    const response = await exampleApi().request(
      post(JSON.stringify({ name: "ok" }), "application/json; charset=utf-8"),
    );
    expect(response.status).toBe(201);
  });

  it("answers an unexpected throw with 500 internal_error, a request id, and no internals", async () => {
    const log = vi.spyOn(console, "error").mockImplementation(() => {});
    const response = await exampleApi().request("http://x/explode");
    const body = await expectProblem(response, 500, "internal_error");
    const text = JSON.stringify(body);
    expect(text).not.toContain("hunter2");
    expect(text).not.toMatch(/at .*\.ts/);
    expect(log).toHaveBeenCalled();
    log.mockRestore();
  });

  it("tags responses with a request id", async () => {
    const response = await SELF.fetch("http://localhost/api/health");
    expect(response.headers.get("x-request-id")).toMatch(/.+/);
  });

  it("serves the OpenAPI document and a reference page built from it", async () => {
    const doc = (await (await SELF.fetch("http://localhost/api/openapi.json")).json()) as {
      openapi: string;
      paths: object;
    };
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths)).toContain("/health");
    const page = await SELF.fetch("http://localhost/api/docs");
    expect(page.headers.get("content-type")).toContain("text/html");
    expect(await page.text()).toContain('data-configuration="{&#34;url&#34;:&#34;/api/openapi.json&#34;');
  });

  it("serves the web app for other paths", async () => {
    const response = await SELF.fetch("http://localhost/some/app/page", { headers: { accept: "text/html" } });
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('<div id="root">');
  });

  it("has the test environment's development values, not production's", () => {
    expect(env.ENVIRONMENT).toBe("development");
  });
});
