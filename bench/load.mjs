// The load generator, run as its own process so it never shares a core's event loop with Miniflare.
// Closed loop on raw keep-alive sockets: each connection sends one request, reads the whole response,
// and times it with process.hrtime. autocannon's whole milliseconds are too coarse for these routes.
//
// Input: one JSON argument (see run.mjs). Output: one JSON line of summaries on stdout.
import { connect } from "node:net";

const plan = JSON.parse(process.argv[2] ?? "{}");
const { host, port, routes, concurrencies, rounds, windowMs, warmupMs, maxRequestsPerWindow } = plan;
if (host !== "127.0.0.1") throw new Error("the load generator only targets 127.0.0.1");

const now = () => process.hrtime.bigint();
/** Far above any route's p99 on a loaded machine: only a request that will never be answered reaches it. */
const requestTimeoutMs = 30_000;

/**
 * One keep-alive HTTP/1.1 connection with at most one request in flight. workerd closes a keep-alive connection
 * that sat idle for a while (a peer's connections wait while every other route has its window), so a closed
 * connection is opened again before its next request, outside the request's timing.
 */
class Connection {
  constructor(port) {
    this.port = port;
    this.socket = null;
    this.buffer = Buffer.alloc(0);
    this.pending = null;
  }

  static async open(port) {
    const connection = new Connection(port);
    await connection.ready();
    return connection;
  }

  /** Opens the socket if there is none or the worker closed it. */
  ready() {
    if (this.socket && !this.socket.destroyed) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const socket = connect({ host, port: this.port }, () => {
        socket.off("error", reject);
        resolve();
      });
      socket.once("error", reject);
      socket.setNoDelay(true);
      // An old socket's last events must not touch the request that its successor carries.
      const current = (handler) => (value) => socket === this.socket && handler(value);
      socket.on(
        "data",
        current((chunk) => this.onData(chunk)),
      );
      socket.on(
        "error",
        current((error) => this.fail(error)),
      );
      socket.on(
        "close",
        current(() => {
          const error = new Error("the worker closed the connection before answering");
          // Closed while idle, as the request was written: nothing of an answer came, so sending again is safe.
          error.retry = this.buffer.length === 0;
          this.fail(error);
        }),
      );
      this.socket = socket;
      this.buffer = Buffer.alloc(0);
    });
  }

  /**
   * Sends a pre-built request; resolves with the response status once the whole body has arrived. A request
   * unanswered after `timeoutMs` fails the run with the route's name instead of leaving the process hanging.
   */
  send(request, label, timeoutMs) {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => this.fail(new Error(`${label}: no answer within ${timeoutMs} ms`)), timeoutMs);
      this.pending = {
        resolve: (status) => {
          clearTimeout(timer);
          resolve(status);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      };
      this.socket.write(request);
    });
  }

  onData(chunk) {
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
    const headEnd = this.buffer.indexOf("\r\n\r\n");
    if (headEnd < 0) return;
    const head = this.buffer.toString("latin1", 0, headEnd);
    const status = Number(head.slice(9, 12));
    const length = /\r\ncontent-length:\s*(\d+)/i.exec(head);
    let end;
    if (length) {
      end = headEnd + 4 + Number(length[1]);
      if (this.buffer.length < end) return;
    } else if (/\r\ntransfer-encoding:\s*chunked/i.test(head)) {
      // Small JSON bodies: the terminating zero-length chunk is enough to know the response is whole.
      const last = this.buffer.indexOf("\r\n0\r\n\r\n", headEnd);
      if (last < 0) return;
      end = last + 7;
    } else {
      return this.fail(new Error(`response without a length: ${head.split("\r\n")[0]}`));
    }
    this.buffer = this.buffer.subarray(end);
    const pending = this.pending;
    this.pending = null;
    pending?.resolve(status);
  }

  fail(error) {
    const pending = this.pending;
    this.pending = null;
    pending?.reject(error);
  }

  close() {
    this.socket?.removeAllListeners("close");
    this.socket?.destroy();
  }
}

