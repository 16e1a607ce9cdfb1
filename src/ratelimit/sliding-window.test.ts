import { describe, expect, it } from "vitest";
import { eventsInWindow, type LoggedEvent, releaseEvent, reserveEvent, windowState } from "./sliding-window";

const LIMIT = { limit: 3, windowMs: 1000 };
const at = (ms: number, id = `e${ms}`): LoggedEvent => ({ id, at: ms });

function fill(times: number[]): LoggedEvent[] {
  let log: LoggedEvent[] = [];
  for (const t of times) {
    const result = reserveEvent(log, at(t), LIMIT);
    if (!result.allowed) throw new Error(`refused at ${t}`);
    log = result.log;
  }
  return log;
}

describe("reserveEvent", () => {
  it("takes events up to the limit and counts what remains", () => {
    let log: LoggedEvent[] = [];
    const remaining: number[] = [];
    for (const t of [0, 10, 20]) {
      const result = reserveEvent(log, at(t), LIMIT);
      if (!result.allowed) throw new Error("refused");
      remaining.push(result.remaining);
      log = result.log;
    }
    expect(remaining).toEqual([2, 1, 0]);
  });

  it("refuses the event past the limit and says when the oldest leaves the window", () => {
    const result = reserveEvent(fill([0, 100, 200]), at(500), LIMIT);
    expect(result).toMatchObject({ allowed: false, retryAfterMs: 500 });
  });

  it("holds the limit in any window, not only in fixed ones (no double burst across an edge)", () => {
    const log = fill([900, 950, 990]);
    expect(reserveEvent(log, at(1100), LIMIT).allowed).toBe(false);
    expect(reserveEvent(log, at(1899), LIMIT).allowed).toBe(false);
    expect(reserveEvent(log, at(1900), LIMIT).allowed).toBe(true);
  });

  it("does not record a refused event", () => {
    const log = fill([0, 1, 2]);
    const refused = reserveEvent(log, at(3), LIMIT);
    expect(refused.log.map((e) => e.id)).toEqual(["e0", "e1", "e2"]);
  });

  it("drops events that left the window, so idle keys shrink", () => {
    const result = reserveEvent(fill([0, 1, 2]), at(5000), LIMIT);
    expect(result.log).toEqual([at(5000)]);
  });

  it("refuses until the very millisecond the oldest event leaves", () => {
    const log = fill([1000, 1001, 1002]);
    expect(reserveEvent(log, at(1999), LIMIT)).toMatchObject({ allowed: false, retryAfterMs: 1 });
    expect(reserveEvent(log, at(2000), LIMIT).allowed).toBe(true);
  });
});

describe("releaseEvent", () => {
  it("hands back exactly one reservation", () => {
    const log = fill([0, 1, 2]);
    const released = releaseEvent(log, "e1");
    expect(released.map((e) => e.id)).toEqual(["e0", "e2"]);
    expect(reserveEvent(released, at(3), LIMIT).allowed).toBe(true);
  });

  it("ignores an unknown id", () => {
    expect(releaseEvent(fill([0]), "nope")).toHaveLength(1);
  });
});

describe("windowState and eventsInWindow", () => {
  it("reports what is left without taking anything", () => {
    expect(windowState(fill([0, 1]), 10, LIMIT)).toEqual({ remaining: 1, retryAfterMs: 0 });
    expect(windowState(fill([0, 1, 2]), 10, LIMIT)).toEqual({ remaining: 0, retryAfterMs: 990 });
    expect(windowState(fill([0, 1, 2]), 1002, LIMIT)).toEqual({ remaining: 3, retryAfterMs: 0 });
  });

  it("treats an event exactly windowMs old as gone", () => {
    expect(eventsInWindow([at(0)], 1000, 1000)).toEqual([]);
    expect(eventsInWindow([at(1)], 1000, 1000)).toHaveLength(1);
  });
});
