/**
 * Every HTML answer carries protective headers (issue 7, defect 13): the worker's pages through one middleware, the
 * web app through web/public/_headers (built into web/dist, which `npm test` builds first). OpenAuth's cookies are
 * SameSite=Lax.
 */
import { env, SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import worker from "../../src/index";
import { Browser } from "../support/browser";
import { authorizeUrl, pkcePair, startAuthorization } from "../support/sign-in";

/** A policy's directives, by name. */
function directives(response: Response): Map<string, string[]> {
  const policy = response.headers.get("content-security-policy") ?? "";
  return new Map(
    policy
      .split(";")
      .filter((directive) => directive.trim())
      .map((directive) => {
        const [name = "", ...sources] = directive.trim().split(/\s+/);
        return [name, sources];
      }),
  );
}

function expectProtected(response: Response) {
  expect(response.headers.get("content-type")).toMatch(/^text\/html/);
  const policy = directives(response);
  expect(policy.get("frame-ancestors")).toEqual(["'none'"]);
  expect(policy.get("base-uri")).toEqual(["'none'"]);
  expect(response.headers.get("x-frame-options")).toBe("DENY");
  expect(response.headers.get("referrer-policy")).toBe("no-referrer");
  expect(response.headers.get("x-content-type-options")).toBe("nosniff");
  return policy;
}

/** The sign-in pages run one script, the origin's own (passkeys, decision 0031): nothing inline, no other host. */
function expectOwnScriptOnly(policy: Map<string, string[]>) {
  expect(policy.get("default-src")).toEqual(["'none'"]);
  expect(policy.get("script-src")).toEqual(["'self'"]);
  expect(policy.get("connect-src")).toEqual(["'self'"]);
}

describe("the worker's HTML pages", () => {
  it.each(["/password/authorize", "/password/register", "/code/authorize"])(
    "protect OpenAuth's sign-in page %s, and allow what it loads (the origin's own images)",
    async (path) => {
      const browser = new Browser();
      await startAuthorization(browser, path.startsWith("/code") ? "code" : "password");
      const response = await browser.get(path);
      expect(response.status).toBe(200);
      const policy = expectProtected(response);
      expectOwnScriptOnly(policy);
      const html = await response.text();
      const scripts = [...html.matchAll(/<script\b[^>]*>/gi)].map((match) => match[0]);
      expect(scripts).toEqual(['<script src="/sign-in-passkey.js" defer>']);
      // The pages load their logo and icon from the origin only (test/foundation/sign-in-pages.test.ts): allowed.
      const images = [...html.matchAll(/<(?:img|link rel="icon")[^>]*?(?:src|href)="([^"]+)"/g)].map((m) => m[1] ?? "");
      expect(images.length).toBeGreaterThan(0);
      for (const url of images) expect(new URL(url, "http://localhost").origin).toBe("http://localhost");
      expect(policy.get("img-src")).toEqual(["'self'"]);
      // Its forms post back to the issuer, which then redirects to the client: both allowed.
      expect(policy.get("form-action")).toContain("'self'");
      expect(policy.get("form-action")).toContain("http://localhost:*");
    },
  );

  it("protect the refused-authorization page", async () => {
    const { challenge } = await pkcePair();
    const response = await SELF.fetch(
      `http://localhost${authorizeUrl(challenge, { redirect_uri: "https://evil.example/cb" })}`,
    );
    expect(response.status).toBe(400);
    expectOwnScriptOnly(expectProtected(response));
  });

  it("protect the API reference at /api/docs: its one script comes from the origin (test/foundation/api-reference)", async () => {
    const response = await SELF.fetch("http://localhost/api/docs");
    expect(response.status).toBe(200);
    const policy = expectProtected(response);
    expect(policy.get("default-src")).toEqual(["'none'"]);
    expect(policy.get("script-src")).toEqual(["'self'"]);
  });

  it("leave JSON answers alone", async () => {
    const response = await SELF.fetch("http://localhost/api/health");
    expect(response.headers.get("content-security-policy")).toBeNull();
  });
});

describe("the web app", () => {
  it.each(["/", "/invite/ws_0123456789abcdefghijkl.secret-token"])(
    "is served with its own strict policy and no referrer at %s",
    async (path) => {
      const response = await SELF.fetch(`http://localhost${path}`);
      expect(response.status).toBe(200);
      expect(await response.text()).toContain('<div id="root">');
      const policy = expectProtected(response);
      expect(policy.get("default-src")).toEqual(["'self'"]);
      expect(policy.get("script-src")).toEqual(["'self'"]);
      expect(policy.get("style-src")).toEqual(["'self'"]);
      expect(policy.get("connect-src")).toEqual(["'self'"]);
      expect(policy.get("object-src")).toEqual(["'none'"]);
    },
  );

  it("does not serve the _headers file itself", async () => {
    const response = await SELF.fetch("http://localhost/_headers");
    expect(await response.text()).not.toContain("Content-Security-Policy:");
  });
});

describe("OpenAuth's cookies", () => {
  async function authorizationCookies(origin: string): Promise<string[]> {
    const { challenge } = await pkcePair();
    const url = authorizeUrl(challenge, { provider: "password", redirect_uri: `${origin}/callback` });
    const response = await SELF.fetch(`${origin}${url}`, { redirect: "manual" });
    expect(response.status).toBe(302);
    const cookies = response.headers.getSetCookie();
    expect(cookies.length).toBeGreaterThan(0);
    return cookies;
  }

  it("are SameSite=Lax and HttpOnly over http", async () => {
    for (const cookie of await authorizationCookies("http://localhost")) {
      expect(cookie).toMatch(/; SameSite=Lax$/);
      expect(cookie).toContain("HttpOnly");
      expect(cookie).not.toMatch(/SameSite=None/i);
    }
  });

  it("are SameSite=Lax, HttpOnly and still Secure over https", async () => {
    for (const cookie of await authorizationCookies("https://localhost")) {
      expect(cookie).toMatch(/; SameSite=Lax$/);
      expect(cookie).toContain("HttpOnly");
      expect(cookie).toContain("Secure");
      expect(cookie).not.toMatch(/SameSite=None/i);
    }
  });
});

describe("every answer (issue 15)", () => {
  const HSTS = "max-age=63072000; includeSubDomains";
  const production = {
    ...env,
    ENVIRONMENT: "production",
    RESEND_API_KEY: "re_test_key",
    AUTH_SECRET: "a-production-secret-of-at-least-32-characters",
  };
  const inProduction = (path: string, init?: RequestInit) =>
    worker.fetch(new Request(`https://id.example.com${path}`, init), production, {
      waitUntil: () => {},
      passThroughOnException: () => {},
    } as unknown as ExecutionContext);

  /** One of each kind: API JSON, a problem (404, 401, 405), issuer JSON and pages, the API reference. */
  const WORKER_ANSWERS: [string, string, number][] = [
    ["API JSON", "/api/health", 200],
    ["a problem: unknown route", "/api/nope", 404],
    ["a problem: not signed in", "/api/me", 401],
    ["issuer JSON", "/.well-known/oauth-authorization-server", 200],
    ["the refused-authorization page", "/authorize?client_id=nobody", 400],
    ["the API reference", "/api/docs", 200],
  ];

  it.each(WORKER_ANSWERS)(
    "X-Content-Type-Options: nosniff on %s, and no HSTS in development",
    async (_, path, status) => {
      const response = await SELF.fetch(`http://localhost${path}`);
      expect(response.status).toBe(status);
      expect(response.headers.get("x-content-type-options")).toBe("nosniff");
      expect(response.headers.get("strict-transport-security")).toBeNull();
    },
  );

  it.each(WORKER_ANSWERS)("Strict-Transport-Security outside development on %s", async (_, path, status) => {
    const response = await inProduction(path);
    expect(response.status).toBe(status);
    expect(response.headers.get("strict-transport-security")).toBe(HSTS);
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
  });

  it("Cross-Origin-Opener-Policy: same-origin on HTML (sign-in pages, refused page, API reference), not on JSON", async () => {
    const browser = new Browser();
    await startAuthorization(browser, "password");
    const pages = [
      await browser.get("/password/authorize"),
      await SELF.fetch("http://localhost/authorize?client_id=nobody"),
      await SELF.fetch("http://localhost/api/docs"),
    ];
    for (const page of pages) {
      expect(page.headers.get("content-type")).toMatch(/^text\/html/);
      expect(page.headers.get("cross-origin-opener-policy")).toBe("same-origin");
    }
    expect((await SELF.fetch("http://localhost/api/health")).headers.get("cross-origin-opener-policy")).toBeNull();
  });

  it("the web app's page and its assets: nosniff everywhere, COOP on the page, HSTS from _headers", async () => {
    const page = await SELF.fetch("http://localhost/");
    expect(page.headers.get("cross-origin-opener-policy")).toBe("same-origin");
    expect(page.headers.get("x-content-type-options")).toBe("nosniff");
    const script = /<script[^>]*src="([^"]+)"/.exec(await page.text())?.[1] ?? "";
    const asset = await SELF.fetch(new URL(script, "http://localhost").toString());
    expect(asset.status).toBe(200);
    expect(asset.headers.get("content-type")).toMatch(/javascript/);
    expect(asset.headers.get("x-content-type-options")).toBe("nosniff");
    // Static files are served before the worker runs, so their HSTS comes from _headers (decision 0022).
    expect(asset.headers.get("strict-transport-security")).toBe(HSTS);
  });
});
