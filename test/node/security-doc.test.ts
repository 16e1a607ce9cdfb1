/**
 * docs/security.md names, for each threat, the tests that cover it as `path` › "test name". A renamed or deleted
 * test would leave the document claiming a proof that is gone: every file it names must exist and every test name
 * must be declared in that file, by name.
 */
import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

/** A path from the repository's root, as a file-system path (the Workers types' URL is not Node's). */
const fromRoot = (file: string) => new URL(`../../${file}`, import.meta.url).pathname;
const DOCUMENT = readFileSync(fromRoot("docs/security.md"), "utf8");

/** `path` › "name": a test file and one test in it. */
const TEST_REFERENCE = /`((?:test|src)\/[^`]+\.test\.ts)` › "([^"]+)"/g;
/** Any test file the document names, with or without a test name. */
const FILE_REFERENCE = /`((?:test|src)\/[^`\s]+\.test\.ts)`/g;

function referencedTests(markdown: string): { file: string; name: string }[] {
  return [...markdown.matchAll(TEST_REFERENCE)].map((match) => ({ file: match[1] ?? "", name: match[2] ?? "" }));
}

/** Whether `source` declares a test (or describe) called exactly `name`. */
function declaresTest(source: string, name: string): boolean {
  return [`it("${name}"`, `test("${name}"`, `describe("${name}"`].some((opening) => source.includes(opening));
}

describe("docs/security.md", () => {
  const tests = referencedTests(DOCUMENT);

  it("names tests for its threats (the parser finds them)", () => {
    expect(tests.length).toBeGreaterThan(60);
  });

  it("names only test files that exist", () => {
    const files = [...new Set([...DOCUMENT.matchAll(FILE_REFERENCE)].map((match) => match[1] ?? ""))];
    expect(files.filter((file) => !existsSync(fromRoot(file)))).toEqual([]);
  });

  it("names only tests that exist, in the file it gives", () => {
    const missing = tests.filter(({ file, name }) => {
      const path = fromRoot(file);
      return !existsSync(path) || !declaresTest(readFileSync(path, "utf8"), name);
    });
    expect(missing.map(({ file, name }) => `${file} › ${name}`)).toEqual([]);
  });

  it("cites an ASVS 5.0 requirement, section or chapter for every threat", () => {
    const rows = DOCUMENT.split("\n").filter((line) => line.startsWith("| ") && !/^\| (Threat|---)/.test(line));
    const uncited = rows.filter((row) => !/\bV\d{1,2}(\.\d+){0,2}\b/.test(row.split("|").at(-2) ?? ""));
    expect(rows.length).toBeGreaterThan(15);
    expect(uncited).toEqual([]);
  });

  it("tells a name that is declared from one that is only mentioned", () => {
    expect(declaresTest('it("refuses a tampered token", async () => {', "refuses a tampered token")).toBe(true);
    expect(declaresTest('// see "refuses a tampered token"', "refuses a tampered token")).toBe(false);
    expect(declaresTest('it("refuses a tampered token twice"', "refuses a tampered token")).toBe(false);
  });
});
