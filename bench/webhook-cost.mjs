// The cost of webhooks to a membership change (issue 21): the same role change (PATCH …/members/:user_id) in a
// workspace with no endpoints and in one with 3, interleaved round by round, timed until the PATCH is answered and
// reported as a ratio (3 endpoints ÷ none). Delivery is off the request path (decision 0035: the change's
// transaction only queues a row per endpoint in the workspace's outbox), so the ratio should be close to 1. Also:
// how long after the PATCH began the last of the 3 receivers had the event. See bench/README.md, "Webhooks".
import { createServer } from "node:http";
import { api } from "./client.mjs";

const WEBHOOK_PLAN = {
  endpoints: 3,
  /** Pairs of changes not counted: the first warm the object's outbox and the endpoint objects' delivery path. */
  warmupRounds: 5,
  rounds: Number(process.env.BENCH_WEBHOOK_ROUNDS ?? 40),
  /** After each pair, so the previous round's deliveries are done before the next change is timed. */
  pauseMs: 150,
  /** Every delivery must have arrived within this time after the last round, or the bench fails. */
  drainTimeoutMs: 15_000,
};

/** Three receivers on one loopback server (`/hooks/1` …), answering 204; each arrival timed in this process. */
async function startReceivers() {
  const arrivals = new Map();
  const server = createServer((request, response) => {
    const at = performance.now();
    request.resume();
    request.on("end", () => {
      const list = arrivals.get(request.url) ?? [];
      list.push(at);
      arrivals.set(request.url, list);
      response.writeHead(204).end();
    });
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address();
  const urls = Array.from({ length: WEBHOOK_PLAN.endpoints }, (_, i) => `http://127.0.0.1:${port}/hooks/${i + 1}`);
  return { urls, arrivals, close: () => new Promise((resolve) => server.close(resolve)) };
}

/** A workspace with one seeded viewer (`usr_seed_1`), whose role the rounds flip. */
async function workspaceWithMember(baseUrl, token, name) {
  const workspace = await api(baseUrl, token, "POST", "/api/workspaces", { body: { name }, status: 201 });
  const seeded = await fetch(`${baseUrl}/__bench/seed?workspace=${workspace.id}&count=1`, { method: "POST" });
  if (!seeded.ok) throw new Error(`seeding "${name}" failed: ${seeded.status} ${await seeded.text()}`);
  return workspace.id;
}

async function changeRole(baseUrl, token, workspaceId, role) {
  const start = performance.now();
  await api(baseUrl, token, "PATCH", `/api/workspaces/${workspaceId}/members/usr_seed_1`, { body: { role } });
  return { start, ms: performance.now() - start };
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const round3 = (x) => Math.round(x * 1000) / 1000;

function quantile(values, q) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Waits until every receiver has had `count` deliveries; fails the bench if they have not in time. */
async function drained(receivers, count) {
  const deadline = Date.now() + WEBHOOK_PLAN.drainTimeoutMs;
  for (;;) {
    const counts = receivers.urls.map((url) => receivers.arrivals.get(new URL(url).pathname)?.length ?? 0);
    if (counts.every((n) => n === count)) return;
    if (counts.some((n) => n > count)) throw new Error(`a receiver got more than ${count} deliveries: ${counts}`);
    if (Date.now() > deadline) throw new Error(`deliveries missing after the rounds: ${counts} of ${count} each`);
    await sleep(100);
  }
}

/**
 * The measurement, on the running worker with the signed-in owner's `token`. Each round changes the role once in
 * each workspace, alternating which goes first, so drift falls on both alike.
 */
export async function measureWebhookCost({ baseUrl, token }) {
  const receivers = await startReceivers();
  try {
    const none = await workspaceWithMember(baseUrl, token, "Bench hooks none");
    const hooked = await workspaceWithMember(baseUrl, token, "Bench hooks 3");
    for (const url of receivers.urls) {
      await api(baseUrl, token, "POST", `/api/workspaces/${hooked}/webhooks`, { body: { url }, status: 201 });
    }
    const total = WEBHOOK_PLAN.warmupRounds + WEBHOOK_PLAN.rounds;
    const timed = { none: [], hooked: [], starts: [] };
    for (let round = 0; round < total; round++) {
      const role = round % 2 === 0 ? "editor" : "viewer";
      const order = round % 2 === 0 ? ["none", "hooked"] : ["hooked", "none"];
      for (const which of order) {
        const change = await changeRole(baseUrl, token, which === "none" ? none : hooked, role);
        if (round < WEBHOOK_PLAN.warmupRounds) continue;
        timed[which].push(change.ms);
        if (which === "hooked") timed.starts.push({ round, start: change.start });
      }
      await sleep(WEBHOOK_PLAN.pauseMs);
    }
    await drained(receivers, total);
    // Each endpoint gets its events in order, and only this workspace's changes reach them: its k-th arrival is the
    // k-th change's.
    const lastArrival = timed.starts.map(({ round, start }) => {
      const arrivals = receivers.urls.map((url) => receivers.arrivals.get(new URL(url).pathname)[round]);
      return Math.max(...arrivals) - start;
    });
    const p50 = { none: median(timed.none), hooked: median(timed.hooked) };
    const p90 = { none: quantile(timed.none, 0.9), hooked: quantile(timed.hooked, 0.9) };
    return {
      plan: WEBHOOK_PLAN,
      none_p50_ms: round3(p50.none),
      hooked_p50_ms: round3(p50.hooked),
      none_p90_ms: round3(p90.none),
      hooked_p90_ms: round3(p90.hooked),
      p50_ratio: round3(p50.hooked / p50.none),
      p90_ratio: round3(p90.hooked / p90.none),
      last_delivery_p50_ms: round3(median(lastArrival)),
      last_delivery_max_ms: round3(Math.max(...lastArrival)),
    };
  } finally {
    await receivers.close();
  }
}

export function printWebhookCost(result) {
  const n = result.plan.endpoints;
  console.log(`\nwebhooks: one role change, ${result.plan.rounds} rounds, in a workspace with ${n} endpoints vs none`);
  console.log(`  PATCH answered, p50: ${result.hooked_p50_ms.toFixed(2)} ms vs ${result.none_p50_ms.toFixed(2)} ms`);
  console.log(
    `  ratio ${n} endpoints ÷ none: p50 ${result.p50_ratio.toFixed(2)} ×, p90 ${result.p90_ratio.toFixed(2)} ×`,
  );
  console.log(
    `  until the last of the ${n} receivers has the event: p50 ${result.last_delivery_p50_ms.toFixed(1)} ms, max ${result.last_delivery_max_ms.toFixed(1)} ms`,
  );
}
