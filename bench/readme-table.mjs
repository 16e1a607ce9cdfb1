// Renders a full run's report (bench/results/latest.json) as the tables of bench/README.md's "Latest full run",
// between two marker comments, so the README always shows the numbers of the committed JSON and nothing else.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

/** bench/README.md's block: every table of the run. */
export const LATEST = {
  start: "<!-- bench:latest:start (written by npm run bench; edit bench/readme-table.mjs) -->",
  end: "<!-- bench:latest:end -->",
};
/** The project README's block: the permission check against Better Auth. */
export const SUMMARY = {
  start: "<!-- bench:summary:start (written by npm run bench; edit bench/readme-table.mjs) -->",
  end: "<!-- bench:summary:end -->",
};

const fixed = (x, digits = 2) => Number(x).toFixed(digits);
const thousands = (n) => Number(n).toLocaleString("en-US");

/** A Markdown table: the first column left-aligned, the others right-aligned. */
function table(header, rows) {
  const align = header.map((_, i) => (i === 0 ? "---" : "---:"));
  return [header, align, ...rows].map((cells) => `| ${cells.join(" | ")} |`).join("\n");
}

function routesTable(results) {
  return table(
    ["route", "conc", "p50 ms", "p90 ms", "p99 ms", "req/s", "req/s rounds", "p50 ×", "req/s ×"],
    results.map((r) => [
      r.route,
      r.concurrency,
      fixed(r.p50_ms, 3),
      fixed(r.p90_ms, 3),
      fixed(r.p99_ms, 3),
      r.rps,
      `${Math.min(...r.rps_rounds)}–${Math.max(...r.rps_rounds)}`,
      fixed(r.p50_ratio),
      fixed(r.rps_ratio),
    ]),
  );
}

function peerTable(versus) {
  return table(
    [
      "members",
      "conc",
      "req/s ours (× health)",
      "req/s Better Auth (× health)",
      "ours ÷ theirs",
      "p50 ms ours",
      "p50 ms theirs",
      "ours ÷ theirs",
    ],
    versus.map((c) => [
      thousands(c.members),
      c.concurrency,
      `${c.ours.rps} (${fixed(c.ours.rps_ratio)}×)`,
      `${c.theirs.rps} (${fixed(c.theirs.rps_ratio)}×)`,
      `**${fixed(c.rps_ours_over_theirs)}×**`,
      fixed(c.ours.p50_ms, 3),
      fixed(c.theirs.p50_ms, 3),
      fixed(c.p50_ours_over_theirs),
    ]),
  );
}

function signInRows(signIns) {
  const by = (name) => signIns.results.find((r) => r.name === name);
  const row = (label, r) => [
    label,
    `${r.per_second}/s (rounds ${Math.min(...r.per_second_rounds)}–${Math.max(...r.per_second_rounds)}), p50 ${r.p50_ms} ms`,
  ];
  return [
    row("password sign-in end to end, 4 connections", by("sign-in: password")),
    row("code sign-in end to end, 4 connections", by("sign-in: code")),
    row("one scrypt verification alone, 4 connections", by("scrypt alone")),
    ["scrypt's share of a password sign-in", `${Math.round(signIns.scrypt_share_of_password_sign_in * 100)} %`],
  ];
}

function otherTable(report) {
  const { webhooks, live, sign_ins: signIns, cold_starts: cold, sizes } = report;
  const objects = cold.workspace_objects;
  const start = cold.worker_start;
  const worker = sizes.worker_bundle;
  const web = sizes.web_app;
  return table(
    ["measure", "value"],
    [
      [
        "a role change with 3 webhook endpoints ÷ with none, p50",
        `${fixed(webhooks.p50_ratio)}× (${webhooks.hooked_p50_ms} vs ${webhooks.none_p50_ms} ms)`,
      ],
      [
        `a role change until the last of ${thousands(live.sockets)} live sockets has its frame`,
        `${live.last_socket_ms.median} ms, ${Math.round(live.last_socket_ratio.median)}× one permission check`,
      ],
      ...signInRows(signIns),
      [
        `workspace object, first check after eviction: ${objects.map((o) => thousands(o.members)).join(" / ")} members`,
        `${objects.map((o) => `${o.first_ms}`).join(" / ")} ms (the next: ${objects.map((o) => `${o.warm_ms}`).join(" / ")} ms)`,
      ],
      [
        "a worker alone in a fresh workerd until ready: one-line floor / ours / Better Auth's",
        `${start.trivial.ready_ms} / ${start.ours.ready_ms} / ${start.peer.ready_ms} ms`,
      ],
      [
        "production bundle, gzip",
        `${worker.gzip_kb} KB (${worker.within ? "within" : "OVER"} the ${worker.budget_kb} KB budget)`,
      ],
      [
        "web app, initial JavaScript, gzip",
        `${web.initial_gzip_kib} KiB in ${web.initial_files} files (${web.within ? "within" : "OVER"} ${web.budget_kib} KiB)`,
      ],
    ],
  );
}

/** The Markdown between the markers for one report. */
export function renderLatest(report) {
  const m = report.machine;
  return [
    `Run on ${report.date.slice(0, 10)} (${m.cpus} × ${m.cpu}, Node ${m.node.replace(/^v/, "")}), ` +
      `${report.plan.rounds} rounds of ${report.plan.windowMs} ms per route, ${report.total_seconds} s in all; ` +
      `load average ${m.load_average_before} before and ${m.load_average_after} after. ` +
      "× is the route's value divided by `health`'s at the same concurrency.",
    "",
    routesTable(report.results),
    "",
    "The same question asked of Better Auth (`auth.api.hasPermission`), same run:",
    "",
    peerTable(report.versus_peer),
    "",
    otherTable(report),
  ].join("\n");
}

/** Puts `rendered` between a block's markers in `text`; throws if the markers are missing. */
export function replaceBlock(text, block, rendered) {
  const start = text.indexOf(block.start);
  const end = text.indexOf(block.end);
  if (start < 0 || end < start) throw new Error(`markers missing: ${block.start}`);
  return `${text.slice(0, start + block.start.length)}\n\n${rendered}\n\n${text.slice(end)}`;
}

/** The text between a block's markers, trimmed (null if the markers are missing). */
export function blockOf(text, block) {
  const start = text.indexOf(block.start);
  const end = text.indexOf(block.end);
  return start < 0 || end < start ? null : text.slice(start + block.start.length, end).trim();
}

/** The project README's few lines: where the numbers come from, and the peer's table. */
export function renderSummary(report) {
  return [
    `The permission check against Better Auth's on the same runtime, from the last full \`npm run bench\` (${report.date.slice(0, 10)}, ` +
      `${report.machine.cpus} cores; every table and what it means: [bench/README.md](bench/README.md#latest-full-run)):`,
    "",
    peerTable(report.versus_peer),
  ].join("\n");
}

const root = join(import.meta.dirname, "..");

/** Rewrites both READMEs' blocks from a full run's report. */
export function writeReadmeTables(report) {
  const rewrite = (path, block, rendered) =>
    writeFileSync(path, replaceBlock(readFileSync(path, "utf8"), block, rendered));
  rewrite(join(root, "bench", "README.md"), LATEST, renderLatest(report));
  rewrite(join(root, "README.md"), SUMMARY, renderSummary(report));
}
