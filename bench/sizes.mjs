// The production bundle (gzip, against the 400 KB budget) and the web app's initial JavaScript, measured
// by the same functions `npm run build` and `npm run build:web` print with (scripts/bundle-size.mjs,
// scripts/web-bundle-size.mjs), on builds made into the bench's own folder.
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { unstable_readConfig } from "wrangler";
import { bundleSize } from "../scripts/bundle-size.mjs";
import { INITIAL_JS_BUDGET_BYTES, webAppJavaScript } from "../scripts/web-bundle-size.mjs";

const root = resolve(import.meta.dirname, "..");
/** Issue 23's budget for the worker's production bundle: 400 KB of gzip, as test/node/bundle-budget.test.ts holds it. */
const WORKER_BUNDLE_BUDGET_BYTES = 400_000;

const kib = (bytes) => Math.round((bytes / 1024) * 10) / 10;

/**
 * `src/index.ts` bundled as `wrangler deploy` bundles it: the production settings that change the bundle (minify,
 * keep_names, the [alias] stand-ins, the .sql rule) from wrangler.toml, without its assets, so a missing web/dist
 * cannot stop it. The alias targets become absolute: wrangler reads them relative to the config, which is written
 * into the bench's folder. (setup.mjs's `bundle` is for the bench's own workers and leaves these out.)
 */
function workerBundle(workDir) {
  const config = unstable_readConfig({ config: join(root, "wrangler.toml") });
  const alias = Object.fromEntries(
    Object.entries(config.alias ?? {}).map(([from, to]) => [from, to.startsWith(".") ? resolve(root, to) : to]),
  );
  const productionConfig = join(workDir, "wrangler-production-size.json");
  writeFileSync(
    productionConfig,
    JSON.stringify({
      name: "edge-identity-size",
      main: join(root, "src", "index.ts"),
      compatibility_date: config.compatibility_date,
      compatibility_flags: config.compatibility_flags,
      rules: config.rules,
      minify: config.minify,
      keep_names: config.keep_names,
      alias,
    }),
  );
  const outDir = join(workDir, "out-production-size");
  const wrangler = join(root, "node_modules", "wrangler", "bin", "wrangler.js");
  const result = spawnSync(
    process.execPath,
    [wrangler, "deploy", "--dry-run", "--outdir", outDir, "--config", productionConfig],
    {
      cwd: root,
      encoding: "utf8",
      env: { ...process.env, WRANGLER_SEND_METRICS: "false", WRANGLER_HIDE_BANNER: "true" },
    },
  );
  if (result.status !== 0) throw new Error(`wrangler bundle failed:\n${result.stdout}\n${result.stderr}`);
  const { raw, gzip } = bundleSize(outDir);
  return {
    raw_kib: kib(raw),
    gzip_kib: kib(gzip),
    gzip_bytes: gzip,
    budget_bytes: WORKER_BUNDLE_BUDGET_BYTES,
    budget_kib: kib(WORKER_BUNDLE_BUDGET_BYTES),
    within: gzip < WORKER_BUNDLE_BUDGET_BYTES,
  };
}

/** `vite build web` into the bench's folder, then the entry script and its preloads as index.html names them. */
function webApp(workDir) {
  const outDir = join(workDir, "web-dist");
  const vite = join(root, "node_modules", "vite", "bin", "vite.js");
  const result = spawnSync(
    process.execPath,
    [vite, "build", "web", "--outDir", outDir, "--emptyOutDir", "--logLevel", "warn"],
    {
      cwd: root,
      encoding: "utf8",
    },
  );
  if (result.status !== 0) throw new Error(`vite build failed:\n${result.stdout}\n${result.stderr}`);
  const sizes = webAppJavaScript(outDir);
  if (sizes.initialFiles === 0) throw new Error("the web app's index.html names no entry script");
  return {
    initial_gzip_kib: kib(sizes.initialGzip),
    initial_files: sizes.initialFiles,
    budget_kib: kib(INITIAL_JS_BUDGET_BYTES),
    within: sizes.initialGzip <= INITIAL_JS_BUDGET_BYTES,
    on_demand_files: sizes.lazyFiles,
    on_demand_gzip_kib: kib(sizes.lazyGzip),
  };
}

export function measureSizes(workDir) {
  return { worker_bundle: workerBundle(workDir), web_app: webApp(workDir) };
}

export function printSizes({ worker_bundle: worker, web_app: web }) {
  const verdict = (within) => (within ? "within" : "OVER");
  console.log(
    `\nproduction bundle: ${worker.gzip_bytes} bytes gzip (${worker.gzip_kib} KiB; ${worker.raw_kib} KiB raw), ${verdict(worker.within)} the budget of ${worker.budget_bytes} bytes`,
  );
  console.log(
    `web app: initial JavaScript ${web.initial_gzip_kib} KiB gzip in ${web.initial_files} files, ${verdict(web.within)} its ${web.budget_kib} KiB budget; ${web.on_demand_files} pages on demand, ${web.on_demand_gzip_kib} KiB gzip together`,
  );
}
