import { describe, expect, it } from "vitest";
import {
  backoffDelay,
  closeOutcome,
  endingReasonOf,
  type LiveEvent,
  liveSocketUrl,
  parseLiveFrame,
  ticketRefusalOutcome,
} from "./live";

const event = (overrides: Partial<LiveEvent> = {}): LiveEvent => ({
  type: "role_changed",
  workspace_id: "ws_1",
  user_id: "usr_2",
  role: "viewer",
  at: "2026-12-07T12:00:00.000Z",
  seq: 7,
  ...overrides,
});

describe("live frames", () => {
  it("reads an event frame as the server sends it", () => {
    expect(parseLiveFrame(JSON.stringify(event()))).toEqual({ kind: "event", event: event() });
    const deleted = event({ type: "workspace_deleted", role: null, seq: 0 });
    expect(parseLiveFrame(JSON.stringify(deleted))).toEqual({ kind: "event", event: deleted });
  });

  it("reads resync", () => {
    expect(parseLiveFrame('{"type":"resync"}')).toEqual({ kind: "resync" });
  });

  it("ignores pong, binary data, malformed JSON, unknown types and events missing a field", () => {
    const ignored = [
      "pong",
      new ArrayBuffer(2),
      "{",
      "null",
      "42",
      JSON.stringify(event({ type: "future_thing" as LiveEvent["type"] })),
      JSON.stringify(event({ seq: -1 })),
      JSON.stringify(event({ seq: 1.5 })),
      JSON.stringify(event({ role: "admin" as LiveEvent["role"] })),
      JSON.stringify({ ...event(), workspace_id: undefined }),
      JSON.stringify({ ...event(), at: 3 }),
    ];
    for (const data of ignored) expect(parseLiveFrame(data), String(data)).toEqual({ kind: "ignore" });
  });
});

describe("reconnect backoff", () => {
  it("doubles from the base to the cap, always within the upper half of its step", () => {
    const low = (attempt: number) => backoffDelay(attempt, () => 0);
    const high = (attempt: number) => backoffDelay(attempt, () => 0.999999);
    expect([0, 1, 2, 3].map(low)).toEqual([250, 500, 1000, 2000]);
    expect([0, 1, 2, 3].map(high)).toEqual([500, 1000, 2000, 4000]);
    expect(low(20)).toBe(15_000);
    expect(high(20)).toBe(30_000);
    // A huge attempt count neither overflows nor passes the cap.
    expect(high(10_000)).toBe(30_000);
  });

  it("takes its own base and cap", () => {
    expect(backoffDelay(0, () => 0.5, { baseMs: 100, maxMs: 1000 })).toBe(75);
    expect(backoffDelay(9, () => 0.5, { baseMs: 100, maxMs: 1000 })).toBe(750);
  });

  it("spreads retries of the same attempt (jitter)", () => {
    const delays = new Set([0, 0.25, 0.5, 0.75].map((r) => backoffDelay(4, () => r)));
    expect(delays.size).toBe(4);
  });
});

describe("what a close means", () => {
  it("4403 stops, for the reason of the last ending event, else as no longer a member", () => {
    expect(closeOutcome(4403, "removed")).toEqual({ kind: "end", reason: "removed" });
    expect(closeOutcome(4403, "workspace_deleted")).toEqual({ kind: "end", reason: "workspace_deleted" });
    expect(closeOutcome(4403, null)).toEqual({ kind: "end", reason: "not_member" });
  });

  it("4401 stops as an ended session, whatever came before", () => {
    expect(closeOutcome(4401, "removed")).toEqual({ kind: "end", reason: "session_ended" });
  });

  it("any other close is tried again", () => {
    for (const code of [1000, 1001, 1006, 1011, 1012, 4000])
      expect(closeOutcome(code, null)).toEqual({ kind: "retry" });
  });

  it("an event ends things only when it is about this person, or deletes the workspace", () => {
    expect(endingReasonOf(event({ type: "member_removed" }), "usr_2")).toBe("removed");
    expect(endingReasonOf(event({ type: "member_removed" }), "usr_3")).toBeNull();
    expect(endingReasonOf(event({ type: "member_expired" }), "usr_2")).toBe("expired");
    expect(endingReasonOf(event({ type: "member_left" }), "usr_2")).toBe("left");
    expect(endingReasonOf(event({ type: "workspace_deleted", user_id: "usr_9" }), "usr_2")).toBe("workspace_deleted");
    expect(endingReasonOf(event({ type: "role_changed" }), "usr_2")).toBeNull();
    // Without the person's id, the event just before a 4403 is taken as theirs.
    expect(endingReasonOf(event({ type: "member_removed" }))).toBe("removed");
  });

  it("a refused ticket stops only when the workspace is gone for them or the session is", () => {
    expect(ticketRefusalOutcome(404)).toEqual({ kind: "end", reason: "not_member" });
    expect(ticketRefusalOutcome(401)).toEqual({ kind: "end", reason: "session_ended" });
    for (const status of [403, 429, 500, 503]) expect(ticketRefusalOutcome(status)).toEqual({ kind: "retry" });
  });
});

describe("the socket's URL", () => {
  it("is the API's origin with ws: or wss:, the ticket and the last seq", () => {
    expect(liveSocketUrl("https://id.example.com/api", "ws_1", "t k", 12)).toBe(
      "wss://id.example.com/api/workspaces/ws_1/live?ticket=t+k&since=12",
    );
    expect(liveSocketUrl("http://localhost:8787/api", "ws/1", "abc", null)).toBe(
      "ws://localhost:8787/api/workspaces/ws%2F1/live?ticket=abc",
    );
    expect(liveSocketUrl("http://localhost:8787/api", "ws_1", "abc", 0)).toContain("since=0");
  });
});
