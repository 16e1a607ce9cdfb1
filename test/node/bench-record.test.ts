import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
// @ts-expect-error: a plain .mjs script without type declarations
import { blockOf, LATEST, renderLatest, renderSummary, SUMMARY } from "../../bench/readme-table.mjs";

/**
 * Issue 23: the bench runs everything in under 10 minutes and writes `bench/results/latest.json` and the README's
 * table with the peer's numbers. This holds the committed record to that: a full plan's run, every part present, the
 * README's block exactly what the JSON renders to (so nobody edits one without the other).
 */
const root = join(import.meta.dirname, "..", "..");
const report = JSON.parse(readFileSync(join(root, "bench", "results", "latest.json"), "utf8"));
const benchReadme = readFileSync(join(root, "bench", "README.md"), "utf8");
const projectReadme = readFileSync(join(root, "README.md"), "utf8");

describe("the bench's committed record", () => {
  it("is a full run that took under 10 minutes", () => {
    expect(report.plan).toMatchObject({ concurrencies: [4, 1], rounds: 5, windowMs: 2000 });
    expect(report.total_seconds).toBeGreaterThan(0);
    expect(report.total_seconds).toBeLessThan(600);
  });

  it("carries every part the issue asks for, the peer's numbers among them", () => {
    const routes = new Set(report.results.map((row: { route: string }) => row.route));
    for (const route of ["health", "permissions (11 members)", "permissions (100001 members)"])
      expect(routes).toContain(route);
    for (const route of ["better-auth (11 members)", "better-auth (100001 members)"]) expect(routes).toContain(route);
    expect(report.versus_peer).toHaveLength(4);
    for (const part of ["webhooks", "live", "sign_ins", "cold_starts", "sizes"]) expect(report).toHaveProperty(part);
  });

  it("is what bench/README.md and the project README show between their markers", () => {
    expect(blockOf(benchReadme, LATEST)).toBe(renderLatest(report));
    expect(blockOf(projectReadme, SUMMARY)).toBe(renderSummary(report));
  });
});
