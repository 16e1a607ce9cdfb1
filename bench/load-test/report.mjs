// The load test's verdict and its printed tables: what failed, then throughput and percentiles per operation.

/** Every violated check, in words; empty when the run is green. */
export function violationsOf(result) {
  const violations = [];
  const { live, memberships } = result;
  if (result.server_errors) violations.push(`${result.server_errors} answers were 5xx`);
  if (result.timeouts) violations.push(`${result.timeouts} requests timed out or failed to connect`);
  const failed = result.operations.filter((op) => op.failed);
  for (const op of failed) violations.push(`${op.failed} × ${op.operation} failed: ${op.first_failures[0]}`);
  if (live.missing || live.extra || live.out_of_order || live.closed_early) {
    violations.push(
      `live: ${live.missing} events missing, ${live.extra} extra or repeated, ${live.out_of_order} out of order, ${live.closed_early} sockets closed early`,
    );
  }
  if (memberships.lost || memberships.duplicated || memberships.role_mismatch || memberships.undrained) {
    violations.push(
      `memberships: ${memberships.lost} lost from the index, ${memberships.duplicated} left in it, ${memberships.role_mismatch} with another role, ${memberships.undrained} outboxes not drained`,
    );
  }
  if (memberships.model_mismatch)
    violations.push(`memberships: ${memberships.model_mismatch} differ from the driver's own record`);
  return violations;
}

const pad = (value, width) => String(value ?? "–").padStart(width);

export function printReport(result, violations) {
  const { plan, phases, live, memberships } = result;
  console.log(
    `\nload test: ${plan.seconds} s, ${plan.workspaces} workspaces (${plan.owners} owners), ${plan.people} people (${result.people_signed_in} signed in by the end), ${plan.sockets} live sockets, ${plan.concurrency} in flight`,
  );
  console.log(
    `  worker start ${phases.worker_start_seconds} s, set-up ${phases.setup_seconds} s, workload ${phases.workload_seconds} s, verification ${phases.verify_seconds} s, whole run ${phases.total_seconds} s\n`,
  );
  const header = `${"operation".padEnd(26)}${pad("ok", 8)}${pad("failed", 8)}${pad("per s", 9)}${pad("p50 ms", 9)}${pad("p90 ms", 9)}${pad("p99 ms", 9)}${pad("max ms", 9)}`;
  console.log(header);
  console.log("-".repeat(header.length));
  for (const op of result.operations) {
    console.log(
      `${op.operation.padEnd(26)}${pad(op.ok, 8)}${pad(op.failed, 8)}${pad(op.operation.startsWith("set-up") ? null : op.per_second, 9)}${pad(op.p50_ms, 9)}${pad(op.p90_ms, 9)}${pad(op.p99_ms, 9)}${pad(op.max_ms, 9)}`,
    );
  }
  const workloadOps = result.operations.filter((op) => !op.operation.startsWith("set-up"));
  const total = workloadOps.reduce((sum, op) => sum + op.ok, 0);
  console.log(
    `${"workload, all operations".padEnd(26)}${pad(total, 8)}${pad("", 8)}${pad(Math.round((total / phases.workload_seconds) * 10) / 10, 9)}`,
  );
  console.log(`\nanswers by phase and status: ${JSON.stringify(result.statuses)}`);
  console.log(`5xx: ${result.server_errors}; requests timed out: ${result.timeouts}`);
  for (const example of result.server_error_examples) console.log(`  ${example}`);
  console.log(
    `live: ${live.sockets} sockets, ${live.expected} events expected, ${live.received} received, ${live.missing} missing, ${live.extra} extra, ${live.out_of_order} out of order, ${live.closed_early} closed early`,
  );
  for (const example of live.examples) console.log(`  ${example}`);
  console.log(
    `memberships: ${memberships.memberships} in ${memberships.workspaces} workspaces; ${memberships.lost} lost, ${memberships.duplicated} duplicated, ${memberships.role_mismatch} role mismatches, ${memberships.model_mismatch} unlike the driver's record, ${memberships.undrained} outboxes not drained`,
  );
  for (const example of memberships.examples) console.log(`  ${example}`);
  console.log(violations.length ? `\nFAILED:\n  ${violations.join("\n  ")}` : "\nall checks passed");
}
