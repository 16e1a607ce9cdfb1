// The live fan-out's socket holder, run as its own process so 1,000 WebSockets never share an event loop with
// Miniflare (run.mjs) or workerd. It opens every socket through the worker's real route (a ticket from
// POST …/live/ticket, then GET …/live?ticket= as an upgrade), reads workerd's resident memory before and after,
// then times role changes until the last socket has its frame. See bench/README.md, "Live fan-out".
//
// Input: one JSON argument (see live-fanout.mjs). Output: one JSON line on stdout. Exits non-zero, naming what
// was missed, if a socket does not open, closes early, or misses a frame within the round's time limit.
import { readFileSync } from "node:fs";
import { setTimeout as sleep } from "node:timers/promises";

const plan = JSON.parse(process.argv[2] ?? "{}");
const { baseUrl, token, workspaceId, targetUserId, sockets: socketCount, workerdPid } = plan;
if (!baseUrl.startsWith("http://127.0.0.1:")) throw new Error("the socket holder only targets 127.0.0.1");

/** Tickets are asked for and upgrades opened this many at a time (a ticket works for 30 s: use it at once). */
const OPEN_CONCURRENCY = 16;
/** RSS is read this many times, this far apart, after the settle pause; the median is kept. */
const RSS_SAMPLES = 5;
const RSS_SAMPLE_GAP_MS = 200;

const headers = { authorization: `Bearer ${token}`, "content-type": "application/json" };
const livePath = `/api/workspaces/${workspaceId}/live`;

/** workerd's resident set in KiB, from the kernel's own accounting of the process. */
function residentKiB() {
  const status = readFileSync(`/proc/${workerdPid}/status`, "utf8");
  const match = /^VmRSS:\s+(\d+) kB$/m.exec(status);
  if (!match) throw new Error(`no VmRSS for workerd (pid ${workerdPid})`);
  return Number(match[1]);
}

async function settledResidentKiB() {
  await sleep(plan.settleMs);
  const samples = [];
  for (let i = 0; i < RSS_SAMPLES; i++) {
    samples.push(residentKiB());
    await sleep(RSS_SAMPLE_GAP_MS);
  }
  return median(samples);
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** One socket: its role_changed frames counted, its close treated as a failure until we close it ourselves. */
class LiveSocket {
  roleChanges = 0;
  closing = false;

  constructor(socket, onRoleChanged, onFailure) {
    this.socket = socket;
    socket.addEventListener("message", (event) => {
      if (event.data === "pong") return;
      const frame = JSON.parse(event.data);
      if (frame.type !== "role_changed") return;
      if (frame.user_id !== targetUserId) return onFailure(new Error(`a frame about ${frame.user_id}`));
      this.roleChanges++;
      onRoleChanged(this, frame);
    });
    socket.addEventListener("close", (event) => {
      if (!this.closing) onFailure(new Error(`a socket closed early (${event.code} ${event.reason})`));
    });
  }
}

async function ticket() {
  const response = await fetch(`${baseUrl}/api/workspaces/${workspaceId}/live/ticket`, { method: "POST", headers });
  if (response.status !== 200) throw new Error(`ticket: ${response.status} ${await response.text()}`);
  return (await response.json()).ticket;
}

function openSocket(ticketText) {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`${baseUrl.replace("http", "ws")}${livePath}?ticket=${ticketText}`);
    const timer = setTimeout(() => reject(new Error("an upgrade did not open within 10 s")), 10_000);
    socket.addEventListener("open", () => {
      clearTimeout(timer);
      resolve(socket);
    });
    socket.addEventListener("error", () => {
      clearTimeout(timer);
      reject(new Error("an upgrade was refused or failed"));
    });
  });
}

/** The round in progress: how many sockets have its frame, and when the first and the last got it. */
let round = null;
let failure = null;
const fail = (error) => {
  failure ??= error;
  round?.reject(error);
};

