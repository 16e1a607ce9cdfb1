// The production bundle (gzip, against the 400 KB budget) and the web app's initial JavaScript, measured
// by the same functions `npm run build` and `npm run build:web` print with (scripts/bundle-size.mjs,
// scripts/web-bundle-size.mjs), on builds made into the bench's own folder.
import { spawnSync } from "node:child_process";
import { join, resolve } from "node:path";
import { unstable_readConfig } from "wrangler";
import { bundleSize } from "../scripts/bundle-size.mjs";
import { INITIAL_JS_BUDGET_BYTES, webAppJavaScript } from "../scripts/web-bundle-size.mjs";
import { bundle } from "./setup.mjs";

const root = resolve(import.meta.dirname, "..");
/** Issue 23's budget for the worker's production bundle, gzip: 400 KB, decimal (390.6 KiB). */
const WORKER_BUNDLE_BUDGET_BYTES = 400_000;

const kib = (bytes) => Math.round((bytes / 1024) * 10) / 10;

/**
 * `src/index.ts` bundled as `wrangler deploy` bundles it: setup.mjs's `bundle` takes wrangler.toml's settings that
 * change the bundle (minify, keep_names, the [alias] stand-ins, the .sql rule) and leaves out its assets, so a
 * missing web/dist cannot stop it.
 */
function workerBundle(workDir) {
  const config = unstable_readConfig({ config: join(root, "wrangler.toml") });
  const { modulesRoot: outDir } = bundle(config, workDir, join(root, "src", "index.ts"));
  const { raw, gzip } = bundleSize(outDir);
  return {
    raw_kib: kib(raw),
    gzip_kib: kib(gzip),
    gzip_bytes: gzip,
    gzip_kb: Math.round(gzip / 100) / 10,
    budget_kb: WORKER_BUNDLE_BUDGET_BYTES / 1000,
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
    `\nproduction bundle: ${worker.gzip_kb} KB gzip (${worker.gzip_kib} KiB; ${worker.raw_kib} KiB raw), ${verdict(worker.within)} the ${worker.budget_kb} KB budget`,
  );
  console.log(
    `web app: initial JavaScript ${web.initial_gzip_kib} KiB gzip in ${web.initial_files} files, ${verdict(web.within)} its ${web.budget_kib} KiB budget; ${web.on_demand_files} pages on demand, ${web.on_demand_gzip_kib} KiB gzip together`,
  );
}
