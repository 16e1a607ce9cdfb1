import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import {
  answerSecurityHeaders,
  pageContentSecurityPolicy,
  pageSecurityHeaders,
  SIGN_IN_PAGE_SOURCES,
  securePages,
} from "./security-headers";

/** The directives of a policy, by name. */
function directives(policy: string): Map<string, string[]> {
  return new Map(
    policy.split(";").map((directive) => {
      const [name = "", ...sources] = directive.trim().split(/\s+/);
      return [name, sources];
    }),
  );
}

describe("pageContentSecurityPolicy", () => {
  const policy = directives(pageContentSecurityPolicy(["'self'", "https://app.example.com"]));

  it("allows nothing by default, so no script runs and nothing connects", () => {
    expect(policy.get("default-src")).toEqual(["'none'"]);
    expect(policy.has("script-src")).toBe(false);
    expect(policy.has("connect-src")).toBe(false);
  });

  it("refuses framing and base-URI changes", () => {
    expect(policy.get("frame-ancestors")).toEqual(["'none'"]);
    expect(policy.get("base-uri")).toEqual(["'none'"]);
  });

  it("lets forms post only to the given sources", () => {
    expect(policy.get("form-action")).toEqual(["'self'", "https://app.example.com"]);
  });

  it("allows inline styles and the origin's own images, and no other host", () => {
    expect(policy.get("style-src")).toEqual(["'unsafe-inline'"]);
    expect(policy.get("img-src")).toEqual(["'self'"]);
    expect(policy.has("font-src")).toBe(false);
  });
});

describe("pageSecurityHeaders", () => {
  it("sends the framing, referrer and sniffing headers beside the policy", () => {
    expect(pageSecurityHeaders(["'self'"])).toMatchObject({
      "x-frame-options": "DENY",
      "referrer-policy": "no-referrer",
      "x-content-type-options": "nosniff",
    });
  });
});

describe("answerSecurityHeaders", () => {
  it("asks every answer not to be sniffed, in every environment", () => {
    expect(answerSecurityHeaders(true)["x-content-type-options"]).toBe("nosniff");
    expect(answerSecurityHeaders(false)["x-content-type-options"]).toBe("nosniff");
  });

  it("pins https for two years outside development only", () => {
    expect(answerSecurityHeaders(false)["strict-transport-security"]).toBe("max-age=63072000; includeSubDomains");
    expect(answerSecurityHeaders(true)).not.toHaveProperty("strict-transport-security");
  });

  it("keeps every page out of other sites' windows", () => {
    expect(pageSecurityHeaders(["'self'"])["cross-origin-opener-policy"]).toBe("same-origin");
  });
});

describe("the sign-in pages' policy", () => {
  it("allows only the origin's own stylesheet, images and script: nothing inline, no other host", () => {
    const policy = directives(pageContentSecurityPolicy(["'self'"], SIGN_IN_PAGE_SOURCES));
    expect(policy.get("style-src")).toEqual(["'self'"]);
    expect(policy.get("img-src")).toEqual(["'self'"]);
    expect(policy.get("default-src")).toEqual(["'none'"]);
    // The passkey script and its call for options (decision 0031); no 'unsafe-inline', no nonce, no other host.
    expect(policy.get("script-src")).toEqual(["'self'"]);
    expect(policy.get("connect-src")).toEqual(["'self'"]);
  });
});

describe("securePages", () => {
  const app = new Hono();
  app.use(
    securePages(
      () => ["'self'"],
      () => false,
    ),
  );
  app.get("/json", (c) => c.json({ ok: true }));
  app.get("/page", (c) => c.html("<p>hi</p>"));
  // Response.redirect's headers are immutable, as are those of an answer from fetch or the ASSETS binding.
  app.get("/redirect", () => Response.redirect("https://example.com/next", 302));
  app.get("/own-nosniff", (c) => c.json({ ok: true }, 200, { "x-content-type-options": "custom" }));

  it("adds the answer headers to a mutable answer in place, keeping its body and status", async () => {
    const response = await app.request("/json");
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true });
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
    expect(response.headers.get("strict-transport-security")).toBe(
      answerSecurityHeaders(false)["strict-transport-security"],
    );
    expect(response.headers.get("content-security-policy")).toBeNull();
  });

  it("adds the page headers to HTML", async () => {
    const response = await app.request("/page");
    expect(response.headers.get("content-security-policy")).toBe(pageContentSecurityPolicy(["'self'"]));
    expect(response.headers.get("x-frame-options")).toBe("DENY");
  });

  it("rebuilds an answer whose headers are immutable, keeping its status and location", async () => {
    const response = await app.request("/redirect");
    expect(response.status).toBe(302);
    expect(response.headers.get("location")).toBe("https://example.com/next");
    expect(response.headers.get("x-content-type-options")).toBe("nosniff");
  });

  it("keeps a header the answer set itself", async () => {
    const response = await app.request("/own-nosniff");
    expect(response.headers.get("x-content-type-options")).toBe("custom");
  });
});
