import { cloudflareTest, readD1Migrations } from "@cloudflare/vitest-plugin";
import { defineConfig } from "vitest/config";
import { DEVELOPMENT_AUTH_SECRET } from "./src/config";
import { UPSTREAM_CLIENT_ID, upstreamIssuer, upstreamPort } from "./test/support/upstream-port";

/** The development values that `npm run dev` also applies; production keeps wrangler.toml's. */
export const DEVELOPMENT_VARS = {
  ENVIRONMENT: "development",
  ADMIN_EMAILS: "admin@example.com",
  AUTH_SECRET: DEVELOPMENT_AUTH_SECRET,
};

/** Loads .sql files as text, as wrangler's `[[rules]] type = "Text"` does in the real bundle. */
const sqlAsText = {
  name: "sql-as-text",
  transform(code: string, id: string) {
    return id.endsWith(".sql") ? { code: `export default ${JSON.stringify(code)};`, map: null } : undefined;
  },
};

export default defineConfig({
  test: {
    // OpenAuth's issuer logs every request ("<-- GET /authorize"); keep test output readable.
    onConsoleLog: (log) => !/^(<--|-->) /.test(log),
    projects: [
      {
        // Pure rules: plain functions over plain data.
        test: {
          name: "unit",
          include: ["src/**/*.test.ts", "web/src/**/*.test.ts", "packages/*/src/**/*.test.ts"],
          environment: "node",
        },
      },
      {
        // Node-side checks: deployed configuration, generated files, real clients against `npm run dev`.
        test: {
          name: "node",
          include: ["test/node/**/*.test.ts"],
          environment: "node",
          testTimeout: 120_000,
          hookTimeout: 180_000,
        },
      },
      {
        // Integration tests inside the Workers runtime: local D1, Durable Objects, R2.
        plugins: [
          sqlAsText,
          cloudflareTest(async () => ({
            main: "./src/index.ts",
            wrangler: { configPath: "./wrangler.toml" },
            miniflare: {
              bindings: {
                ...DEVELOPMENT_VARS,
                // The origin the tests reach the worker at (test/support/browser.ts): passkeys are checked against it.
                ISSUER_ORIGIN: "http://localhost",
                TEST_MIGRATIONS: await readD1Migrations("./migrations"),
                // Sign-in through an upstream (decision 0038): the local one test/support/upstream-setup.ts starts.
                CONNECT_OIDC_ISSUER: upstreamIssuer(await upstreamPort()),
                CONNECT_OIDC_CLIENT_ID: UPSTREAM_CLIENT_ID,
                CONNECT_OIDC_CLIENT_SECRET: "upstream-test-secret",
                CONNECT_TRUSTED_MFA: "oidc",
                // The property tests' size and seed (test/props/settings.ts, `npm run test:props`); empty: the CI run.
                PROPS_RUNS: process.env.PROPS_RUNS ?? "",
                PROPS_SEED: process.env.PROPS_SEED ?? "",
                PROPS_STEPS: process.env.PROPS_STEPS ?? "",
                PROPS_PATH: process.env.PROPS_PATH ?? "",
              },
              // Webhook deliveries reach a receiver the tests control and read (test/support/webhook-receiver-worker.js).
              outboundService: "webhook-receiver",
              serviceBindings: { WEBHOOK_RECEIVER: "webhook-receiver" },
              workers: [
                {
                  name: "webhook-receiver",
                  modules: true,
                  scriptPath: "./test/support/webhook-receiver-worker.js",
                  compatibilityDate: "2026-10-20",
                },
              ],
            },
          })),
        ],
        test: {
          name: "workers",
          // Sign-in tests hash passwords (scrypt, ~30 ms each) dozens of times; on a loaded 2-core machine 5 s is too
          // tight for the ones that repeat an attack 30 times. A hung test still fails, just later.
          testTimeout: 30_000,
          include: ["test/**/*.test.ts"],
          exclude: ["test/node/**"],
          setupFiles: ["./test/apply-migrations.ts"],
          globalSetup: ["./test/support/upstream-setup.ts"],
        },
      },
    ],
  },
});
