// Cold starts: (1) a workspace object's first request after eviction, for 11 and 100,001 members, on the running
// worker; (2) a worker's start in a fresh workerd (ours, the peer, and a one-line worker as the floor), then its first
// and second request. See bench/README.md for what each number includes.
import { miniflareFor } from "./setup.mjs";

/** The floor: what starting workerd with a worker that does nothing costs on this machine. */
const TRIVIAL_WORKER = "export default { fetch() { return new Response('ok'); } };";

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)];
const round1 = (x) => Math.round(x * 10) / 10;

async function timedFetch(url, init) {
  const start = performance.now();
  const response = await fetch(url, init);
  await response.arrayBuffer();
  if (response.status !== 200) throw new Error(`${url} answered ${response.status}`);
  return performance.now() - start;
}

async function benchJson(baseUrl, path, method = "GET") {
  const response = await fetch(`${baseUrl}${path}`, { method });
  if (response.status !== 200) throw new Error(`${method} ${path} answered ${response.status}`);
  return response.json();
}

/**
 * One workspace, `rounds` times: evict its object (ctx.abort), time the owner's permission check (the first request
 * meets a new instance: constructor, migration check, the read), then the same check again (warm).
 */
async function objectColdStart(baseUrl, token, workspace, rounds) {
  const first = [];
  const warm = [];
  const url = `${baseUrl}/api/workspaces/${workspace.id}/permissions`;
  const init = { headers: { authorization: `Bearer ${token}` } };
  for (let round = 0; round < rounds; round++) {
    const { instance: before } = await benchJson(baseUrl, `/__bench/instance?workspace=${workspace.id}`);
    const { evicted } = await benchJson(baseUrl, `/__bench/evict?workspace=${workspace.id}`, "POST");
    if (!evicted) throw new Error(`the object of workspace ${workspace.id} was not evicted`);
    first.push(await timedFetch(url, init));
    warm.push(await timedFetch(url, init));
    const { instance: after } = await benchJson(baseUrl, `/__bench/instance?workspace=${workspace.id}`);
    if (after === before) throw new Error("the request after eviction met the old instance");
  }
  return { members: workspace.members, first_ms: round1(median(first)), warm_ms: round1(median(warm)) };
}

/** Starts one worker alone in a fresh workerd `rounds` times: until ready, then its first and second request. */
async function workerStart(options, path, rounds) {
  const ready = [];
  const first = [];
  const second = [];
  for (let round = 0; round < rounds; round++) {
    const start = performance.now();
    const mf = miniflareFor([options]);
    try {
      await mf.ready;
      ready.push(performance.now() - start);
      const url = `${(await mf.unsafeGetDirectURL(options.name)).origin}${path}`;
      first.push(await timedFetch(url));
      second.push(await timedFetch(url));
    } finally {
      await mf.dispose();
    }
  }
  return {
    ready_ms: round1(median(ready)),
    first_request_ms: round1(median(first)),
    second_request_ms: round1(median(second)),
  };
}

export async function measureColdStarts({ baseUrl, token, workspaces, workers, rounds }) {
  const objects = [];
  for (const workspace of workspaces) objects.push(await objectColdStart(baseUrl, token, workspace, rounds));
  const trivial = {
    name: "trivial",
    modules: true,
    script: TRIVIAL_WORKER,
    compatibilityDate: workers.ours.compatibilityDate,
    compatibilityFlags: workers.ours.compatibilityFlags,
    unsafeDirectSockets: [{ host: "127.0.0.1", port: 0 }],
  };
  return {
    rounds,
    workspace_objects: objects,
    worker_start: {
      trivial: await workerStart(trivial, "/", rounds),
      ours: await workerStart(workers.ours, "/api/health", rounds),
      peer: await workerStart(workers.peer, "/health", rounds),
    },
  };
}

export function printColdStarts(cold) {
  console.log(`\ncold starts (median of ${cold.rounds}):`);
  for (const o of cold.workspace_objects) {
    console.log(
      `  workspace object, ${o.members} members: first permission check after eviction ${o.first_ms} ms, the next ${o.warm_ms} ms`,
    );
  }
  for (const [name, w] of Object.entries(cold.worker_start)) {
    console.log(
      `  worker "${name}" in a fresh workerd: ready after ${w.ready_ms} ms, first request ${w.first_request_ms} ms, second ${w.second_request_ms} ms`,
    );
  }
}
