/**
 * The README's configuration table names every variable and secret the service reads, and its bindings line every
 * binding: an operator deploying it learns what to set from the README alone (issue 16). The names are gathered
 * from every place that declares one, so a variable added anywhere without a README row fails here.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { unstable_readConfig } from "wrangler";

const readme = readFileSync("README.md", "utf8");
const configuration = /\n## Configuration\n([\s\S]*?)\n## /.exec(readme)?.[1] ?? "";

/** The names in the first column of the configuration section's table. */
function tableNames(): string[] {
  return [...configuration.matchAll(/^\|\s*`([A-Z][A-Z0-9_]*)`\s*\|/gm)].map((match) => match[1] ?? "");
}

/** The keys of src/config.ts's EnvSchema: every variable the service parses. */
function parsedVariables(): string[] {
  const source = readFileSync("src/config.ts", "utf8");
  const schema = /const EnvSchema = z\.object\(\{([\s\S]*?)\n\}\);/.exec(source)?.[1] ?? "";
  return [...schema.matchAll(/^ {2}([A-Z][A-Z0-9_]*):/gm)].map((match) => match[1] ?? "");
}

/** Files under a folder, tests left out. */
function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.ts$/.test(name) && !/\.test\.ts$/.test(name) ? [path] : [];
  });
}

/** `env.NAME` anywhere in src/ (the objects and index read a few directly), bindings left out. */
function variablesReadInSource(bindings: ReadonlySet<string>): string[] {
  const names = sourceFiles("src").flatMap((path) =>
    [...readFileSync(path, "utf8").matchAll(/\benv\.([A-Z][A-Z0-9_]*)\b/g)].map((match) => match[1] ?? ""),
  );
  return [...new Set(names)].filter((name) => !bindings.has(name));
}

/** worker-configuration.d.ts's generated Env: its string members are variables, the others bindings. */
function generatedEnv(): { variables: string[]; bindings: string[] } {
  const source = readFileSync("worker-configuration.d.ts", "utf8");
  const body = /interface __BaseEnv_Env \{([\s\S]*?)\n\}/.exec(source)?.[1] ?? "";
  const members = [...body.matchAll(/^\s*([A-Z][A-Z0-9_]*): ([^;]+);/gm)].map((m) => ({
    name: m[1] ?? "",
    type: m[2],
  }));
  return {
    variables: members.filter((m) => m.type === "string").map((m) => m.name),
    bindings: members.filter((m) => m.type !== "string").map((m) => m.name),
  };
}

/** Commented `# NAME=` lines of .dev.vars.example: the secrets a developer may set. */
function exampleSecrets(): string[] {
  const source = readFileSync(".dev.vars.example", "utf8");
  return [...source.matchAll(/^#?\s*([A-Z][A-Z0-9_]*)=/gm)].map((match) => match[1] ?? "");
}

describe("the README's configuration table", () => {
  const generated = generatedEnv();
  const named = tableNames();

  it("is found, with rows", () => {
    expect(named.length).toBeGreaterThan(3);
  });

  it("names every variable src/config.ts parses", () => {
    const parsed = parsedVariables();
    expect(parsed).toEqual(expect.arrayContaining(["ENVIRONMENT", "AUTH_SECRET"]));
    expect(parsed.filter((name) => !named.includes(name))).toEqual([]);
  });

  it("names every [vars] entry of wrangler.toml and every variable of the generated Env", () => {
    const vars = Object.keys(unstable_readConfig({ config: "wrangler.toml" }).vars);
    expect(vars.length).toBeGreaterThan(0);
    expect([...vars, ...generated.variables].filter((name) => !named.includes(name))).toEqual([]);
  });

  it("names every secret of .dev.vars.example and every variable read directly in src/", () => {
    const read = variablesReadInSource(new Set(generated.bindings));
    expect([...exampleSecrets(), ...read].filter((name) => !named.includes(name))).toEqual([]);
  });

  it("names no variable the service does not read", () => {
    const known = new Set([...parsedVariables(), ...generated.variables]);
    expect(named.filter((name) => !known.has(name))).toEqual([]);
  });

  it("lists every binding", () => {
    const line = /^Bindings:[\s\S]*$/m.exec(configuration)?.[0] ?? "";
    expect(generated.bindings.length).toBeGreaterThan(3);
    expect(generated.bindings.filter((name) => !line.includes(`\`${name}\``))).toEqual([]);
  });
});
