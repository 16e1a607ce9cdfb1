import { describe, expect, it } from "vitest";
import {
  deletionConfirmed,
  isPurgeDue,
  nextPurgeStep,
  PURGE_STEPS,
  purgeAfter,
  purgeDueIfDeletedBy,
  purgeRetryDelayMs,
} from "./deletion-rules";

describe("purgeAfter / isPurgeDue", () => {
  it("is thirty days after the deletion, to the millisecond", () => {
    expect(purgeAfter("2026-01-01T10:00:00.000Z")).toBe("2026-01-31T10:00:00.000Z");
  });

  it("is due from that instant on, not a millisecond before", () => {
    const deletedAt = "2026-01-01T10:00:00.000Z";
    expect(isPurgeDue(deletedAt, new Date("2026-01-31T09:59:59.999Z"))).toBe(false);
    expect(isPurgeDue(deletedAt, new Date("2026-01-31T10:00:00.000Z"))).toBe(true);
  });
});

describe("purgeDueIfDeletedBy", () => {
  it("is the instant thirty days back: a deletion then is due now, a millisecond later is not", () => {
    const now = new Date("2026-01-31T10:00:00.000Z");
    const cutoff = purgeDueIfDeletedBy(now);
    expect(cutoff).toBe("2026-01-01T10:00:00.000Z");
    expect(isPurgeDue(cutoff, now)).toBe(true);
    expect(isPurgeDue("2026-01-01T10:00:00.001Z", now)).toBe(false);
  });
});

describe("deletionConfirmed", () => {
  it("takes the own email in any case and with spaces around", () => {
    expect(deletionConfirmed(" Me@Example.com ", "me@example.com")).toBe(true);
  });

  it("refuses anything else", () => {
    expect(deletionConfirmed("you@example.com", "me@example.com")).toBe(false);
    expect(deletionConfirmed("", "me@example.com")).toBe(false);
    expect(deletionConfirmed("me@example.co", "me@example.com")).toBe(false);
  });
});

describe("nextPurgeStep", () => {
  it("walks the steps in order and ends", () => {
    const done: (typeof PURGE_STEPS)[number][] = [];
    for (;;) {
      const step = nextPurgeStep(done);
      if (!step) break;
      done.push(step);
    }
    expect(done).toEqual([...PURGE_STEPS]);
  });

  it("resumes at the first step not done", () => {
    expect(nextPurgeStep(["workspaces"])).toBe("admin_audit");
    expect(nextPurgeStep(["workspaces", "admin_audit", "avatar"])).toBe("sign_in_records");
    expect(nextPurgeStep([...PURGE_STEPS])).toBeNull();
  });

  it("deletes the user row last, after everything that must be found through it", () => {
    expect(PURGE_STEPS.at(-1)).toBe("user_row");
    expect(PURGE_STEPS[0]).toBe("workspaces");
  });
});

describe("purgeRetryDelayMs", () => {
  it("doubles from a minute and stays at six hours", () => {
    expect([1, 2, 3, 9, 10, 100].map(purgeRetryDelayMs)).toEqual([
      60_000, 120_000, 240_000, 15_360_000, 21_600_000, 21_600_000,
    ]);
  });
});
