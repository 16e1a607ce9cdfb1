// Reads a V8 CPU profile (the Chrome DevTools Protocol's Profiler.stop result) of the bench worker's isolate: each
// function's self and total time, by name and original source file:line (through the bundle's source map), and the
// share of each part of the stack (ours, hono, jose, drizzle, zod, JSON, the runtime's native calls). Used by
// profile-check.mjs; plain functions, no I/O but the source map read.
import { readFileSync } from "node:fs";
import { SourceMap } from "node:module";
import { dirname, resolve } from "node:path";

/** The bundle's source map, to turn a minified position into a file of src/ or a package and a line. */
export function sourceMapOf(bundlePath) {
  const mapPath = `${bundlePath}.map`;
  const payload = JSON.parse(readFileSync(mapPath, "utf8"));
  return { map: new SourceMap(payload), dir: dirname(mapPath) };
}

/** `node_modules/<package>/…` or the path under the project root, for a source the map names. */
function shortSource(source, dir) {
  const path = resolve(dir, source.replace(/^file:\/\//, ""));
  const inModules = /node_modules\/((?:@[^/]+\/)?[^/]+)\/(.*)$/.exec(path);
  // drizzle-orm's published maps name `../src/…` one folder above its own: node_modules/src/ is drizzle-orm.
  if (inModules?.[1] === "src") return { pkg: "drizzle-orm", file: `drizzle-orm/src/${inModules[2]}` };
  if (inModules) return { pkg: inModules[1], file: `${inModules[1]}/${inModules[2]}` };
  const inRoot = path.match(/\/(src|bench|test)\/(.*)$/);
  return { pkg: null, file: inRoot ? `${inRoot[1]}/${inRoot[2]}` : path };
}

/** Which part of the stack a function belongs to (the shares the profiler prints). */
function partOf(frame, origin, atRoot) {
  if (frame.functionName.startsWith("(")) return frame.functionName; // (program), (garbage collector), (idle)
  // Native code with no JavaScript caller: workerd's own work in the isolate (HTTP in and out, delivering an RPC
  // call or its answer, resolving promises), outside any function of ours.
  if (!frame.url && atRoot) return "runtime native, no JS caller (HTTP, RPC delivery)";
  if (!frame.url) {
    if (/^(parse|stringify)$/.test(frame.functionName) || /JSON/.test(frame.functionName)) return "JSON";
    return "runtime native (RPC stubs, crypto.subtle, SQL, headers)";
  }
  if (!origin) return "runtime JS (workerd's own)";
  const pkg = origin.pkg;
  if (!pkg) return "ours (src/, bench/)";
  if (pkg === "hono" || pkg.startsWith("@hono/") || pkg === "hono-rate-limiter") return "hono";
  if (pkg === "jose" || pkg === "@openauthjs/openauth") return "jose/crypto";
  if (pkg === "drizzle-orm") return "drizzle";
  if (pkg === "zod" || pkg.startsWith("@asteasolutions/")) return "zod";
  return `other: ${pkg}`;
}

/** Name, place and part of one call frame; the bundle's frames are mapped back to their source. */
function describe(frame, sourceMap, bundleUrlEnd, atRoot) {
  let origin = null;
  let place = frame.url ? `${frame.url.split("/").pop()}:${frame.lineNumber + 1}` : "(native)";
  if (sourceMap && frame.url.endsWith(bundleUrlEnd)) {
    const entry = sourceMap.map.findEntry(frame.lineNumber, frame.columnNumber);
    if (entry?.originalSource) {
      origin = shortSource(entry.originalSource, sourceMap.dir);
      place = `${origin.file}:${entry.originalLine + 1}`;
    }
  }
  const name = frame.functionName || (atRoot && !frame.url ? "(runtime, no JS caller)" : "(anonymous)");
  return { key: `${name} ${place}`, name, place, part: partOf(frame, origin, atRoot) };
}

/**
 * Self and total microseconds per function (name + source place), and per part. Total counts a function once per
 * sample even when it is on the stack twice (recursion). Each sample weighs the time until the next one.
 */
export function aggregate(profile, { sourceMap = null, bundleUrlEnd = ".js" } = {}) {
  const parent = new Map();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const rootId = profile.nodes.find((node) => node.callFrame.functionName === "(root)")?.id;
  const described = new Map(
    profile.nodes.map((n) => [n.id, describe(n.callFrame, sourceMap, bundleUrlEnd, parent.get(n.id) === rootId)]),
  );
  const { samples, timeDeltas } = profile;
  const mean = samples.length ? (profile.endTime - profile.startTime) / samples.length : 0;
  const functions = new Map();
  const parts = new Map();
  let busy = 0;
  let idle = 0;
  for (let i = 0; i < samples.length; i++) {
    const weight = i + 1 < timeDeltas.length ? Math.max(0, timeDeltas[i + 1]) : mean;
    const leaf = described.get(samples[i]);
    if (leaf.name === "(idle)") {
      idle += weight;
      continue;
    }
    busy += weight;
    parts.set(leaf.part, (parts.get(leaf.part) ?? 0) + weight);
    const seen = new Set();
    for (let id = samples[i]; id !== undefined; id = parent.get(id)) {
      const fn = described.get(id);
      if (fn.name === "(root)" || seen.has(fn.key)) continue;
      seen.add(fn.key);
      const row = functions.get(fn.key) ?? { ...fn, self: 0, total: 0 };
      if (id === samples[i]) row.self += weight;
      row.total += weight;
      functions.set(fn.key, row);
    }
  }
  return { functions: [...functions.values()], parts, busy, idle, wall: profile.endTime - profile.startTime };
}

const ms = (us, requests) => (us / 1000 / requests).toFixed(4);
const pct = (part, whole) => `${((100 * part) / whole).toFixed(1)} %`;

/** Prints the top functions by self time (and by total) and the shares, per request. */
export function printProfile(title, result, requests, top = 25) {
  const { functions, parts, busy, idle } = result;
  console.log(`\n## ${title}: ${requests} requests, ${ms(busy, requests)} ms of isolate CPU per request`);
  console.log(`   (busy ${(busy / 1000).toFixed(0)} ms, idle ${(idle / 1000).toFixed(0)} ms in the profile)`);
  console.log(`\n| self ms/req | self % | total ms/req | function | source |`);
  console.log(`| ---: | ---: | ---: | --- | --- |`);
  for (const row of [...functions].sort((a, b) => b.self - a.self).slice(0, top)) {
    console.log(
      `| ${ms(row.self, requests)} | ${pct(row.self, busy)} | ${ms(row.total, requests)} | ${row.name} | ${row.place} |`,
    );
  }
  console.log(
    `\nTop by total (inclusive) time:\n| total ms/req | total % | function | source |\n| ---: | ---: | --- | --- |`,
  );
  for (const row of [...functions].sort((a, b) => b.total - a.total).slice(0, top)) {
    console.log(`| ${ms(row.total, requests)} | ${pct(row.total, busy)} | ${row.name} | ${row.place} |`);
  }
  console.log(`\nShares of self time:\n| part | ms/req | share |\n| --- | ---: | ---: |`);
  for (const [part, us] of [...parts].sort((a, b) => b[1] - a[1])) {
    console.log(`| ${part} | ${ms(us, requests)} | ${pct(us, busy)} |`);
  }
}
