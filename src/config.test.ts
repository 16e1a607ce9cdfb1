import { describe, expect, it } from "vitest";
import { ConfigError, parseConfig } from "./config";

const development = { ENVIRONMENT: "development", ADMIN_EMAILS: "admin@example.com", ALLOWED_ORIGINS: "" };

function errorOf(env: Record<string, unknown>): ConfigError {
  try {
    parseConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error("expected a ConfigError");
}

describe("parseConfig", () => {
  it("parses the development values", () => {
    const config = parseConfig(development);
    expect(config).toMatchObject({
      environment: "development",
      isDevelopment: true,
      adminEmails: ["admin@example.com"],
    });
    expect(config.resendApiKey).toBeUndefined();
  });

  it("defaults to production, never to development", () => {
    const error = errorOf({});
    expect(error.variables).toEqual(["RESEND_API_KEY"]);
    expect(parseConfig({ RESEND_API_KEY: "re_x" }).environment).toBe("production");
  });

  it("names an unknown ENVIRONMENT", () => {
    const error = errorOf({ ...development, ENVIRONMENT: "prod" });
    expect(error.variables).toContain("ENVIRONMENT");
    expect(error.message).toContain("ENVIRONMENT");
  });

  it("names a bad admin email", () => {
    const error = errorOf({ ...development, ADMIN_EMAILS: "admin@example.com, not-an-email" });
    expect(error.variables).toEqual(["ADMIN_EMAILS"]);
    expect(error.message).toContain("ADMIN_EMAILS");
  });

  it("names an origin that is not an origin", () => {
    for (const bad of ["https://app.example.com/path", "ftp://x.example", "app.example.com", "javascript:alert(1)"]) {
      const error = errorOf({ ...development, ALLOWED_ORIGINS: bad });
      expect(error.variables).toEqual(["ALLOWED_ORIGINS"]);
      expect(error.message).toContain(bad);
    }
  });

  it("requires RESEND_API_KEY outside development and says how to set it", () => {
    const error = errorOf({ ENVIRONMENT: "production" });
    expect(error.variables).toEqual(["RESEND_API_KEY"]);
    expect(error.message).toContain("wrangler secret put RESEND_API_KEY");
  });

  it("names every wrong variable at once", () => {
    const error = errorOf({ ENVIRONMENT: "production", ALLOWED_ORIGINS: "nope", ADMIN_EMAILS: "nope" });
    expect(error.variables.sort()).toEqual(["ADMIN_EMAILS", "ALLOWED_ORIGINS", "RESEND_API_KEY"]);
  });

  it("normalises lists: trims, drops empties, lower-cases admin emails, strips a trailing slash", () => {
    const config = parseConfig({
      ...development,
      ADMIN_EMAILS: " Root@Example.com ,,",
      ALLOWED_ORIGINS: "https://app.example.com/, http://localhost:5173",
    });
    expect(config.adminEmails).toEqual(["root@example.com"]);
    expect(config.allowedOrigins).toEqual(["https://app.example.com", "http://localhost:5173"]);
  });
});
