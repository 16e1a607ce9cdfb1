/**
 * The dependency direction of DESIGN and docs/storage.md, checked on the source: `lib/` imports nothing of ours
 * outside it; the pure rule modules import no bindings, no Hono, no drizzle and nothing of the HTTP layer or the
 * objects' storage; the Durable Objects' folders never import the HTTP layer. Imports are read with a regular
 * expression (static, re-exports, side effects and dynamic `import()`), which is enough for code biome formats.
 * Also: no source file over 400 lines (decision 0023).
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = join(import.meta.dirname, "..", "..");

/**
 * Pure rules: plain functions over plain data, each with its unit test beside it. When a new one gets a `.test.ts`,
 * add it here. Not listed: config.ts (reads the environment by design), users/preferences.ts (its zod schema carries
 * the API's OpenAPI metadata), lib/ (its own, stricter rule).
 */
const PURE_RULE_MODULES = [
  "src/account/deletion-rules.ts",
  "src/account/passkey-rules.ts",
  "src/account/session-rules.ts",
  "src/account/two-factor.ts",
  "src/auth/connections/connection-rules.ts",
  "src/auth/connections/upstream-config.ts",
  "src/auth/email-code-rules.ts",
  "src/auth/issuer-cookies.ts",
  "src/auth/password-hash.ts",
  "src/auth/password-policy.ts",
  "src/auth/providers/password/register-step.ts",
  "src/auth/providers/password/reset-step.ts",
  "src/auth/providers/password/sign-in-step.ts",
  "src/auth/redirects.ts",
  "src/auth/service-keys.ts",
  "src/auth/sign-in-errors.ts",
  "src/auth/token-policy.ts",
  "src/http/allowed-methods.ts",
  "src/oidc/claims.ts",
  "src/oidc/client-rules.ts",
  "src/oidc/key-rotation.ts",
  "src/ratelimit/sliding-window.ts",
  "src/users/image-type.ts",
  "src/users/last-admin.ts",
  "src/users/platform-role.ts",
  "src/users/search-prefix.ts",
  "src/users/user-status.ts",
  "src/workspace/forget.ts",
  "src/workspace/invitations.ts",
  "src/workspace/nominations.ts",
  "src/workspace/outbox.ts",
  "src/workspace/personal-data.ts",
  "src/workspace/roles.ts",
  "src/workspace/share-links.ts",
  "src/webhooks/events.ts",
  "src/webhooks/schedule.ts",
  "src/webhooks/signature.ts",
  "src/webhooks/url-safety.ts",
];

/** Packages a pure rule never imports, even for types: the runtime, the web framework, the database layer. */
const IMPURE_PACKAGE = /^(cloudflare:|hono($|\/)|@hono\/|drizzle-orm($|\/)|@cloudflare\/)/;

/** Our modules a pure rule never imports at run time: bindings, the HTTP layer, the objects and their storage. */
const IMPURE_MODULE =
  /^src\/(index|services|config|app-env|maintenance)\.ts$|^src\/(api|http|dev)\/|^src\/workspace\/(store\/|workspace\.ts|delivery\.ts|directory\.ts|.*-commands\.ts)|^src\/account\/(account|store|purge|stub|standing|deletion)\.ts$|^src\/users\/(repository|directory)\.ts$|^src\/mail\/(resend|background|dev-mailbox)\.ts$/;

const MAX_SOURCE_LINES = 400;
/** Data, not code: the common-password list and the generated migration bundles. */
const LINE_LIMIT_EXCEPTIONS = /^src\/auth\/common-passwords\.ts$|\/migrations\//;

interface Import {
  /** What the file wrote. */
  specifier: string;
  /** Our module it names (repository-relative path), or null for a package. */
  target: string | null;
  typeOnly: boolean;
}

function sourceFiles(dir = join(ROOT, "src")): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith(".ts") ? [relative(ROOT, path)] : [];
  });
}

/** The file a relative specifier names, as TypeScript resolves it here (`x` → `x.ts` or `x/index.ts`). */
function resolveOurs(fromFile: string, specifier: string): string {
  const base = join(dirname(fromFile), specifier);
  for (const candidate of [`${base}.ts`, join(base, "index.ts"), base]) {
    if (existsSync(join(ROOT, candidate))) return candidate;
  }
  return base;
}

