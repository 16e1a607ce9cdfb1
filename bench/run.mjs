// `npm run bench`: GET /api/workspaces/:id/permissions for a 10-member and a 100,000-member workspace and a 10-member
// one with every policy on, and the admin user search over 100,000 accounts (first page, a page 90,000 deep, a prefix
// search), against GET /api/health in the same run, reported as ratios, beside the same question asked of Better Auth
// (bench/peers/better-auth) for 10 and 100,000 members; then a role change's cost with 3 webhook endpoints against
// none (webhook-cost.mjs); then one role change fanned out to 1,000 live sockets and
// workerd's memory per idle socket (live-fanout.mjs), sign-ins end to end and scrypt's share (sign-in-bench.mjs),
// cold starts (cold-start.mjs) and the bundle sizes (sizes.mjs). See bench/README.md.
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { accessTokenFor, api, turnOnTwoFactor } from "./client.mjs";
import { measureColdStarts, printColdStarts } from "./cold-start.mjs";
import { measureLiveFanOut, printLiveFanOut } from "./live-fanout.mjs";
import { canEditPath, preparePeer } from "./peers/better-auth/setup.mjs";
import { writeReadmeTables } from "./readme-table.mjs";
import { peerComparison, printPeerTable, printTable, withRatios } from "./report.mjs";
import { startWorker } from "./setup.mjs";
import { measureSignIns, printSignIns, signInPlan } from "./sign-in-bench.mjs";
import { measureSizes, printSizes } from "./sizes.mjs";
import { measureWebhookCost, printWebhookCost } from "./webhook-cost.mjs";

const SMALL_SEED = 10;
const BIG_SEED = 100_000;
const USER_SEED = 100_000;
/** The deep page starts after this many accounts. */
const DEEP_ROW = 90_000;
/** The search: a first-name prefix ("Ann", "Anna": 2 of the 50 seeded first names, about 4,000 accounts). */
const SEARCH_PREFIX = "ann";
const ROUTES = 10;
/** Evictions per workspace and fresh starts per worker; each start is a workerd process, seconds on 2 cores. */
const COLD_START_ROUNDS = 3;
const BETTER_AUTH_VERSION = JSON.parse(
  readFileSync(join(import.meta.dirname, "..", "node_modules", "better-auth", "package.json"), "utf8"),
).version;
/** Each route runs for one window per round and concurrency: 2 × 5 × 10 × 2 s = 200 s of measurement. */
const PLAN = {
  concurrencies: [4, 1],
  rounds: Number(process.env.BENCH_ROUNDS ?? 5),
  windowMs: Number(process.env.BENCH_WINDOW_MS ?? 2_000),
  warmupMs: 2_000,
  maxRequestsPerWindow: 200_000,
};
/**
 * Only the full plan's run is the record (results/latest.json and the README's tables); a shorter look writes
 * results/quick.json, so a quick run can never stand in for the measured numbers.
 */
const FULL_RUN = PLAN.rounds >= 5 && PLAN.windowMs >= 2_000;
const plannedMs = ROUTES * (PLAN.warmupMs + PLAN.concurrencies.length * PLAN.rounds * PLAN.windowMs);
if (!(PLAN.rounds >= 1 && PLAN.windowMs >= 100 && plannedMs <= 300_000)) {
  console.error("BENCH_ROUNDS must be ≥ 1, BENCH_WINDOW_MS ≥ 100, and the load phase at most 5 minutes.");
  process.exit(2);
}
/** The load process is killed if it runs this long: a hung socket must not hang the bench. */
const LOAD_TIMEOUT_MS = plannedMs + 60_000;

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

/**
 * A second 10-member workspace with every policy on (decision 0030), the caller past the two-factor deadline with
 * two-factor on: its check must cost what the same check costs with them off.
 */
async function workspaceWithPolicies(baseUrl, token) {
  const workspace = await workspaceWith(baseUrl, token, "Bench policies", SMALL_SEED);
  const response = await fetch(`${baseUrl}/__bench/policies?workspace=${workspace.id}`, { method: "POST" });
  if (!response.ok) throw new Error(`setting the policies failed: ${response.status} ${await response.text()}`);
  const policy = await api(baseUrl, token, "GET", `/api/workspaces/${workspace.id}/policy`);
  if (!policy.require_two_factor || policy.allowed_email_domains.length !== 20) {
    throw new Error(`the policies did not take: ${JSON.stringify(policy)}`);
  }
  return workspace;
}

