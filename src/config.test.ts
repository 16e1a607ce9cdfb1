import { describe, expect, it } from "vitest";
import { ConfigError, DEVELOPMENT_AUTH_SECRET, parseConfig } from "./config";

const development = {
  ENVIRONMENT: "development",
  ADMIN_EMAILS: "admin@example.com",
  ALLOWED_ORIGINS: "",
  AUTH_SECRET: DEVELOPMENT_AUTH_SECRET,
};
/** A production secret as the README makes it: 48 random bytes in base64. */
const PRODUCTION_SECRET = "q2Jr0m9t7Xw5eVYd3nB8kLhZ1pQs4uTa6cRf0gHj2iKl5oNx7yMv9bCe1dWz3EuS";
const production = { ENVIRONMENT: "production", RESEND_API_KEY: "re_x", AUTH_SECRET: PRODUCTION_SECRET };

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
    expect(error.variables.sort()).toEqual(["AUTH_SECRET", "RESEND_API_KEY"]);
    expect(parseConfig({ RESEND_API_KEY: "re_x", AUTH_SECRET: PRODUCTION_SECRET }).environment).toBe("production");
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
    const error = errorOf({ ...production, RESEND_API_KEY: undefined });
    expect(error.variables).toEqual(["RESEND_API_KEY"]);
    expect(error.message).toContain("wrangler secret put RESEND_API_KEY");
  });

  it("requires AUTH_SECRET outside development and says how to set it", () => {
    for (const environment of ["production", "staging"]) {
      const error = errorOf({ ...production, ENVIRONMENT: environment, AUTH_SECRET: undefined });
      expect(error.variables).toEqual(["AUTH_SECRET"]);
      expect(error.message).toContain("wrangler secret put AUTH_SECRET");
    }
    expect(parseConfig(production).authSecret).toBe(PRODUCTION_SECRET);
  });

  it("refuses an AUTH_SECRET shorter than 32 characters", () => {
    for (const short of ["", "secret", "x".repeat(31)]) {
      const error = errorOf({ ...production, AUTH_SECRET: short });
      expect(error.variables).toEqual(["AUTH_SECRET"]);
      expect(error.message).toContain("at least 32 characters");
    }
    expect(parseConfig({ ...production, AUTH_SECRET: "x".repeat(32) }).authSecret).toHaveLength(32);
  });

  it("refuses the published development AUTH_SECRET outside development", () => {
    const error = errorOf({ ...production, AUTH_SECRET: DEVELOPMENT_AUTH_SECRET });
    expect(error.variables).toEqual(["AUTH_SECRET"]);
    expect(parseConfig(development).authSecret).toBe(DEVELOPMENT_AUTH_SECRET);
  });

  it("requires AUTH_SECRET in development too: no secret is built into the code", () => {
    expect(errorOf({ ...development, AUTH_SECRET: undefined }).variables).toEqual(["AUTH_SECRET"]);
  });

  it("names every wrong variable at once", () => {
    const error = errorOf({ ENVIRONMENT: "production", ALLOWED_ORIGINS: "nope", ADMIN_EMAILS: "nope" });
    expect(error.variables.sort()).toEqual(["ADMIN_EMAILS", "ALLOWED_ORIGINS", "AUTH_SECRET", "RESEND_API_KEY"]);
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

describe("APP_NAME", () => {
  it("names the service on the sign-in pages: Edge Identity unless set, trimmed, 1 to 60 characters", () => {
    expect(parseConfig(development).appName).toBe("Edge Identity");
    expect(parseConfig({ ...development, APP_NAME: "  Acme Accounts " }).appName).toBe("Acme Accounts");
    expect(errorOf({ ...development, APP_NAME: "   " }).variables).toEqual(["APP_NAME"]);
    expect(errorOf({ ...development, APP_NAME: "x".repeat(61) }).variables).toEqual(["APP_NAME"]);
  });
});

describe("ISSUER_ORIGIN and PASSKEY_RP_ID", () => {
  it("leaves passkeys off without an origin", () => {
    expect(parseConfig(development).passkeys).toBeNull();
  });

  it("defaults the RP id to the origin's host", () => {
    const config = parseConfig({ ...development, ISSUER_ORIGIN: "https://id.example.com/" });
    expect(config.passkeys).toEqual({ origin: "https://id.example.com", rpId: "id.example.com" });
  });

  it("takes a parent domain as the RP id", () => {
    const config = parseConfig({
      ...development,
      ISSUER_ORIGIN: "https://id.example.com",
      PASSKEY_RP_ID: "Example.com",
    });
    expect(config.passkeys).toEqual({ origin: "https://id.example.com", rpId: "example.com" });
  });

  it("refuses an RP id that is not the origin's host or a parent of it", () => {
    for (const rpId of ["other.com", "ample.com", "x.id.example.com"]) {
      const env = { ...development, ISSUER_ORIGIN: "https://id.example.com", PASSKEY_RP_ID: rpId };
      expect(errorOf(env).variables).toEqual(["PASSKEY_RP_ID"]);
    }
  });

  it("refuses an RP id without an origin, and an origin that is not one", () => {
    expect(errorOf({ ...development, PASSKEY_RP_ID: "example.com" }).variables).toEqual(["PASSKEY_RP_ID"]);
    expect(errorOf({ ...development, ISSUER_ORIGIN: "id.example.com" }).variables).toEqual(["ISSUER_ORIGIN"]);
  });
});

describe("TERMS_* and PRIVACY_* (the consent step)", () => {
  it("asks for nothing when unset", () => {
    expect(parseConfig(development).requiredConsents).toEqual([]);
  });

  it("names each configured document with its version and address, terms first", () => {
    const config = parseConfig({
      ...development,
      PRIVACY_VERSION: "2026-03",
      PRIVACY_URL: "https://example.com/privacy",
      TERMS_VERSION: " 4 ",
      TERMS_URL: "https://example.com/terms",
    });
    expect(config.requiredConsents).toEqual([
      { document: "terms", version: "4", url: "https://example.com/terms" },
      { document: "privacy", version: "2026-03", url: "https://example.com/privacy" },
    ]);
  });

  it("refuses a version without its address, an address without its version, and an address that is not http(s)", () => {
    expect(errorOf({ ...development, TERMS_VERSION: "1" }).variables).toEqual(["TERMS_URL"]);
    expect(errorOf({ ...development, PRIVACY_URL: "https://example.com/p" }).variables).toEqual(["PRIVACY_VERSION"]);
    expect(errorOf({ ...development, TERMS_VERSION: "1", TERMS_URL: "javascript:alert(1)" }).variables).toEqual([
      "TERMS_URL",
    ]);
  });
});

describe("RETENTION_DAYS", () => {
  it("keeps the default table unless set, and overrides the rules it names", () => {
    expect(parseConfig(development).retention.ended_sessions).toBe(30);
    const config = parseConfig({ ...development, RETENTION_DAYS: "ended_sessions=14,platform_audit=730" });
    expect([config.retention.ended_sessions, config.retention.platform_audit]).toEqual([14, 730]);
  });

  it("refuses at start a period below its floor, an unknown rule, or a malformed value", () => {
    for (const value of ["deleted_accounts=1", "workspace_audit=30", "sessions=30", "ended_sessions"]) {
      const error = errorOf({ ...development, RETENTION_DAYS: value });
      expect(error.variables).toEqual(["RETENTION_DAYS"]);
      expect(error.message).toContain("RETENTION_DAYS: ");
    }
  });
});
