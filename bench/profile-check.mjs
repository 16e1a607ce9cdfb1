// `npm run bench:profile`: where a permission check's CPU time goes. Starts the bench's worker as bench/setup.mjs does
// (Miniflare, the direct socket) with workerd's V8 inspector open, signs in, makes a 10-member workspace, then:
//   1. a short load (bench/load.mjs in its own process): req/s and p50 of the check against GET /api/health at four
//      connections and at one, with the targets of issue 23 (≥ 0.35× health's req/s at 4, p50 within 0.3 ms at 1);
//   2. a CPU profile of the worker's isolate (the Durable Objects run in it too) through the Chrome DevTools
//      Protocol while a few thousand checks run, and the same for health: self and total time per function, mapped
//      to its source by the bundle's source map, and the share of each part of the stack.
// PROFILE_REQUESTS (default 3000), PROFILE_ROUNDS / PROFILE_WINDOW_MS (the short load; default 3 × 1000 ms) and
// PROFILE_OUT (a folder to write the raw .cpuprofile files into, to open in Chrome's DevTools) change it.
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { accessTokenFor, api } from "./client.mjs";
import { workerdPid } from "./live-fanout.mjs";
import { aggregate, printProfile, sourceMapOf } from "./profile-report.mjs";
import { startWorker } from "./setup.mjs";

const REQUESTS = Number(process.env.PROFILE_REQUESTS ?? 3000);
const ROUNDS = Number(process.env.PROFILE_ROUNDS ?? 3);
const WINDOW_MS = Number(process.env.PROFILE_WINDOW_MS ?? 1000);
/** Microseconds between samples: fine enough over thousands of requests; finer slows the isolate more. */
const SAMPLING_INTERVAL_US = 100;
/** Linux's clock ticks per second in /proc/<pid>/stat (USER_HZ). */
const TICKS_PER_SECOND = 100;
const WORKER_TARGET = "core:user:edge-identity-bench";

/** One Chrome DevTools Protocol session over a WebSocket (Node 24's global WebSocket). */
class Inspector {
  static async open(url) {
    const socket = new WebSocket(url);
    await new Promise((resolve, reject) => {
      socket.addEventListener("open", resolve, { once: true });
      socket.addEventListener("error", () => reject(new Error(`cannot open the inspector at ${url}`)), { once: true });
    });
    return new Inspector(socket);
  }

  constructor(socket) {
    this.socket = socket;
    this.nextId = 1;
    this.pending = new Map();
    socket.addEventListener("message", (event) => {
      const message = JSON.parse(event.data);
      const waiting = message.id === undefined ? undefined : this.pending.get(message.id);
      if (!waiting) return; // events (console, script parsed): not needed here
      this.pending.delete(message.id);
      if (message.error) waiting.reject(new Error(`${waiting.method}: ${message.error.message}`));
      else waiting.resolve(message.result);
    });
  }

  send(method, params = {}) {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, method });
      this.socket.send(JSON.stringify({ id, method, params }));
    });
  }

  close() {
    this.socket.close();
  }
}

/** Runs bench/load.mjs with `plan` in its own process; resolves with its summaries. */
function runLoad(plan) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(import.meta.dirname, "load.mjs"), JSON.stringify(plan)], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    child.stdout.on("data", (chunk) => {
      out += chunk;
    });
    const timer = setTimeout(() => child.kill("SIGKILL"), 300_000);
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve(JSON.parse(out));
      else reject(new Error(`load.mjs failed (${signal ?? `exit ${code}`})`));
    });
  });
}

/** A workspace owned by the signed-in person with 10 seeded viewers, as the bench's `permissions (11 members)`. */
async function workspaceOf(baseUrl, token) {
  const created = await api(baseUrl, token, "POST", "/api/workspaces", { body: { name: "Profile" }, status: 201 });
  const seeded = await fetch(`${baseUrl}/__bench/seed?workspace=${created.id}&count=10`, { method: "POST" });
  if (!seeded.ok) throw new Error(`seeding failed: ${seeded.status}`);
  const permissions = await api(baseUrl, token, "GET", `/api/workspaces/${created.id}/permissions`);
  if (!permissions.can_edit) throw new Error(`the owner may not edit: ${JSON.stringify(permissions)}`);
  return created.id;
}

/** The short load: both routes interleaved, four connections then one; the ratios the issue's targets are about. */
async function shortLoad(plan, routes) {
  const results = await runLoad({ ...plan, routes, concurrencies: [4, 1], rounds: ROUNDS, windowMs: WINDOW_MS });
  console.log("\n## Short load (bench/load.mjs)\n");
  console.log("| conc | route | req/s | req/s × health | p50 ms | p50 − health's | p90 ms |");
  console.log("| ---: | --- | ---: | ---: | ---: | ---: | ---: |");
  for (const row of results) {
    const health = results.find((r) => r.concurrency === row.concurrency && r.route === "health");
    console.log(
      `| ${row.concurrency} | ${row.route} | ${row.rps} | ${(row.rps / health.rps).toFixed(2)}× | ${row.p50_ms} | ` +
        `${(row.p50_ms - health.p50_ms).toFixed(3)} | ${row.p90_ms} |`,
    );
  }
  const at = (route, concurrency) => results.find((r) => r.route === route && r.concurrency === concurrency);
  const ratio4 = at("check", 4).rps / at("health", 4).rps;
  const gap1 = at("check", 1).p50_ms - at("health", 1).p50_ms;
  console.log(`\ntargets: req/s × health at 4 ≥ 0.35: ${ratio4.toFixed(2)} ${ratio4 >= 0.35 ? "met" : "MISSED"}; `);
  console.log(`         p50 − health's at 1 ≤ 0.3 ms: ${gap1.toFixed(3)} ${gap1 <= 0.3 ? "met" : "MISSED"}`);
  return results;
}

