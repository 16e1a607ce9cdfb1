// Ratios against the baseline route measured in the same run, and the table printed at the end.

const ratio = (x) => Math.round(x * 100) / 100;

/** Adds, per concurrency, each route's p50 and req/s as multiples of the baseline's. */
export function withRatios(results, baseline) {
  return results.map((row) => {
    const base = results.find((r) => r.concurrency === row.concurrency && r.route === baseline);
    if (!base) throw new Error(`no ${baseline} row at concurrency ${row.concurrency}`);
    return { ...row, p50_ratio: ratio(row.p50_ms / base.p50_ms), rps_ratio: ratio(row.rps / base.rps) };
  });
}

export function printTable(results) {
  const header = ["conc", "route", "p50 ms", "p90 ms", "p99 ms", "req/s", "req/s rounds min–max", "p50 ×", "req/s ×"];
  const rows = results.map((r) => [
    String(r.concurrency),
    r.route,
    r.p50_ms.toFixed(3),
    r.p90_ms.toFixed(3),
    r.p99_ms.toFixed(3),
    String(r.rps),
    `${Math.min(...r.rps_rounds)}–${Math.max(...r.rps_rounds)}`,
    r.p50_ratio.toFixed(2),
    r.rps_ratio.toFixed(2),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells) => cells.map((c, i) => (i === 1 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ");
  console.log(`\n${line(header)}`);
  for (const row of rows) console.log(line(row));
  console.log(
    "\n× = the route's value divided by health's at the same concurrency (p50: higher is slower; req/s: lower is slower).",
  );
}

/**
 * Ours beside the peer's, per concurrency and workspace size: `pairs` names each pair of rows ({ members, ours,
 * theirs }). "× theirs" is ours divided by theirs (req/s: above 1 is faster; p50: below 1 is faster).
 */
export function peerComparison(results, pairs) {
  const row = (concurrency, route) => {
    const found = results.find((r) => r.concurrency === concurrency && r.route === route);
    if (!found) throw new Error(`no ${route} row at concurrency ${concurrency}`);
    return found;
  };
  const concurrencies = [...new Set(results.map((r) => r.concurrency))];
  return concurrencies.flatMap((concurrency) =>
    pairs.map(({ members, ours, theirs }) => {
      const a = row(concurrency, ours);
      const b = row(concurrency, theirs);
      return {
        concurrency,
        members,
        ours: { rps: a.rps, p50_ms: a.p50_ms, rps_ratio: a.rps_ratio, p50_ratio: a.p50_ratio },
        theirs: { rps: b.rps, p50_ms: b.p50_ms, rps_ratio: b.rps_ratio, p50_ratio: b.p50_ratio },
        rps_ours_over_theirs: ratio(a.rps / b.rps),
        p50_ours_over_theirs: ratio(a.p50_ms / b.p50_ms),
      };
    }),
  );
}

export function printPeerTable(comparison) {
  const header = ["conc", "members", "req/s ours", "theirs", "ours/theirs", "p50 ms ours", "theirs", "ours/theirs"];
  const rows = comparison.map((c) => [
    String(c.concurrency),
    String(c.members),
    `${c.ours.rps} (${c.ours.rps_ratio.toFixed(2)}×h)`,
    `${c.theirs.rps} (${c.theirs.rps_ratio.toFixed(2)}×h)`,
    c.rps_ours_over_theirs.toFixed(2),
    `${c.ours.p50_ms.toFixed(3)} (${c.ours.p50_ratio.toFixed(2)}×h)`,
    `${c.theirs.p50_ms.toFixed(3)} (${c.theirs.p50_ratio.toFixed(2)}×h)`,
    c.p50_ours_over_theirs.toFixed(2),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
  const line = (cells) => cells.map((c, i) => c.padStart(widths[i])).join("  ");
  console.log("\nthe same question, ours (GET …/permissions) and Better Auth's (auth.api.hasPermission):");
  console.log(line(header));
  for (const row of rows) console.log(line(row));
  console.log(
    "×h = as a multiple of health's at the same concurrency; ours/theirs: req/s above 1 and p50 below 1 favour ours.",
  );
}