/** 100,000 accounts in D1 beside the signed-in ones; the cursor of the page after the `DEEP_ROW`-th. */
async function seededDirectory(baseUrl, adminToken) {
  const seeded = await timed(`seed ${USER_SEED} accounts into D1`, async () => {
    const response = await fetch(`${baseUrl}/__bench/seed-users?count=${USER_SEED}&deep=${DEEP_ROW}`, {
      method: "POST",
    });
    if (!response.ok) throw new Error(`seeding accounts failed: ${response.status} ${await response.text()}`);
    return response.json();
  });
  const { users, deep } = seeded.value;
  if (users < USER_SEED) throw new Error(`D1 holds ${users} accounts, expected at least ${USER_SEED}`);
  // The list's cursor is base64url JSON of the last row's sort key (src/lib/cursor.ts).
  const cursor = Buffer.from(JSON.stringify({ c: deep.created_date, i: deep.id })).toString("base64url");
  const page = await api(baseUrl, adminToken, "GET", `/api/admin/users?cursor=${cursor}&limit=1`);
  if (page.users[0]?.id !== `usr_seed_${String(DEEP_ROW + 1).padStart(6, "0")}`) {
    throw new Error(`the deep page does not start at row ${DEEP_ROW + 1}: ${JSON.stringify(page.users[0])}`);
  }
  const search = await api(baseUrl, adminToken, "GET", `/api/admin/users?q=${SEARCH_PREFIX}&limit=200`);
  if (search.users.length !== 200 || !search.next_cursor) throw new Error("the search found fewer than 200 accounts");
  return { users, cursor, seed_ms: seeded.ms };
}