function onRoleChanged(live, frame) {
  if (!round) return fail(new Error("a role_changed frame outside a round"));
  if (live.roleChanges !== round.index + 1 || frame.role !== round.role) {
    return fail(new Error(`a socket's frame #${live.roleChanges} said ${frame.role} in round ${round.index + 1}`));
  }
  const at = performance.now();
  round.first ??= at;
  if (++round.arrived === socketCount) {
    round.last = at;
    round.resolve();
  }
}

async function openSockets(count) {
  const opened = [];
  let next = 0;
  const worker = async () => {
    while (next < count && !failure) {
      next++;
      opened.push(new LiveSocket(await openSocket(await ticket()), onRoleChanged, fail));
    }
  };
  await Promise.all(Array.from({ length: OPEN_CONCURRENCY }, worker));
  if (failure) throw failure;
  return opened;
}

function closeSockets(sockets) {
  for (const live of sockets) {
    live.closing = true;
    live.socket.close(1000, "bench done");
  }
}

/** One role change; resolves with its timings once every socket has the frame, or rejects at the time limit. */
async function fanOutRound(index) {
  if (failure) throw failure;
  const role = index % 2 === 0 ? "editor" : "viewer";
  const everyone = new Promise((resolve, reject) => {
    round = { index, role, arrived: 0, first: null, last: null, resolve, reject };
  });
  const timer = setTimeout(
    () =>
      fail(
        new Error(
          `round ${index + 1}: ${socketCount - round.arrived} of ${socketCount} sockets missed the frame within ${plan.roundTimeoutMs} ms`,
        ),
      ),
    plan.roundTimeoutMs,
  );
  const sent = performance.now();
  const answer = fetch(`${baseUrl}/api/workspaces/${workspaceId}/members/${targetUserId}`, {
    method: "PATCH",
    headers,
    body: JSON.stringify({ role }),
  }).then(async (response) => {
    if (response.status !== 200) throw new Error(`PATCH: ${response.status} ${await response.text()}`);
    await response.arrayBuffer();
    return performance.now();
  });
  try {
    const [answered] = await Promise.all([answer, everyone]);
    return { last_ms: round.last - sent, first_ms: round.first - sent, patch_ms: answered - sent };
  } finally {
    clearTimeout(timer);
    round = null;
  }
}

/**
 * workerd's RSS with the sockets open and idle, against before. Before that, as many sockets are opened and closed:
 * what the ticket and upgrade path allocates for that many (code, caches, garbage, the allocator's growth) is then
 * in "before", and the difference is what holding the sockets keeps. Read again once they closed, for comparison.
 */
async function measureMemory() {
  closeSockets(await openSockets(socketCount));
  const before = await settledResidentKiB();
  const openStart = performance.now();
  const sockets = await openSockets(socketCount);
  const openMs = performance.now() - openStart;
  const open = await settledResidentKiB();
  if (failure) throw failure;
  return { sockets, openMs, before, open };
}

async function main() {
  const { sockets, openMs, before, open } = await measureMemory();
  const rounds = [];
  for (let i = 0; i < plan.warmupRounds + plan.rounds; i++) {
    const timing = await fanOutRound(i);
    if (i >= plan.warmupRounds) rounds.push(timing);
    await sleep(plan.pauseMs);
  }
  const afterRounds = await settledResidentKiB();
  closeSockets(sockets);
  const closed = await settledResidentKiB();
  const round3 = (x) => Math.round(x * 1000) / 1000;
  const result = {
    sockets: sockets.length,
    open_seconds: round3(openMs / 1000),
    memory: {
      rss_before_kib: before,
      rss_open_kib: open,
      rss_after_rounds_kib: afterRounds,
      rss_closed_kib: closed,
      kib_per_socket: round3((open - before) / sockets.length),
    },
    rounds: rounds.map((r) => ({
      last_ms: round3(r.last_ms),
      first_ms: round3(r.first_ms),
      patch_ms: round3(r.patch_ms),
    })),
  };
  process.stdout.write(`${JSON.stringify(result)}\n`);
  process.exit(0);
}

main().catch((error) => {
  console.error(`live sockets: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
});
