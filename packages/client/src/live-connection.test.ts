/**
 * The live connection's course over time: each attempt a fresh ticket, `since` the last seq seen, waits that grow
 * after each drop, and a stop on 4403/4401 with its reason. The server side is tested against real sockets in the
 * Workers runtime (test/workspaces/live-*.test.ts) and the two together in web/e2e/live.spec.ts; here the socket is
 * scripted, because what is checked is the client's own schedule, under fake timers.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import type { LiveEndReason, LiveEvent } from "./live";
import { connectLive, type LiveStatus } from "./live-connection";

class ScriptedSocket {
  static opened: ScriptedSocket[] = [];
  readonly OPEN = 1;
  readyState = 0;
  sent: string[] = [];
  closedWith: number | null = null;
  onopen: (() => void) | null = null;
  onmessage: ((message: { data: unknown }) => void) | null = null;
  onclose: ((event: { code: number }) => void) | null = null;
  constructor(readonly url: string) {
    ScriptedSocket.opened.push(this);
  }
  send(data: string) {
    this.sent.push(data);
  }
  close(code: number) {
    this.closedWith = code;
  }
  /** The server's side of the script. */
  accept() {
    this.readyState = 1;
    this.onopen?.();
  }
  push(frame: object) {
    this.onmessage?.({ data: JSON.stringify(frame) });
  }
  drop(code: number) {
    this.readyState = 3;
    this.onclose?.({ code });
  }
}

const event = (seq: number, overrides: Partial<LiveEvent> = {}): LiveEvent => ({
  type: "role_changed",
  workspace_id: "ws_1",
  user_id: "usr_other",
  role: "viewer",
  at: "2026-12-07T12:00:00.000Z",
  seq,
  ...overrides,
});

function start(ticketStatus: () => number = () => 200) {
  let tickets = 0;
  const session = {
    config: { apiUrl: "https://id.example.com/api" } as never,
    fetch: async (url: RequestInfo | URL, init?: RequestInit) => {
      expect([String(url), init?.method]).toEqual(["https://id.example.com/api/workspaces/ws_1/live/ticket", "POST"]);
      const status = ticketStatus();
      return new Response(JSON.stringify({ ticket: `t${++tickets}`, expires_in: 30 }), { status });
    },
  };
  const heard = { events: [] as number[], resyncs: 0, statuses: [] as LiveStatus[], ended: [] as LiveEndReason[] };
  const connection = connectLive(
    session,
    "ws_1",
    {
      onEvent: (e) => heard.events.push(e.seq),
      onResync: () => heard.resyncs++,
      onStatus: (s) => heard.statuses.push(s),
      onEnd: (r) => heard.ended.push(r),
    },
    { userId: "usr_me", random: () => 0, WebSocket: ScriptedSocket as never },
  );
  const latest = () => ScriptedSocket.opened.at(-1) as ScriptedSocket;
  return { connection, heard, latest, tickets: () => tickets };
}

/** Lets the ticket request and the timers due within `ms` run. */
const pass = (ms = 0) => vi.advanceTimersByTimeAsync(ms);

beforeEach(() => {
  vi.useFakeTimers();
  ScriptedSocket.opened = [];
});
afterEach(() => vi.useRealTimers());

describe("the live connection", () => {
  it("reconnects after a drop with a fresh ticket and the last seq, waiting longer each time", async () => {
    const { heard, latest, tickets } = start();
    await pass();
    expect(latest().url).toBe("wss://id.example.com/api/workspaces/ws_1/live?ticket=t1");
    latest().accept();
    latest().push(event(4));
    latest().push(event(5));
    latest().drop(1006);
    expect(heard.statuses).toEqual(["open", "reconnecting"]);

    // The first retry waits 250 ms (random 0: the lower half of 500), not a moment less.
    await pass(249);
    expect(ScriptedSocket.opened).toHaveLength(1);
    await pass(1);
    expect(ScriptedSocket.opened).toHaveLength(2);
    expect(latest().url).toBe("wss://id.example.com/api/workspaces/ws_1/live?ticket=t2&since=5");
    // A refused upgrade closes without opening: the next wait is doubled.
    latest().drop(1006);
    await pass(499);
    expect(ScriptedSocket.opened).toHaveLength(2);
    await pass(1);
    expect(latest().url).toContain("ticket=t3&since=5");
    expect(tickets()).toBe(3);
    latest().accept();
    latest().push(event(6));
    expect(heard.events).toEqual([4, 5, 6]);
    expect(heard.resyncs).toBe(0);
    // A socket that opened starts the waits over.
    latest().drop(1006);
    await pass(250);
    expect(latest().url).toContain("ticket=t4&since=6");
  });

  it("passes resync on, and asks for one after a reconnect it cannot replay", async () => {
    const { heard, latest } = start();
    await pass();
    latest().accept();
    latest().push({ type: "resync" });
    expect(heard.resyncs).toBe(1);
    // No event seen yet: the reconnect has no seq to replay from, so what was missed is unknown.
    latest().drop(1001);
    await pass(250);
    expect(latest().url).not.toContain("since=");
    latest().accept();
    expect(heard.resyncs).toBe(2);
  });

  it("stops on 4403 with the reason of the event about this person, and tries nothing more", async () => {
    const { heard, latest } = start();
    await pass();
    latest().accept();
    latest().push(event(8, { type: "member_removed", user_id: "usr_other" }));
    latest().push(event(9, { type: "member_removed", user_id: "usr_me" }));
    latest().drop(4403);
    expect(heard.ended).toEqual(["removed"]);
    expect(heard.statuses.at(-1)).toBe("ended");
    await pass(60_000);
    expect(ScriptedSocket.opened).toHaveLength(1);
  });

  it("stops on 4401 as an ended session", async () => {
    const { heard, latest } = start();
    await pass();
    latest().accept();
    latest().drop(4401);
    expect(heard.ended).toEqual(["session_ended"]);
    await pass(60_000);
    expect(ScriptedSocket.opened).toHaveLength(1);
  });

  it("a ticket refused with 404 stops; a 503 is tried again", async () => {
    let status = 503;
    const { heard } = start(() => status);
    await pass();
    expect(ScriptedSocket.opened).toHaveLength(0);
    expect(heard.statuses).toEqual(["reconnecting"]);
    status = 404;
    await pass(250);
    expect(heard.ended).toEqual(["not_member"]);
    expect(ScriptedSocket.opened).toHaveLength(0);
  });

  it("pings while open, and close() ends it quietly", async () => {
    const { heard, latest, connection } = start();
    await pass();
    latest().accept();
    await pass(25_000);
    expect(latest().sent).toEqual(["ping"]);
    connection.close();
    expect(latest().closedWith).toBe(1000);
    latest().drop(1000);
    await pass(60_000);
    expect(ScriptedSocket.opened).toHaveLength(1);
    expect(heard.ended).toEqual([]);
  });
});
