// The load driver, its own process beside the worker (run.mjs starts both): set-up, the timed workload, then the
// checks. Input: one JSON argument (the plan, see run.mjs). Output: one JSON line on stdout (totals, per-operation
// timings and the checks' verdicts); progress on stderr. Every request and socket has a time limit, and run.mjs
// kills this process if it outlives its budget, so a hung server ends the run instead of hanging it.

import { countingFetch, expectJson, Locks, summarise, Tally, Timings } from "./http.mjs";
import { awaitFrames, closeSockets, compareFrames, openSockets } from "./live.mjs";
import { Person } from "./people.mjs";
import { verifyMemberships } from "./verify.mjs";
import { drive, seededRandom, Workload } from "./workload.mjs";
import { buildWorld } from "./world.mjs";

const plan = JSON.parse(process.argv[2] ?? "{}");
const { baseUrl, people: peopleCount, workspaces: workspaceCount, sockets: socketCount, seconds, concurrency } = plan;
if (!baseUrl?.startsWith("http://127.0.0.1:")) throw new Error("the load driver only targets 127.0.0.1");

/** Frames still on their way when the workload stops get this long to arrive. */
const FRAME_DRAIN_MS = 20_000;

const log = (line) => process.stderr.write(`[load] ${line}\n`);
const round1 = (x) => Math.round(x * 10) / 10;

async function phase(name, work) {
  const start = performance.now();
  const value = await work();
  const elapsed = round1((performance.now() - start) / 1000);
  log(`${name}: ${elapsed} s`);
  return { value, seconds: elapsed };
}

/** LOAD_SABOTAGE=5xx: one request to a route that answers 500, as if an operation had; the check must go red. */
async function sabotageServerError(tally) {
  await countingFetch(tally)(`${baseUrl}/__load/sabotage/error`);
}

/** LOAD_SABOTAGE=index: one D1 index row deleted after the drain, before the comparison; the check must go red. */
async function sabotageIndex(tally, workspace) {
  const response = await countingFetch(tally)(`${baseUrl}/__load/sabotage/index?workspace=${workspace.id}`, {
    method: "POST",
  });
  log(`sabotage: dropped the index row of ${(await expectJson(response, 200, "sabotage index")).dropped}`);
}

/** LOAD_SABOTAGE=frame: one received frame dropped (or one invented) before the comparison; the check must go red. */
function sabotageFrame(sockets) {
  const victim = sockets.find((s) => s.frames.length > 0) ?? sockets[0];
  if (victim.frames.length) victim.frames.pop();
  else victim.frames.push({ type: "role_changed", workspace_id: victim.workspace.id, seq: 1 });
  log(`sabotage: one frame of a socket on ${victim.workspace.id} dropped`);
}

/** After the workload: the frames still on their way, then the sockets' and the memberships' verdicts. */
async function verify({ tally, sockets, workspaces }) {
  tally.phase = "verify";
  await awaitFrames(sockets, FRAME_DRAIN_MS);
  if (plan.sabotage === "frame") sabotageFrame(sockets);
  const live = compareFrames(sockets);
  const memberships = await verifyMemberships({
    fetchCounted: countingFetch(tally),
    baseUrl,
    workspaces,
    beforeCompare: plan.sabotage === "index" ? () => sabotageIndex(tally, workspaces[0]) : undefined,
  });
  return { live, memberships };
}

async function main() {
  const tally = new Tally();
  const timings = new Timings();
  const people = Array.from({ length: peopleCount }, (_, i) => new Person(i, baseUrl, tally));
  const phases = {};

  const world = await phase("set-up (owners sign in, workspaces with their watchers)", () =>
    buildWorld({ people, workspaceCount, ownerCount: plan.owners, concurrency, timings }),
  );
  const workspaces = world.value;
  const opened = await phase(`open ${socketCount} live sockets`, () =>
    openSockets({ baseUrl, workspaces, count: socketCount, concurrency, timings }),
  );
  const sockets = opened.value;
  phases.setup_seconds = round1(world.seconds + opened.seconds);

  try {
    tally.phase = "workload";
    const workload = new Workload({ workspaces, people, random: seededRandom(plan.seed), locks: new Locks(), timings });
    const measured = await phase(`workload, ${seconds} s at ${concurrency} in flight`, async () => {
      const elapsed = await drive(workload, { seconds, concurrency });
      if (plan.sabotage === "5xx") await sabotageServerError(tally);
      return elapsed;
    });
    phases.workload_seconds = round1(measured.value);
    const verdicts = await phase("verify", () => verify({ tally, sockets, workspaces }));
    phases.verify_seconds = verdicts.seconds;
    const result = {
      plan: {
        people: peopleCount,
        workspaces: workspaceCount,
        owners: plan.owners,
        sockets: socketCount,
        seconds,
        concurrency,
      },
      phases,
      people_signed_in: people.filter((p) => p.signedIn).length,
      operations: summarise(timings, measured.value),
      statuses: Object.fromEntries([...tally.statuses].sort()),
      server_errors: tally.fiveXX(),
      server_error_examples: tally.serverErrors,
      timeouts: tally.timeouts,
      ...verdicts.value,
    };
    process.stdout.write(`${JSON.stringify(result)}\n`);
  } finally {
    closeSockets(sockets);
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    log(`failed: ${error?.stack ?? error}`);
    process.exit(1);
  },
);
