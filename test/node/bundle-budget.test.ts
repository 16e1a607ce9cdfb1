import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
// @ts-expect-error: a plain .mjs script without type declarations
import { bundleSize } from "../../scripts/bundle-size.mjs";

/** Issue 23's budget for the production bundle: 400 KB of gzip, as scripts/bundle-size.mjs counts it. */
const BUDGET_GZIP_BYTES = 400_000;

/**
 * The production bundle stays within issue 23's 400 KB of gzip, and the cuts that brought it there (bench/README.md,
 * "Bundle") stay made: the build is minified, carries zod's English messages alone (wrangler.toml's alias), no Resend
 * SDK (decision 0039), no X.509 or Android attestation code and no OpenAuth DynamoDB storage (stand-ins, decision
 * 0040), and the common-password list front-coded.
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

  it("is at most 400 KB gzip", () => {
    expect(gzip).toBeLessThan(BUDGET_GZIP_BYTES);
  });

  it("holds the stand-ins, not the certificate, Android attestation and DynamoDB code they replace (decision 0040)", () => {
    const leftOut = ["@peculiar/x509", "reflect-metadata", "tsyringe", "@peculiar/asn1-android", "aws4fetch"];
    expect(inputs.filter((path) => leftOut.some((name) => path.includes(`/node_modules/${name}/`)))).toEqual([]);
    expect(
      inputs.filter((path) => /\/openauth\/dist\/esm\/storage\/dynamo\.js$|hono\/dist\/adapter\/aws-lambda/.test(path)),
    ).toEqual([]);
    expect(inputs).toEqual(
      expect.arrayContaining(["src/build/x509-left-out.ts", "src/build/openauth-aws-left-out.ts"]),
    );
    // The one library path that could reach X.509 is closed by reading every registration as attestation "none".
    expect(inputs).toContain("src/auth/passkey-attestation.ts");
  });

  it("carries the common-password list front-coded, not one entry per line", () => {
    const code = readFileSync(join(outdir, "index.js"), "utf8");
    expect(code.includes("password\n12345678\n")).toBe(false);
    expect(inputs).toContain("src/auth/front-coding.ts");
  });

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
