// The live sockets of the load test, opened through the real route (a ticket from POST …/live/ticket, then the
// upgrade), and the check that each one received exactly the events the driver's changes caused in its workspace,
// filtered by what its holder's role may see: none missing, none extra, none twice, in increasing `seq`.
import { setTimeout as sleep } from "node:timers/promises";
import { inParallel, ROLES_OF_WATCHERS } from "./world.mjs";

/** An upgrade that has not opened by then fails the run. */
const OPEN_TIMEOUT_MS = 30_000;

class LiveSocket {
  frames = [];
  closedEarly = null;
  closing = false;

  constructor(workspace, holder, role) {
    this.workspace = workspace;
    this.holder = holder;
    this.role = role;
  }

  async open(baseUrl) {
    const { ticket } = await this.holder.api("POST", `/api/workspaces/${this.workspace.id}/live/ticket`);
    const url = `${baseUrl.replace(/^http/, "ws")}/api/workspaces/${this.workspace.id}/live?ticket=${ticket}`;
    this.socket = await new Promise((resolve, reject) => {
      const socket = new WebSocket(url);
      const timer = setTimeout(() => {
        socket.close();
        reject(new Error(`a live upgrade did not open within ${OPEN_TIMEOUT_MS} ms`));
      }, OPEN_TIMEOUT_MS);
      socket.addEventListener("open", () => {
        clearTimeout(timer);
        resolve(socket);
      });
      socket.addEventListener("error", () => {
        clearTimeout(timer);
        reject(new Error("a live upgrade was refused or failed"));
      });
    });
    this.socket.addEventListener("message", (event) => {
      if (event.data !== "pong") this.frames.push(JSON.parse(event.data));
    });
    this.socket.addEventListener("close", (event) => {
      if (!this.closing) this.closedEarly = `${event.code} ${event.reason}`;
    });
  }

  /** What this socket should have been sent: its workspace's events that its holder's role may see. */
  expected() {
    return this.workspace.events.filter((event) => !event.managersOnly || this.role !== "viewer");
  }

  close() {
    this.closing = true;
    this.socket?.close(1000, "load test done");
  }
}

/**
 * `count` sockets, round the workspaces: the first pass held by the owners, the second by the editor watchers, the
 * third by the viewer watchers, and again (a person may hold several sockets on one workspace).
 */
export async function openSockets({ baseUrl, workspaces, count, concurrency, timings }) {
  const sockets = Array.from({ length: count }, (_, i) => {
    const workspace = workspaces[i % workspaces.length];
    const kind = Math.floor(i / workspaces.length) % 3;
    return new LiveSocket(workspace, workspace.watchers[kind], ROLES_OF_WATCHERS[kind]);
  });
  try {
    await inParallel(sockets, concurrency, async (socket) => {
      const opened = await timings.time("set-up: open live socket", () => socket.open(baseUrl));
      if (!opened.ok) throw opened.error;
    });
  } catch (error) {
    closeSockets(sockets);
    throw error;
  }
  return sockets;
}

export function closeSockets(sockets) {
  for (const socket of sockets) socket.close();
}

/** Waits until every socket has at least its expected number of frames, or `ms` have passed. */
export async function awaitFrames(sockets, ms) {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (sockets.every((s) => s.closedEarly || s.frames.length >= s.expected().length)) return;
    await sleep(50);
  }
}

const keyOf = (event) => `${event.type} ${event.user_id} ${event.role}`;

/** One socket's frames against its expectation: missing and extra events (as multisets), and order and workspace. */
function compareOne(socket) {
  const left = new Map();
  for (const event of socket.expected()) left.set(keyOf(event), (left.get(keyOf(event)) ?? 0) + 1);
  let extra = 0;
  let outOfOrder = 0;
  let lastSeq = -Infinity;
  for (const frame of socket.frames) {
    if (frame.workspace_id !== socket.workspace.id || !(frame.seq > lastSeq)) outOfOrder++;
    lastSeq = frame.seq;
    const count = left.get(keyOf(frame)) ?? 0;
    if (count > 0) left.set(keyOf(frame), count - 1);
    else extra++;
  }
  const missing = [...left.values()].reduce((a, b) => a + b, 0);
  return { missing, extra, outOfOrder };
}

/** The sockets' verdict: counts over all sockets and the first few offending sockets described. */
export function compareFrames(sockets) {
  const verdict = { sockets: sockets.length, expected: 0, received: 0, missing: 0, extra: 0, out_of_order: 0 };
  verdict.closed_early = 0;
  verdict.examples = [];
  for (const socket of sockets) {
    const { missing, extra, outOfOrder } = compareOne(socket);
    verdict.expected += socket.expected().length;
    verdict.received += socket.frames.length;
    verdict.missing += missing;
    verdict.extra += extra;
    verdict.out_of_order += outOfOrder;
    if (socket.closedEarly) verdict.closed_early++;
    if ((missing || extra || outOfOrder || socket.closedEarly) && verdict.examples.length < 5) {
      verdict.examples.push(
        `${socket.workspace.id} (${socket.role}): ${missing} missing, ${extra} extra, ${outOfOrder} out of order` +
          (socket.closedEarly ? `, closed early ${socket.closedEarly}` : ""),
      );
    }
  }
  return verdict;
}