function requestBytes(route) {
  const auth = route.token ? `authorization: Bearer ${route.token}\r\n` : "";
  return Buffer.from(`GET ${route.path} HTTP/1.1\r\nhost: ${host}:${route.port}\r\n${auth}\r\n`, "latin1");
}

/** Runs one route at one concurrency for windowMs (or maxRequestsPerWindow requests, whichever first). */
async function measure(connections, route, concurrency, ms) {
  const latencies = [];
  let issued = 0;
  let errors = 0;
  let firstError = null;
  const start = now();
  const deadline = start + BigInt(ms) * 1_000_000n;
  await Promise.all(
    connections.slice(0, concurrency).map(async (connection) => {
      while (issued < maxRequestsPerWindow && now() < deadline) {
        issued++;
        await connection.ready();
        const t0 = now();
        const status = await connection.send(route.request, route.name, requestTimeoutMs).catch(async (error) => {
          if (!error.retry) throw error;
          await connection.ready();
          return connection.send(route.request, route.name, requestTimeoutMs);
        });
        latencies.push(Number(now() - t0) / 1e6);
        if (status !== 200) {
          errors++;
          firstError ??= status;
        }
      }
    }),
  );
  const seconds = Number(now() - start) / 1e9;
  return { latencies, requests: latencies.length, errors, firstError, rps: latencies.length / seconds };
}

function percentile(sorted, p) {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function median(values) {
  return percentile(Float64Array.from(values).sort(), 50);
}

const round3 = (x) => Math.round(x * 1000) / 1000;

function summarise(windows) {
  const all = Float64Array.from(windows.flatMap((w) => w.latencies)).sort();
  const rps = windows.map((w) => w.rps);
  return {
    requests: all.length,
    errors: windows.reduce((n, w) => n + w.errors, 0),
    p50_ms: round3(percentile(all, 50)),
    p90_ms: round3(percentile(all, 90)),
    p99_ms: round3(percentile(all, 99)),
    round_p50_ms: windows.map((w) => round3(median(w.latencies))),
    rps: Math.round(median(rps)),
    rps_rounds: rps.map(Math.round),
  };
}

/** Keep-alive connections per port: a route on the peer (its own worker, its own socket) uses the peer's. */
const pools = new Map();
async function connectionsTo(routePort) {
  if (!pools.has(routePort)) {
    const pool = [];
    pools.set(routePort, pool);
    for (let i = 0; i < Math.max(...concurrencies); i++) pool.push(await Connection.open(routePort));
  }
  return pools.get(routePort);
}

try {
  const prepared = [];
  for (const route of routes) {
    const routePort = route.port ?? port;
    prepared.push({ ...route, port: routePort, request: requestBytes({ ...route, port: routePort }) });
  }

  // Warm-up: JIT, the isolate, each Durable Object and its SQLite pages. Nothing here is kept.
  for (const route of prepared) {
    const warm = await measure(await connectionsTo(route.port), route, Math.max(...concurrencies), warmupMs);
    if (warm.errors) throw new Error(`${route.name} answered ${warm.firstError} during warm-up`);
  }

  const results = [];
  for (const concurrency of concurrencies) {
    const windows = new Map(prepared.map((route) => [route.name, []]));
    // Interleaved (A B C A B C …) so drift over time (heat, GC, other load) falls on every route alike.
    for (let round = 0; round < rounds; round++) {
      for (const route of prepared) {
        windows.get(route.name).push(await measure(await connectionsTo(route.port), route, concurrency, windowMs));
      }
    }
    for (const route of prepared) {
      const summary = summarise(windows.get(route.name));
      if (summary.errors) throw new Error(`${route.name}: ${summary.errors} responses were not 200`);
      results.push({
        concurrency,
        route: route.name,
        path: route.path,
        ...(route.peer ? { peer: route.peer } : {}),
        ...summary,
      });
    }
  }
  process.stdout.write(`${JSON.stringify(results)}\n`);
} finally {
  for (const pool of pools.values()) for (const connection of pool) connection.close();
}
