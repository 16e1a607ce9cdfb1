import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { unstable_readConfig } from "wrangler";

describe("the deployed configuration", () => {
  const config = unstable_readConfig({ config: "wrangler.toml" });

  it("is production: a plain wrangler deploy never serves the development mailbox", () => {
    expect(config.vars.ENVIRONMENT).toBe("production");
    expect(config.vars.ADMIN_EMAILS).toBe("");
  });

  it("keeps secrets out of the committed configuration", () => {
    expect(Object.keys(config.vars)).not.toContain("RESEND_API_KEY");
    expect(Object.keys(config.vars)).not.toContain("AUTH_SECRET");
    expect(readFileSync("wrangler.toml", "utf8")).not.toMatch(/re_[A-Za-z0-9]{10,}/);
  });

  it("has nodejs_compat, D1, R2, the SQLite Durable Objects and the routes the worker must see first", () => {
    expect(config.compatibility_flags).toContain("nodejs_compat");
    expect(config.d1_databases.map((d: { binding: string }) => d.binding)).toContain("DB");
    expect(config.r2_buckets.map((r: { binding: string }) => r.binding)).toContain("AVATARS");
    expect(config.migrations.flatMap((m: { new_sqlite_classes?: string[] }) => m.new_sqlite_classes ?? [])).toEqual(
      expect.arrayContaining(["Workspace", "RateLimitCounter"]),
    );
    expect(config.assets?.run_worker_first).toEqual(
      expect.arrayContaining([
        "/authorize",
        "/sign-in.css",
        "/token",
        "/password/*",
        "/code/*",
        "/passkey/*",
        "/.well-known/*",
        "/api/*",
        "/dev/*",
        // The upstream providers' pages (decision 0038): the start page's links, the link page and the callbacks.
        "/oidc/*",
        "/github/*",
        "/google/*",
      ]),
    );
  });

  it("builds the production bundle with wrangler deploy --dry-run", () => {
    const outdir = mkdtempSync(join(tmpdir(), "edge-identity-bundle-"));
    execFileSync("npx", ["wrangler", "deploy", "--dry-run", "--outdir", outdir], {
      stdio: "pipe",
      env: { ...process.env, WRANGLER_SEND_METRICS: "false" },
    });
    const files = readdirSync(outdir).filter((name) => !name.endsWith(".map"));
    expect(files).toContain("index.js");
    const bytes = files.map((name) => readFileSync(join(outdir, name))).reduce((sum, b) => sum + gzipSync(b).length, 0);
    console.log(`production bundle: ${(bytes / 1024).toFixed(1)} KiB gzip`);
    // The Workers free plan refuses a bundle over 3 MiB gzipped.
    expect(bytes).toBeLessThan(3 * 1024 * 1024);
  });
});
