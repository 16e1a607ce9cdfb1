/**
 * /api/docs (issue 16, developer surfaces): Scalar's reference over the OpenAPI document, its script served from this
 * origin as a static file of the web build, under a policy that names no other host. The page in a browser (it
 * renders, lists operations, sends nothing elsewhere, axe clean) is web/e2e/api-reference.spec.ts.
 */
import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { API_REFERENCE_SCRIPT_PATH } from "../../src/api/docs-asset";

const docsPage = () => SELF.fetch("http://localhost/api/docs");

/** The policy's directives, by name. */
function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy
      .split(";")
      .map((directive) => directive.trim().split(/\s+/))
      .map(([name = "", ...sources]) => [name, sources]),
  );
}

/** Scalar's configuration, as the page hands it over (a data attribute: no inline script). */
function configurationOf(html: string): Record<string, unknown> {
  const attribute = /<script id="api-reference" type="application\/json" data-configuration="([^"]*)"><\/script>/.exec(
    html,
  )?.[1];
  expect(attribute).toBeDefined();
  const decoded = (attribute ?? "").replace(/&#(\d+);/g, (_, code) => String.fromCharCode(Number(code)));
  return JSON.parse(decoded) as Record<string, unknown>;
}

describe("the API reference page", () => {
  it("allows scripts from the origin only, no eval, no other host anywhere, requests to the origin only", async () => {
    const response = await docsPage();
    expect(response.status).toBe(200);
    const policy = directives(response.headers.get("content-security-policy") ?? "");
    expect(policy.get("default-src")).toEqual(["'none'"]);
    expect(policy.get("script-src")).toEqual(["'self'"]);
    expect(policy.get("connect-src")).toEqual(["'self'"]);
    expect(policy.get("img-src")).toEqual(["'self'"]);
    // Scalar injects its styles as <style> elements: the one loosening, and only for styles.
    expect(policy.get("style-src")).toEqual(["'self'", "'unsafe-inline'"]);
    expect(policy.get("form-action")).toEqual(["'none'"]);
    expect(policy.get("frame-ancestors")).toEqual(["'none'"]);
    const sources = [...policy.values()].flat();
    expect(sources.every((source) => /^'[a-z-]+'$/.test(source))).toBe(true);
    expect(sources).not.toContain("'unsafe-eval'");
  });

  it("runs no inline script: one script from the origin, the configuration as data", async () => {
    const html = await (await docsPage()).text();
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.map(([, attributes]) => /\bsrc="([^"]*)"/.exec(attributes ?? "")?.[1] ?? null)).toEqual([
      null,
      API_REFERENCE_SCRIPT_PATH,
    ]);
    expect(scripts[0]?.[1]).toContain('type="application/json"');
    expect(scripts.every(([, , body]) => body === "")).toBe(true);
  });

  it("points Scalar at the OpenAPI route, with its telemetry, hosted fonts, proxy and agent off", async () => {
    const configuration = configurationOf(await (await docsPage()).text());
    expect(configuration).toMatchObject({
      url: "/api/openapi.json",
      telemetry: false,
      withDefaultFonts: false,
      showDeveloperTools: "never",
      agent: { disabled: true },
      hideClientButton: true,
      persistAuth: false,
    });
    expect(configuration).not.toHaveProperty("proxyUrl");
    expect(JSON.stringify(configuration)).not.toMatch(/https?:/);
    const document = await SELF.fetch(`http://localhost${configuration.url}`);
    expect(document.status).toBe(200);
    expect(((await document.json()) as { openapi: string }).openapi).toBe("3.1.0");
  });

  it("loads Scalar's script from the web build on this origin (copied from node_modules by web/vite.config.ts)", async () => {
    const script = await SELF.fetch(`http://localhost${API_REFERENCE_SCRIPT_PATH}`);
    expect(script.status).toBe(200);
    expect(script.headers.get("content-type")).toMatch(/javascript/);
    expect(await script.text()).toContain("@scalar/api-reference");
  });
});
