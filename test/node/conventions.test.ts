/** Conventions of the repository itself, checked on its files: each was broken once and found by a newcomer. */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "..", "..");
const SKIPPED = new Set(["node_modules", ".git", ".wrangler", "dist", "results"]);
const TEXT = /\.(ts|tsx|mjs|js|json|jsonc|toml|md|sql|html|css)$/;

/** Every text file of the repository (relative paths), without dependencies, build output and state. */
function repositoryFiles(dir = ROOT): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (SKIPPED.has(entry.name)) return [];
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return repositoryFiles(path);
    return TEXT.test(entry.name) ? [relative(ROOT, path)] : [];
  });
}

const read = (file: string) => readFileSync(join(ROOT, file), "utf8");
const THIS_FILE = relative(ROOT, import.meta.filename);

describe("the repository", () => {
  it("points nowhere outside itself: the contract is docs/api.md", () => {
    const outside = /\.\.\/shared|\/work\/shared|shared\/API\.md/;
    const offenders = repositoryFiles().filter((file) => file !== THIS_FILE && outside.test(read(file)));
    expect(offenders).toEqual([]);
    expect(read("docs/api.md")).toMatch(/^# HTTP contract/);
  });

  it("dates every decision record and gives it a status", () => {
    const records = readdirSync(join(ROOT, "docs", "decisions")).filter((name) => /^\d{4}-.+\.md$/.test(name));
    expect(records.length).toBeGreaterThan(0);
    for (const record of records) {
      const text = read(join("docs", "decisions", record));
      expect(text, record).toMatch(/^Date: \d{4}-\d{2}-\d{2}$/m);
      expect(text, record).toMatch(/^Status: (proposed|accepted|superseded by \d{4}|deprecated)$/m);
    }
  });

  it("defines the platform roles once", () => {
    const spelled = /["']user["'],\s*["']admin["']|["']admin["'],\s*["']user["']/;
    const offenders = repositoryFiles()
      .filter((file) => file.startsWith("src/") && !file.endsWith(".test.ts"))
      .filter((file) => spelled.test(read(file)));
    expect(offenders).toEqual(["src/users/platform-role.ts"]);
  });

  it("has Node tests that take free ports, never fixed ones", () => {
    const fixedPort = /\b(PORT\s*=\s*\d{2,5}|startDevServer\(\d+|localhost:\d{2,5})\b/;
    const offenders = repositoryFiles()
      .filter((file) => file.startsWith("test/node/") && file !== THIS_FILE)
      .filter((file) => fixedPort.test(read(file)));
    expect(offenders).toEqual([]);
  });
});
