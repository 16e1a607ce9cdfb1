// `npm run bench`: GET /api/workspaces/:id/permissions for a 10-member and a 100,000-member workspace,
// against GET /api/health in the same run, reported as ratios. See bench/README.md.
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import { api, signInWithCode } from "./client.mjs";
import { printTable, withRatios } from "./report.mjs";
import { startWorker } from "./setup.mjs";

const SMALL_SEED = 10;
const BIG_SEED = 100_000;
/** Per window; the whole measurement is concurrencies × rounds × routes × window (5 × 2 × 4 × 2 s = 80 s). */
const PLAN = {
  concurrencies: [4, 1],
  rounds: Number(process.env.BENCH_ROUNDS ?? 5),
  windowMs: Number(process.env.BENCH_WINDOW_MS ?? 2_000),
  warmupMs: 2_000,
  maxRequestsPerWindow: 200_000,
};
const LOAD_TIMEOUT_MS = 240_000;
if (!(PLAN.rounds >= 1 && PLAN.rounds <= 20 && PLAN.windowMs >= 100 && PLAN.windowMs <= 10_000)) {
  console.error("BENCH_ROUNDS must be 1–20 and BENCH_WINDOW_MS 100–10000.");
  process.exit(2);
}

const workDir = mkdtempSync(join(tmpdir(), "edge-identity-bench-"));
let mf = null;
let load = null;

function removeTheRest() {
  load?.kill("SIGKILL");
  load = null;
  rmSync(workDir, { recursive: true, force: true });
}

async function cleanUp() {
  removeTheRest();
  await mf?.dispose().catch(() => {});
  mf = null;
}

// On Ctrl-C, Miniflare's own exit hook stops workerd and exits at once: the rest goes on "exit".
process.on("exit", removeTheRest);

async function timed(label, work) {
  const start = performance.now();
  const value = await work();
  const ms = Math.round(performance.now() - start);
  console.log(`  ${label}: ${ms} ms`);
  return { value, ms };
}

/** A workspace owned by the signed-in user, with `seed` synthetic viewers; checks its member count. */
async function workspaceWith(baseUrl, token, name, seed) {
  const created = await api(baseUrl, token, "POST", "/api/workspaces", { body: { name }, status: 201 });
  const seeded = await timed(`seed ${seed} members into "${name}"`, async () => {
    const response = await fetch(`${baseUrl}/__bench/seed?workspace=${created.id}&count=${seed}`, { method: "POST" });
    if (!response.ok) throw new Error(`seeding failed: ${response.status} ${await response.text()}`);
  });
  const { member_count: members } = await api(baseUrl, token, "GET", `/api/workspaces/${created.id}`);
  if (members !== seed + 1) throw new Error(`"${name}" has ${members} members, expected ${seed + 1}`);
  return { id: created.id, members, seed_ms: seeded.ms };
}

/** Runs load.mjs in its own process; resolves with its JSON line. Killed if it runs past the limit. */
function runLoad(plan) {
  return new Promise((resolve, reject) => {
    load = spawn(process.execPath, [join(import.meta.dirname, "load.mjs"), JSON.stringify(plan)], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    load.stdout.on("data", (chunk) => {
      out += chunk;
    });
    const timer = setTimeout(() => load?.kill("SIGKILL"), LOAD_TIMEOUT_MS);
    load.on("error", reject);
    load.on("exit", (code, signal) => {
      clearTimeout(timer);
      load = null;
      if (code === 0) resolve(JSON.parse(out));
      else reject(new Error(`load generator failed (${signal ?? `exit ${code}`})`));
    });
  });
}

async function main() {
  const started = performance.now();
  console.log("set-up");
  const worker = await timed("build and start the worker (wrangler bundle, Miniflare, D1 migrations)", () =>
    startWorker(workDir),
  );
  mf = worker.value.mf;
  const { baseUrl } = worker.value;
  const token = (await timed("sign in by emailed code", () => signInWithCode(baseUrl, "bench-owner@example.com")))
    .value;
  const small = await workspaceWith(baseUrl, token, "Bench small", SMALL_SEED);
  const big = await workspaceWith(baseUrl, token, "Bench big", BIG_SEED);

  const claims = JSON.parse(Buffer.from(token.split(".")[1], "base64url").toString());
  const routes = [
    { name: "noop (raw worker)", path: "/x/noop" },
    { name: "verify only", path: `/x/verify?t=${token}` },
    { name: "session D1 only", path: `/x/session?sid=${claims.sid}` },
    { name: "rpc small", path: `/x/rpc?ws=${small.id}&u=${claims.sub}` },
    { name: "rpc big", path: `/x/rpc?ws=${big.id}&u=${claims.sub}` },
    { name: "health", path: "/api/health" },
    // Not a product route: token verify + session lookup only, what every route below pays first.
    { name: "auth only", path: "/__bench/auth", token },
    { name: `permissions (${small.members} members)`, path: `/api/workspaces/${small.id}/permissions`, token },
    { name: `permissions (${big.members} members)`, path: `/api/workspaces/${big.id}/permissions`, token },
  ];
  const { port } = new URL(baseUrl);
  console.log(
    `load: ${PLAN.rounds} interleaved rounds of ${PLAN.windowMs} ms per route, concurrency ${PLAN.concurrencies}`,
  );
  const results = withRatios(await runLoad({ ...PLAN, host: "127.0.0.1", port: Number(port), routes }), "health");
  printTable(results);

  const report = {
    date: new Date().toISOString(),
    machine: {
      cpus: cpus().length,
      cpu: cpus()[0]?.model ?? "unknown",
      node: process.version,
      platform: process.platform,
    },
    plan: PLAN,
    workspaces: {
      small: { members: small.members, seed_ms: small.seed_ms },
      big: { members: big.members, seed_ms: big.seed_ms },
    },
    results,
    total_seconds: Math.round((performance.now() - started) / 100) / 10,
  };
  
  writeFileSync("/tmp/scratch-latest.json", `${JSON.stringify(report, null, 2)}\n`);
  console.log(`\nwrote bench/results/latest.json (whole run ${report.total_seconds} s)`);
}

try {
  await main();
} catch (error) {
  console.error(`bench failed: ${error instanceof Error ? error.stack : error}`);
  process.exitCode = 1;
} finally {
  await cleanUp();
}