/** Runs a script of bench/ in its own process; resolves with its JSON line. Killed if it runs past `timeoutMs`. */
function runProcess(script, plan, timeoutMs) {
  return new Promise((resolve, reject) => {
    load = spawn(process.execPath, [join(import.meta.dirname, script), JSON.stringify(plan)], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    load.stdout.on("data", (chunk) => {
      out += chunk;
    });
    const timer = setTimeout(() => load?.kill("SIGKILL"), timeoutMs);
    load.on("error", reject);
    load.on("exit", (code, signal) => {
      clearTimeout(timer);
      load = null;
      if (code === 0) resolve(JSON.parse(out));
      else reject(new Error(`${script} failed (${signal ?? `exit ${code}`})`));
    });
  });
}

/** Everything the load needs: the worker and the peer, signed-in owner and admin, workspaces and accounts seeded. */
async function setUp() {
  console.log("set-up");
  const worker = await timed(
    "build and start the worker and the peer (wrangler bundles, Miniflare, D1 migrations)",
    () => startWorker(workDir),
  );
  mf = worker.value.mf;
  const { baseUrl, peerUrl, workers } = worker.value;
  const token = (await timed("sign in by emailed code", () => accessTokenFor(baseUrl, "bench-owner@example.com")))
    .value;
  const small = await workspaceWith(baseUrl, token, "Bench small", SMALL_SEED);
  const big = await workspaceWith(baseUrl, token, "Bench big", BIG_SEED);
  const policed = await workspaceWithPolicies(baseUrl, token);
  // admin@example.com is in the bench's ADMIN_EMAILS: admin from this sign-in.
  const adminToken = (await timed("sign in the admin", () => accessTokenFor(baseUrl, "admin@example.com"))).value;
  await timed("turn on the admin's two-factor (admin routes require it)", () => turnOnTwoFactor(baseUrl, adminToken));
  const directory = await seededDirectory(baseUrl, adminToken);
  const peer = (
    await timed("the peer: Better Auth's tables, owner and viewer, two organizations seeded and checked", () =>
      preparePeer(peerUrl, { small: SMALL_SEED, big: BIG_SEED }),
    )
  ).value;
  return { baseUrl, peerUrl, workers, token, small, big, policed, adminToken, directory, peer };
}

/** The routes, interleaved in this order, A B C D A B C D …; ratios are against the first. */
function routesOf({ peerUrl, token, small, big, policed, adminToken, directory, peer }) {
  return [
    { name: "health", path: "/api/health" },
    // Not a product route: token verify + session lookup only, what every route below pays first.
    { name: "auth only", path: "/__bench/auth", token },
    { name: `permissions (${small.members} members)`, path: `/api/workspaces/${small.id}/permissions`, token },
    { name: `permissions (${big.members} members)`, path: `/api/workspaces/${big.id}/permissions`, token },
    { name: "permissions (policies on)", path: `/api/workspaces/${policed.id}/permissions`, token },
    // The peer, on its own socket in the same workerd: the same question through auth.api.hasPermission.
    ...[peer.small, peer.big].map((organization) => ({
      name: `better-auth (${organization.members} members)`,
      path: canEditPath(organization.id),
      token: peer.token,
      port: Number(new URL(peerUrl).port),
      peer: "better-auth",
    })),
    { name: "users: first page", path: "/api/admin/users", token: adminToken },
    { name: `users: page after ${DEEP_ROW}`, path: `/api/admin/users?cursor=${directory.cursor}`, token: adminToken },
    { name: `users: search "${SEARCH_PREFIX}"`, path: `/api/admin/users?q=${SEARCH_PREFIX}`, token: adminToken },
  ];
}

/**
 * After the load phase, one after the other: webhook cost, live fan-out, object cold starts, sign-ins, worker
 * starts, sizes.
 */
async function measureTheRest(setup, results) {
  const { baseUrl, token, small, big, workers, directory } = setup;
  // Each alone on the machine; it waits for its last delivery.
  console.log("webhooks: a role change with 3 endpoints and with none");
  const webhooks = await measureWebhookCost({ baseUrl, token });
  printWebhookCost(webhooks);
  // After the load phase, so 1,000 open sockets do not weigh on the routes' numbers.
  const check = results.find((r) => r.concurrency === 1 && r.route === `permissions (${small.members} members)`);
  console.log("live fan-out: opening the sockets (a separate process)");
  const live = await measureLiveFanOut({ baseUrl, token, permissionCheckMs: check.p50_ms });
  printLiveFanOut(live);
  const signInsPlan = signInPlan(PLAN);
  console.log(`sign-ins: ${signInsPlan.rounds} interleaved rounds of ${signInsPlan.windowMs} ms (a separate process)`);
  const signIns = await measureSignIns({
    baseUrl,
    plan: signInsPlan,
    seededAccounts: directory.users,
    runProcess,
    timeoutMs: 3 * (signInsPlan.warmupMs + signInsPlan.rounds * signInsPlan.windowMs) + 120_000,
  });
  printSignIns(signIns);
  console.log("cold starts: evicting workspace objects, starting workers in fresh workerd processes");
  const coldStarts = await measureColdStarts({
    baseUrl,
    token,
    workspaces: [small, big],
    workers,
    rounds: COLD_START_ROUNDS,
  });
  printColdStarts(coldStarts);
  console.log("sizes: building the production bundle and the web app");
  const sizes = measureSizes(workDir);
  printSizes(sizes);
  return { webhooks, live, sign_ins: signIns, cold_starts: coldStarts, sizes };
}

function machine(loadBefore) {
  return {
    cpus: cpus().length,
    cpu: cpus()[0]?.model ?? "unknown",
    node: process.version,
    platform: process.platform,
    load_average_before: Math.round(loadBefore * 100) / 100,
    load_average_after: Math.round(loadavg()[0] * 100) / 100,
  };
}

async function main() {
  const started = performance.now();
  // Other work on the machine (a test run, a build) blurs every number: say so in the output.
  const loadBefore = loadavg()[0];
  if (loadBefore > 0.5) console.log(`note: 1-minute load average is ${loadBefore.toFixed(2)} before the run`);
  const setup = await setUp();
  const { small, big, policed, directory, peer } = setup;
  const routes = routesOf(setup);
  const { port } = new URL(setup.baseUrl);
  console.log(
    `load: ${PLAN.rounds} interleaved rounds of ${PLAN.windowMs} ms per route, concurrency ${PLAN.concurrencies}`,
  );
  if (routes.length !== ROUTES) throw new Error("ROUTES must match the route list");
  const plan = { ...PLAN, host: "127.0.0.1", port: Number(port), routes };
  const results = withRatios(await runProcess("load.mjs", plan, LOAD_TIMEOUT_MS), "health");
  printTable(results);
  const versusPeer = peerComparison(
    results,
    [small, big].map(({ members }) => ({
      members,
      ours: `permissions (${members} members)`,
      theirs: `better-auth (${members} members)`,
    })),
  );
  printPeerTable(versusPeer);
  const rest = await measureTheRest(setup, results);

  const report = {
    date: new Date().toISOString(),
    machine: machine(loadBefore),
    plan: PLAN,
    workspaces: {
      small: { members: small.members, seed_ms: small.seed_ms },
      big: { members: big.members, seed_ms: big.seed_ms },
      policies_on: { members: policed.members, seed_ms: policed.seed_ms },
    },
    directory: { users: directory.users, seed_ms: directory.seed_ms, deep_row: DEEP_ROW, search: SEARCH_PREFIX },
    peer: {
      name: "better-auth",
      version: BETTER_AUTH_VERSION,
      tables: peer.tables,
      small: { members: peer.small.members, seed_ms: peer.small.seed_ms },
      big: { members: peer.big.members, seed_ms: peer.big.seed_ms },
    },
    results,
    versus_peer: versusPeer,
    ...rest,
    total_seconds: Math.round((performance.now() - started) / 100) / 10,
  };
  mkdirSync(join(import.meta.dirname, "results"), { recursive: true });
  const file = FULL_RUN ? "latest.json" : "quick.json";
  writeFileSync(join(import.meta.dirname, "results", file), `${JSON.stringify(report, null, 2)}\n`);
  if (FULL_RUN) writeReadmeTables(report);
  console.log(
    `\nwrote bench/results/${file}${FULL_RUN ? " and the READMEs' tables" : ""} (whole run ${report.total_seconds} s)`,
  );
}

try {
  await main();
} catch (error) {
  console.error(`bench failed: ${error instanceof Error ? error.stack : error}`);
  process.exitCode = 1;
} finally {
  await cleanUp();
}