/** workerd's CPU time so far (user + system, every thread), in ms, from /proc/<pid>/stat. */
function workerdCpuMs(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  // After the command: state is field 3, utime 14 and stime 15 (1-based, as proc(5) counts).
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
}

/** REQUESTS of one route, one at a time, in a load.mjs process. */
async function oneAtATime(plan, route) {
  const [result] = await runLoad({
    ...plan,
    routes: [route],
    concurrencies: [1],
    rounds: 1,
    windowMs: 120_000,
    warmupMs: 0,
    maxRequestsPerWindow: REQUESTS,
  });
  return result;
}

/** One route alone at one connection, no profiler: workerd's whole CPU time per request (the issue's measure). */
async function cpuPerRequest(plan, route) {
  const pid = workerdPid();
  const before = workerdCpuMs(pid);
  const result = await oneAtATime(plan, route);
  return (workerdCpuMs(pid) - before) / result.requests;
}

/** A CPU profile of every isolate the inspector offers for our worker while `requests` of `route` run one at a time. */
async function profiled(inspector, plan, route) {
  await inspector.send("Profiler.enable");
  await inspector.send("Profiler.setSamplingInterval", { interval: SAMPLING_INTERVAL_US });
  await inspector.send("Profiler.start");
  const result = await oneAtATime(plan, route);
  const { profile } = await inspector.send("Profiler.stop");
  await inspector.send("Profiler.disable");
  return { profile, requests: result.requests };
}

async function main() {
  const workDir = mkdtempSync(join(tmpdir(), "edge-identity-profile-"));
  let mf = null;
  try {
    console.log("building and starting the bench worker with the inspector open …");
    const started = await startWorker(workDir, { peer: false, inspectorPort: 0 });
    mf = started.mf;
    const { baseUrl } = started;
    const token = await accessTokenFor(baseUrl, "profile-owner@example.com");
    const workspace = await workspaceOf(baseUrl, token);
    const routes = [
      { name: "health", path: "/api/health" },
      { name: "check", path: `/api/workspaces/${workspace}/permissions`, token },
    ];
    const plan = {
      host: "127.0.0.1",
      port: Number(new URL(baseUrl).port),
      warmupMs: 1000,
      maxRequestsPerWindow: 200_000,
    };
    const load = await shortLoad(plan, routes);
    const cpu = {};
    for (const route of routes) cpu[route.name] = await cpuPerRequest(plan, route);
    console.log(
      `\nworkerd CPU per request, ${REQUESTS} at one connection, no profiler (user + system, /proc): ` +
        `check ${cpu.check.toFixed(3)} ms, health ${cpu.health.toFixed(3)} ms (${(cpu.check / cpu.health).toFixed(1)}×)`,
    );

    const inspectorUrl = await mf.getInspectorURL();
    const targets = await (await fetch(`http://${inspectorUrl.host}/json/list`)).json();
    const ours = targets.filter((target) => target.id.startsWith("core:user:"));
    console.log(`\ninspector targets: ${targets.map((t) => t.id).join(", ")}`);
    console.log(`profiled: ${ours.map((t) => t.id).join(", ")} (the worker and its Durable Objects share one isolate)`);
    const target = ours.find((t) => t.id === WORKER_TARGET);
    if (!target) throw new Error(`no inspector target ${WORKER_TARGET}`);
    const inspector = await Inspector.open(target.webSocketDebuggerUrl);
    const sourceMap = sourceMapOf(join(started.workers.ours.modulesRoot, "bench-worker.js"));
    const outDir = process.env.PROFILE_OUT;
    if (outDir) mkdirSync(outDir, { recursive: true });
    const report = { load, cpu_ms_per_request: cpu, profiles: {} };
    try {
      for (const route of [routes[1], routes[0]]) {
        const { profile, requests } = await profiled(inspector, plan, route);
        const result = aggregate(profile, { sourceMap, bundleUrlEnd: "bench-worker.js" });
        printProfile(`${route.name} (${route.path.replace(workspace, ":id")})`, result, requests);
        report.profiles[route.name] = { requests, busy_us: result.busy, parts: Object.fromEntries(result.parts) };
        if (outDir) writeFileSync(join(outDir, `${route.name}.cpuprofile`), JSON.stringify(profile));
      }
    } finally {
      inspector.close();
    }
    const profiledMs = (name) => report.profiles[name].busy_us / 1000 / report.profiles[name].requests;
    console.log(
      `\nsampled isolate time per request under the profiler (inflated by sampling; read the shares): ` +
        `check ${profiledMs("check").toFixed(3)} ms, health ${profiledMs("health").toFixed(3)} ms`,
    );
    if (outDir) writeFileSync(join(outDir, "summary.json"), `${JSON.stringify(report, null, 2)}\n`);
  } finally {
    await mf?.dispose().catch(() => {});
    rmSync(workDir, { recursive: true, force: true });
  }
}

try {
  await main();
} catch (error) {
  console.error(`profile failed: ${error instanceof Error ? error.stack : error}`);
  process.exitCode = 1;
}
