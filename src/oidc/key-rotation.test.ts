import { describe, expect, it } from "vitest";
import { KEY_PUBLISH_LEAD_MS, KEY_ROTATION_PERIOD_MS, planRotation, signingKeyAt } from "./key-rotation";

const HOUR = 60 * 60 * 1000;
const now = Date.parse("2026-12-07T12:00:00Z");

describe("signingKeyAt", () => {
  it("takes the newest key whose time has come, never a waiting one", () => {
    const keys = [
      { id: "old", created: now - 10 * HOUR },
      { id: "current", created: now - HOUR },
      { id: "next", created: now + HOUR },
    ];
    expect(signingKeyAt(keys, now)?.id).toBe("current");
    expect(signingKeyAt(keys, now + 2 * HOUR)?.id).toBe("next");
    expect(signingKeyAt(keys, now - 20 * HOUR)).toBeNull();
  });
});

describe("planRotation", () => {
  it("adds a next key a rotation period after the current one, at least a publish lead ahead", () => {
    expect(planRotation([{ id: "a", created: now - HOUR }], now).addActivatingAt).toBe(
      now - HOUR + KEY_ROTATION_PERIOD_MS,
    );
    const stale = [{ id: "a", created: now - 30 * 24 * HOUR }];
    expect(planRotation(stale, now).addActivatingAt).toBe(now + KEY_PUBLISH_LEAD_MS);
  });

  it("adds nothing while a next key waits, and a first key at once when there is none", () => {
    expect(
      planRotation(
        [
          { id: "a", created: now - HOUR },
          { id: "b", created: now + HOUR },
        ],
        now,
      ).addActivatingAt,
    ).toBeNull();
    expect(planRotation([], now).addActivatingAt).toBe(now);
  });

  it("retires a superseded key only after its longest token (an hour) and a margin have passed", () => {
    const keys = [
      { id: "a", created: now - 10 * 24 * HOUR },
      { id: "b", created: now - HOUR },
    ];
    expect(planRotation(keys, now).retire).toEqual([]);
    expect(planRotation(keys, now + 14 * 60 * 1000).retire).toEqual([]);
    expect(planRotation(keys, now + 16 * 60 * 1000).retire).toEqual(["a"]);
  });

  it("never retires the signing key nor a waiting one", () => {
    const keys = [
      { id: "current", created: now - 100 * HOUR },
      { id: "next", created: now + HOUR },
    ];
    expect(planRotation(keys, now).retire).toEqual([]);
  });
});