const STATIC_IMPORT = /(?:^|\n)\s*(import|export)(\s+type)?\s[^"'`;]*?\sfrom\s*["']([^"']+)["']/g;
const SIDE_EFFECT_IMPORT = /(?:^|\n)\s*import\s*["']([^"']+)["']/g;
const DYNAMIC_IMPORT = /\bimport\(\s*["']([^"']+)["']\s*\)/g;

function importsOf(file: string, text = readFileSync(join(ROOT, file), "utf8")): Import[] {
  const found: Array<{ specifier: string; typeOnly: boolean }> = [];
  for (const match of text.matchAll(STATIC_IMPORT)) found.push({ specifier: match[3] ?? "", typeOnly: !!match[2] });
  for (const match of text.matchAll(SIDE_EFFECT_IMPORT)) found.push({ specifier: match[1] ?? "", typeOnly: false });
  for (const match of text.matchAll(DYNAMIC_IMPORT)) found.push({ specifier: match[1] ?? "", typeOnly: false });
  return found.map(({ specifier, typeOnly }) => ({
    specifier,
    typeOnly,
    target: specifier.startsWith(".") ? resolveOurs(file, specifier) : null,
  }));
}

/** "file imports specifier" for every import of `files` that `isWrong` flags. */
function offenders(files: readonly string[], isWrong: (file: string, imported: Import) => boolean): string[] {
  return files.flatMap((file) =>
    importsOf(file)
      .filter((imported) => isWrong(file, imported))
      .map((imported) => `${file} imports ${imported.specifier}`),
  );
}

const FILES = sourceFiles();

describe("the import direction", () => {
  it("reads imports the way they are written (the checker itself)", () => {
    const text = [
      'import { a } from "./a";',
      'import type {\n  B,\n  C,\n} from "../b/c";',
      'export * from "./d";',
      'import "./e";',
      'const f = await import("hono");',
    ].join("\n");
    const found = importsOf("src/workspace/x.ts", text).map((i) => `${i.typeOnly ? "type " : ""}${i.specifier}`);
    expect(found.sort()).toEqual(["./a", "./d", "./e", "hono", "type ../b/c"]);
  });

  it("finds the source it checks", () => {
    for (const module of PURE_RULE_MODULES) expect(FILES, module).toContain(module);
    expect(FILES.filter((file) => file.startsWith("src/lib/")).length).toBeGreaterThan(5);
  });

  it("lib/ imports nothing of ours outside lib/", () => {
    const lib = FILES.filter((file) => file.startsWith("src/lib/"));
    const outside = offenders(
      lib,
      (_, imported) => imported.target !== null && !imported.target.startsWith("src/lib/"),
    );
    expect(outside).toEqual([]);
  });

  it("pure rule modules import no runtime, Hono, drizzle, HTTP layer, object or storage module", () => {
    const impure = offenders(PURE_RULE_MODULES, (_, imported) =>
      imported.target === null
        ? IMPURE_PACKAGE.test(imported.specifier)
        : !imported.typeOnly && IMPURE_MODULE.test(imported.target),
    );
    expect(impure).toEqual([]);
  });

  it("the Durable Objects' folders (workspace/, account/) never import the HTTP layer (api/, http/)", () => {
    const objects = FILES.filter((file) => file.startsWith("src/workspace/") || file.startsWith("src/account/"));
    const upward = offenders(
      objects,
      (_, imported) => imported.target !== null && /^src\/(api|http)\//.test(imported.target),
    );
    expect(upward).toEqual([]);
  });
});

/** The web app's own files (web/src), which may borrow plain modules of the server's. */
function webFiles(dir = join(ROOT, "web", "src")): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return webFiles(path);
    return /\.tsx?$/.test(entry.name) && !entry.name.endsWith(".test.ts") ? [relative(ROOT, path)] : [];
  });
}

/** Every module of ours that `start` reaches through run-time imports, `start` included. */
function reachedFrom(start: readonly string[]): string[] {
  const seen = new Set<string>();
  const queue = [...start];
  for (let file = queue.pop(); file !== undefined; file = queue.pop()) {
    if (seen.has(file) || !existsSync(join(ROOT, file))) continue;
    seen.add(file);
    for (const imported of importsOf(file)) if (imported.target && !imported.typeOnly) queue.push(imported.target);
  }
  return [...seen];
}

describe("the web app's borrowing from the server", () => {
  it("reaches no runtime, Node, Hono or drizzle module through what it imports from src/ (the browser gets none)", () => {
    const borrowed = webFiles().flatMap((file) =>
      importsOf(file).flatMap((imported) =>
        imported.target?.startsWith("src/") && !imported.typeOnly ? [imported.target] : [],
      ),
    );
    expect(borrowed.length).toBeGreaterThan(5);
    const serverOnly = offenders(reachedFrom(borrowed), (_, imported) =>
      imported.target === null
        ? !imported.typeOnly && (IMPURE_PACKAGE.test(imported.specifier) || imported.specifier.startsWith("node:"))
        : false,
    );
    expect(serverOnly).toEqual([]);
  });
});

describe("source files", () => {
  it(`stay under ${MAX_SOURCE_LINES} lines, split by concern when they grow`, () => {
    const long = FILES.filter((file) => !LINE_LIMIT_EXCEPTIONS.test(file))
      .map((file) => ({ file, lines: readFileSync(join(ROOT, file), "utf8").split("\n").length }))
      .filter(({ lines }) => lines > MAX_SOURCE_LINES)
      .map(({ file, lines }) => `${file}: ${lines} lines`);
    expect(long).toEqual([]);
  });
});
