import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
// @ts-expect-error: a plain .mjs script without type declarations
import { bundleSize } from "../../scripts/bundle-size.mjs";

/**
 * Issue 23's cuts to the production bundle (bench/README.md, "Bundle") stay made: the build is minified, carries
 * zod's English messages alone (wrangler.toml's alias) and no Resend SDK (decision 0039). The budget itself (400 KB
 * gzip) is not met yet: the README says what is left; its line belongs here once it is.
 */
describe("the production bundle", () => {
  const work = mkdtempSync(join(tmpdir(), "edge-identity-budget-"));
  const outdir = join(work, "out");
  const metafile = join(work, "meta.json");
  execFileSync("npx", ["wrangler", "deploy", "--dry-run", "--outdir", outdir, "--metafile", metafile], {
    stdio: "pipe",
    env: { ...process.env, WRANGLER_SEND_METRICS: "false" },
  });
  const inputs = Object.keys(JSON.parse(readFileSync(metafile, "utf8")).inputs as Record<string, unknown>);
  const { raw, gzip } = bundleSize(outdir) as { raw: number; gzip: number };
  console.log(`production bundle: ${(raw / 1024).toFixed(1)} KiB raw, ${(gzip / 1024).toFixed(1)} KiB gzip`);

  it("holds zod's English messages and no other language", () => {
    const locales = inputs.filter((path) => /\/zod\/v4\/locales\//.test(path)).map((path) => path.split("/").at(-1));
    expect(locales).toEqual(["en.js"]);
  });

  it("sends mail without the Resend SDK and what it brings", () => {
    const packages = ["resend", "postal-mime", "standardwebhooks"];
    expect(inputs.filter((path) => packages.some((name) => path.includes(`/node_modules/${name}/`)))).toEqual([]);
  });

  it("is minified, with the names of classes and functions kept", () => {
    const code = readFileSync(join(outdir, "index.js"), "utf8");
    // An unminified esbuild bundle opens each input with a `// <path>` line and is about twice the size.
    // (Booleans, not matchers: a failure would print the whole bundle.)
    expect(/^\/\/ node_modules\//m.test(code)).toBe(false);
    expect(raw).toBeLessThan(1.6 * 1024 * 1024);
    // keep_names: esbuild names each minified class and function back (`static{i(this,"Workspace")}`).
    for (const name of ["Workspace", "Account", "MailDeliveryError"])
      expect(code.includes(`(this,"${name}")`)).toBe(true);
  });
});
