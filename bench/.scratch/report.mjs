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
