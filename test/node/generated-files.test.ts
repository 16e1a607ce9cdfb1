import { execFileSync } from "node:child_process";
import { cpSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
// @ts-expect-error: a plain .mjs script without type declarations
import { GENERATED_PATH, generatedSource } from "../../scripts/passkey-browser-bundle.mjs";

/** Runs drizzle-kit generate against a copy of the migrations: it must find nothing to add. */
function pendingSchemaChanges(schema: string, out: string): string[] {
  const copy = mkdtempSync(join(tmpdir(), "edge-identity-migrations-"));
  cpSync(out, copy, { recursive: true });
  const before = new Set(readdirSync(copy));
  // drizzle-kit prefixes "./" to --out, so it must be relative; it also exits 0 on some errors, hence the output check.
  const output = execFileSync(
    "npx",
    ["drizzle-kit", "generate", "--dialect", "sqlite", "--schema", schema, "--out", relative(process.cwd(), copy)],
    { encoding: "utf8", stdio: "pipe" },
  );
  const added = readdirSync(copy).filter((name) => !before.has(name));
  if (added.length === 0 && !/No schema changes/i.test(output))
    throw new Error(`drizzle-kit generate failed:\n${output}`);
  return added;
}

describe("generated files", () => {
  it("worker-configuration.d.ts matches wrangler.toml (run `npm run types` after changing it)", () => {
    const run = () => execFileSync("npx", ["wrangler", "types", "--strict-vars=false", "--check"], { stdio: "pipe" });
    expect(run).not.toThrow();
  });

  it("D1 migrations match the drizzle schema (run `npm run db:generate` after changing it)", () => {
    expect(pendingSchemaChanges("./src/d1-schema.ts", "./migrations")).toEqual([]);
  });

  it("Workspace migrations match its drizzle schema (run `npm run db:generate` after changing it)", () => {
    expect(pendingSchemaChanges("./src/workspace/schema.ts", "./src/workspace/migrations")).toEqual([]);
    expect(pendingSchemaChanges("./src/account/schema.ts", "./src/account/migrations")).toEqual([]);
    expect(pendingSchemaChanges("./src/webhooks/endpoint-schema.ts", "./src/webhooks/migrations")).toEqual([]);
  });

  it("the sign-in pages' copy of @simplewebauthn/browser is current (run `npm run passkey:bundle` after updating it)", () => {
    expect(readFileSync(GENERATED_PATH, "utf8")).toBe(generatedSource());
  });
});
