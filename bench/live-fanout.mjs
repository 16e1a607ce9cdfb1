// The live fan-out measurement (issue 17): one role change pushed to 1,000 open WebSockets on one workspace, timed
// until the last socket has its frame and reported as a multiple of one permission check from the same run; and
// workerd's resident memory per idle socket. The sockets live in their own process (live-sockets.mjs). See
// bench/README.md, "Live fan-out".
import { spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { api } from "./client.mjs";

const LIVE_PLAN = {
  sockets: Number(process.env.BENCH_LIVE_SOCKETS ?? 1_000),
  /** Rounds not counted: the first pushes warm the object's send path and the holder's JIT. */
  warmupRounds: 2,
  rounds: Number(process.env.BENCH_LIVE_ROUNDS ?? 10),
  /** Between rounds, so one round's delivery to the index (D1, after the push) is over before the next. */
  pauseMs: 300,
  /** As many opened and closed before the first memory reading (see live-sockets.mjs, measureMemory). */
  /** Before each memory reading: the upgrades' garbage collected, the object idle. */
  settleMs: 3_000,
  /** A round whose last frame has not arrived by then fails the bench (a missed frame, a hung push). */
  roundTimeoutMs: 15_000,
};
/** The socket holder is killed if it runs this long in all: opening 1,000 sockets on a loaded machine included. */
const HOLDER_TIMEOUT_MS = 300_000;

let holder = null;
process.on("exit", () => holder?.kill("SIGKILL"));

/** The workerd process Miniflare started: this process's child whose command is `workerd`. */
export function workerdPid() {
  const children = readdirSync("/proc")
    .filter((name) => /^\d+$/.test(name))
    .filter((pid) => {
      try {
        // /proc/<pid>/stat: "pid (comm) state ppid …"; comm may hold spaces, so read after the last ")".
        const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
        const comm = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
        const ppid = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
        return comm === "workerd" && ppid === process.pid;
      } catch {
        return false; // exited while we looked
      }
    });
  if (children.length !== 1) throw new Error(`expected one workerd child process, found ${children.length}`);
  return Number(children[0]);
}

function runHolder(plan) {
  return new Promise((resolve, reject) => {
    holder = spawn(process.execPath, [join(import.meta.dirname, "live-sockets.mjs"), JSON.stringify(plan)], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    holder.stdout.on("data", (chunk) => {
      out += chunk;
    });
    const timer = setTimeout(() => holder?.kill("SIGKILL"), HOLDER_TIMEOUT_MS);
    holder.on("error", reject);
    holder.on("exit", (code, signal) => {
      clearTimeout(timer);
      holder = null;
      if (code === 0) resolve(JSON.parse(out));
      else
        reject(new Error(`live fan-out failed (${signal ? `killed after ${HOLDER_TIMEOUT_MS} ms` : `exit ${code}`})`));
    });
  });
}

const round3 = (x) => Math.round(x * 1000) / 1000;
const mib = (kib) => (kib / 1024).toFixed(1);

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

const spread = (values) => ({
  median: round3(median(values)),
  min: round3(Math.min(...values)),
  max: round3(Math.max(...values)),
});

/**
 * A fresh workspace owned by the signed-in user with one seeded viewer (`usr_seed_1`, whose role the rounds
 * flip); `permissionCheckMs` is the permission check's p50 at one connection from the same run's load phase.
 */
export async function measureLiveFanOut({ baseUrl, token, permissionCheckMs }) {
  const workspace = await api(baseUrl, token, "POST", "/api/workspaces", { body: { name: "Bench live" }, status: 201 });
  const seeded = await fetch(`${baseUrl}/__bench/seed?workspace=${workspace.id}&count=1`, { method: "POST" });
  if (!seeded.ok) throw new Error(`seeding the live workspace failed: ${seeded.status} ${await seeded.text()}`);
  const plan = { ...LIVE_PLAN, baseUrl, token, workspaceId: workspace.id, targetUserId: "usr_seed_1" };
  const measured = await runHolder({ ...plan, workerdPid: workerdPid() });
  if (measured.sockets !== LIVE_PLAN.sockets) throw new Error(`opened ${measured.sockets} sockets`);
  const last = measured.rounds.map((r) => r.last_ms);
  return {
    plan: LIVE_PLAN,
    sockets: measured.sockets,
    open_seconds: measured.open_seconds,
    permission_check_p50_ms: permissionCheckMs,
    last_socket_ms: spread(last),
    last_socket_ratio: spread(last.map((ms) => ms / permissionCheckMs)),
    first_socket_ms: spread(measured.rounds.map((r) => r.first_ms)),
    patch_answer_ms: spread(measured.rounds.map((r) => r.patch_ms)),
    rounds: measured.rounds,
    memory: measured.memory,
  };
}

export function printLiveFanOut(live) {
  const range = (s, digits) => `${s.median.toFixed(digits)} (${s.min.toFixed(digits)}–${s.max.toFixed(digits)})`;
  const { memory } = live;
  console.log(
    `\nlive fan-out: one role change to ${live.sockets} open sockets, ${live.rounds.length} rounds, median (min–max)`,
  );
  console.log(`  opening them (ticket, then upgrade, 16 at a time): ${live.open_seconds} s`);
  console.log(`  until the last socket has the frame:  ${range(live.last_socket_ms, 2)} ms`);
  console.log(
    `  as a multiple of one permission check (p50 ${live.permission_check_p50_ms} ms): ${range(live.last_socket_ratio, 1)} ×`,
  );
  console.log(`  until the first socket has it:        ${range(live.first_socket_ms, 2)} ms`);
  console.log(`  until the PATCH is answered:          ${range(live.patch_answer_ms, 2)} ms`);
  console.log(
    `  workerd RSS ${mib(memory.rss_before_kib)} → ${mib(memory.rss_open_kib)} MiB with the sockets open and idle: ${memory.kib_per_socket.toFixed(1)} KiB per socket (${mib(memory.rss_after_rounds_kib)} MiB after the rounds, ${mib(memory.rss_closed_kib)} once they closed)`,
  );
}
