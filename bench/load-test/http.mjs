// The load driver's HTTP side: every request has a time limit, every answer's status is tallied (a 5xx anywhere
// fails the run), and every operation's duration is kept for its percentiles. No request can hang the driver.

/** Any one request that takes longer than this is aborted and counted as a failure. */
export const REQUEST_TIMEOUT_MS = 30_000;

/** Every status seen, per phase ("setup", "workload", "verify"), and the first few unexpected answers in words. */
export class Tally {
  phase = "setup";
  statuses = new Map();
  serverErrors = [];
  timeouts = 0;

  count(status) {
    const key = `${this.phase} ${status}`;
    this.statuses.set(key, (this.statuses.get(key) ?? 0) + 1);
  }

  fiveXX() {
    let n = 0;
    for (const [key, count] of this.statuses) if (Number(key.split(" ")[1]) >= 500) n += count;
    return n;
  }
}

/**
 * A fetch with a time limit that tallies every answer. `headers` (the person's address) go on every request. A
 * 5xx's body is kept (the first ten) so a failed run says what broke.
 */
export function countingFetch(tally, headers = {}) {
  return async (url, init = {}) => {
    const merged = new Headers(init.headers);
    for (const [name, value] of Object.entries(headers)) if (!merged.has(name)) merged.set(name, value);
    let response;
    try {
      response = await fetch(url, { ...init, headers: merged, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
    } catch (error) {
      tally.timeouts++;
      throw new Error(
        `${init.method ?? "GET"} ${new URL(url).pathname}: ${error.name === "TimeoutError" ? "timed out" : error.message}`,
      );
    }
    tally.count(response.status);
    if (response.status >= 500 && tally.serverErrors.length < 10) {
      const body = (await response.clone().text()).slice(0, 300);
      tally.serverErrors.push(`${init.method ?? "GET"} ${new URL(url).pathname} → ${response.status} ${body}`);
    }
    return response;
  };
}

/** Reads the body and throws with what the server said unless the status is the expected one. */
export async function expectJson(response, status, what) {
  const text = await response.text();
  if (response.status !== status)
    throw new Error(`${what}: expected ${status}, got ${response.status} ${text.slice(0, 200)}`);
  return text ? JSON.parse(text) : null;
}

/** Durations (ms) and outcomes per operation name. */
export class Timings {
  ops = new Map();

  entry(name) {
    let entry = this.ops.get(name);
    if (!entry) {
      entry = { ok: 0, failed: 0, durations: [], firstFailures: [] };
      this.ops.set(name, entry);
    }
    return entry;
  }

  /** Runs `work`, timing it under `name`; a throw is counted as a failure of that operation and not rethrown. */
  async time(name, work) {
    const entry = this.entry(name);
    const start = performance.now();
    try {
      const value = await work();
      entry.durations.push(performance.now() - start);
      entry.ok++;
      return { ok: true, value };
    } catch (error) {
      entry.failed++;
      if (entry.firstFailures.length < 5) entry.firstFailures.push(String(error?.message ?? error).slice(0, 400));
      return { ok: false, error };
    }
  }
}

function percentile(sorted, p) {
  if (!sorted.length) return null;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

const round2 = (x) => (x === null ? null : Math.round(x * 100) / 100);

/** One row per operation: count, failures, throughput over `seconds`, and p50 / p90 / p99 / max in ms. */
export function summarise(timings, seconds) {
  return [...timings.ops].map(([name, { ok, failed, durations, firstFailures }]) => {
    const sorted = Float64Array.from(durations).sort();
    return {
      operation: name,
      ok,
      failed,
      per_second: round2(ok / seconds),
      p50_ms: round2(percentile(sorted, 50)),
      p90_ms: round2(percentile(sorted, 90)),
      p99_ms: round2(percentile(sorted, 99)),
      max_ms: round2(sorted.length ? sorted[sorted.length - 1] : null),
      first_failures: firstFailures,
    };
  });
}

/** Keys held by operations in flight: two operations never touch the same person's tokens or membership at once. */
export class Locks {
  held = new Set();

  /** Takes every key or none; answers whether it did. */
  take(...keys) {
    if (keys.some((key) => this.held.has(key))) return false;
    for (const key of keys) this.held.add(key);
    return true;
  }

  release(...keys) {
    for (const key of keys) this.held.delete(key);
  }
}
