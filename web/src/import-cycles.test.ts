/**
 * No module of the web app imports itself back through others, type-only imports included: a loop ties modules
 * that should stand apart (a page and the tabs it loads lazily once shared a type this way), and makes the bundler's
 * evaluation order matter. Lazy `import()` calls are not edges: they are how a page loads its parts on demand.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = import.meta.dirname;
const STATIC_IMPORT = /^\s*(?:import|export)\s[^;]*?\sfrom\s+["'](\.{1,2}\/[^"']+)["']/gm;

function sourceFiles(directory: string): string[] {
  return readdirSync(directory).flatMap((name) => {
    const path = join(directory, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(name) && !/\.(test|d)\.tsx?$/.test(name) ? [path] : [];
  });
}

function resolveImport(from: string, specifier: string): string | null {
  const base = resolve(dirname(from), specifier);
  const candidates = [base, `${base}.ts`, `${base}.tsx`, join(base, "index.ts"), join(base, "index.tsx")];
  return candidates.find((path) => existsSync(path) && statSync(path).isFile()) ?? null;
}

/** Each module's static imports of other modules of the app. */
function importGraph(files: string[]): Map<string, string[]> {
  const inApp = new Set(files);
  return new Map(
    files.map((file) => {
      const targets = [...readFileSync(file, "utf8").matchAll(STATIC_IMPORT)]
        .map((match) => resolveImport(file, match[1] as string))
        .filter((target): target is string => target !== null && inApp.has(target));
      return [file, targets];
    }),
  );
}

/** The first loop found, as the modules along it; null when there is none. */
function findCycle(graph: Map<string, string[]>): string[] | null {
  const done = new Set<string>();
  const path: string[] = [];
  const visit = (file: string): string[] | null => {
    const open = path.indexOf(file);
    if (open >= 0) return [...path.slice(open), file];
    if (done.has(file)) return null;
    path.push(file);
    for (const target of graph.get(file) ?? []) {
      const cycle = visit(target);
      if (cycle) return cycle;
    }
    path.pop();
    done.add(file);
    return null;
  };
  for (const file of graph.keys()) {
    const cycle = visit(file);
    if (cycle) return cycle;
  }
  return null;
}

describe("the web app's imports", () => {
  it("form no loop, type-only imports included", () => {
    const cycle = findCycle(importGraph(sourceFiles(ROOT)));
    expect(cycle?.map((file) => relative(ROOT, file)) ?? null).toBeNull();
  });

  it("are all seen by this check (the pattern still finds imports)", () => {
    const graph = importGraph(sourceFiles(ROOT));
    expect(graph.get(join(ROOT, "workspaces", "Workspace.tsx"))).toContain(join(ROOT, "workspaces", "Ownership.tsx"));
  });
});
