// What each dependency costs in the worker's production bundle (bench/README.md, "Bundle"):
//   npm run bundle:costs                                  bundles into a temporary folder, then reports
//   node scripts/bundle-costs.mjs <outdir> <metafile>     reports on a `wrangler deploy --dry-run --metafile` output
// The production bundle is minified (wrangler.toml), which leaves no file markers to split it by: the split is made
// on an unminified build (--no-minify) and its shares are also scaled to the minified bundle's gzip.
// Bytes come from esbuild's metafile (bytesInOutput per input file), grouped by package (our code by src/ folder).
// Gzip is each group's code compressed alone: gzip is not additive, so the groups' sum is above the whole bundle's
// gzip; the share column scales each group to the whole. A package no dependency of ours names directly is shown
// with the package that imports it ("via").
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

/** The bundle to read: the folder and metafile named, or a fresh dry run's (the metafile kept outside the folder). */
function bundleFiles() {
  const [dir, metafile] = process.argv.slice(2);
  if (dir && metafile) return { dir, metafile };
  const work = mkdtempSync(join(tmpdir(), "bundle-costs-"));
  const fresh = { dir: join(work, "out"), metafile: join(work, "meta.json"), production: join(work, "production") };
  const build = (...args) =>
    execFileSync("npx", ["wrangler", "deploy", "--dry-run", ...args], { stdio: ["ignore", "ignore", "inherit"] });
  build("--no-minify", "--outdir", fresh.dir, "--metafile", fresh.metafile);
  build("--outdir", fresh.production);
  return fresh;
}

const { dir, metafile: metafilePath, production } = bundleFiles();
const meta = JSON.parse(readFileSync(metafilePath, "utf8"));
const bundle = readFileSync(join(dir, "index.js"), "utf8");
const direct = new Set(Object.keys(JSON.parse(readFileSync("package.json", "utf8")).dependencies));

/** The package (or our src/ folder) an input file belongs to. */
function groupOf(path) {
  const inPackage = /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)\/(?!.*node_modules\/)/.exec(path);
  if (inPackage) return inPackage[1];
  const ours = /^src\/([^/]+)\//.exec(path);
  if (ours) return `src/${ours[1]}`;
  return path.startsWith("src/") ? "src (top level)" : "other (esbuild runtime, .sql text)";
}

const output = Object.values(meta.outputs).find((o) => o.entryPoint);
const raw = new Map();
for (const [path, { bytesInOutput }] of Object.entries(output.inputs)) {
  const group = groupOf(path);
  raw.set(group, (raw.get(group) ?? 0) + bytesInOutput);
}

// esbuild (not minified) opens each input's code with a `// <path>` line: split the bundle there.
const code = new Map();
let current = "other (esbuild runtime, .sql text)";
for (const line of bundle.split("\n")) {
  const marker = /^\/\/ (\S+)$/.exec(line);
  if (marker && meta.inputs[marker[1]]) current = groupOf(marker[1]);
  code.set(current, `${code.get(current) ?? ""}${line}\n`);
}

/** For a package we do not name: the groups whose files import it. */
function importersOf(group) {
  const importers = new Set();
  for (const [path, input] of Object.entries(meta.inputs)) {
    if (groupOf(path) === group) continue;
    if (input.imports.some((i) => groupOf(i.path) === group)) importers.add(groupOf(path));
  }
  return [...importers].join(", ");
}

const gzipOf = (text) => gzipSync(Buffer.from(text), { level: 9 }).length;
const whole = gzipOf(bundle);
const rows = [...raw.entries()].map(([group, bytes]) => ({ group, bytes, gzip: gzipOf(code.get(group) ?? "") }));
const gzipSum = rows.reduce((sum, row) => sum + row.gzip, 0);
const kib = (n) => (n / 1024).toFixed(1);
console.log(
  `unminified: ${kib(bundle.length)} KiB raw, ${kib(whole)} KiB gzip; groups gzipped alone sum to ${kib(gzipSum)}`,
);
const minified = production ? gzipOf(readFileSync(join(production, "index.js"))) : null;
if (minified) console.log(`production (minified) index.js: ${kib(minified)} KiB gzip`);
console.log("| group | raw KiB | gzip KiB (alone) | share of bundle gzip KiB | share of minified gzip KiB | via |");
console.log("| --- | ---: | ---: | ---: | ---: | --- |");
for (const row of rows.sort((a, b) => b.gzip - a.gzip)) {
  const isPackage = !row.group.startsWith("src") && !row.group.startsWith("other");
  const via = isPackage && !direct.has(row.group) ? importersOf(row.group) : "";
  const share = (row.gzip / gzipSum) * whole;
  const minifiedShare = minified ? kib((row.gzip / gzipSum) * minified) : "";
  console.log(`| ${row.group} | ${kib(row.bytes)} | ${kib(row.gzip)} | ${kib(share)} | ${minifiedShare} | ${via} |`);
}
