import { describe, expect, it } from "vitest";
import { oncePerKey, singleFlight } from "./single-flight";

/** A task whose runs are counted and which settles only when the test says so. */
function controlledTask() {
  const runs: Array<{ resolve: (value: number) => void; reject: (error: Error) => void }> = [];
  const task = () => new Promise<number>((resolve, reject) => runs.push({ resolve, reject }));
  return { task, runs };
}

describe("single-flight refresh", () => {
  it("shares one run among every caller waiting now", async () => {
    const { task, runs } = controlledTask();
    const refresh = singleFlight(task);
    const answers = Promise.all([refresh(), refresh(), refresh()]);
    expect(runs).toHaveLength(1);
    runs[0]?.resolve(7);
    expect(await answers).toEqual([7, 7, 7]);
  });

  it("starts a new run once the last one settled", async () => {
    const { task, runs } = controlledTask();
    const refresh = singleFlight(task);
    const first = refresh();
    runs[0]?.resolve(1);
    await first;
    const second = refresh();
    expect(runs).toHaveLength(2);
    runs[1]?.resolve(2);
    expect(await second).toBe(2);
  });

  it("lets every waiting caller see a failure, and runs again after it", async () => {
    const { task, runs } = controlledTask();
    const refresh = singleFlight(task);
    const waiting = [refresh(), refresh()];
    runs[0]?.reject(new Error("offline"));
    for (const answer of waiting) await expect(answer).rejects.toThrow("offline");
    void refresh();
    expect(runs).toHaveLength(2);
  });
});

describe("once per key (an authorization code works once)", () => {
  it("runs once per key, however often it is asked, and apart for another key", async () => {
    let runs = 0;
    const exchange = oncePerKey(async (url) => {
      runs += 1;
      return `${url}#${runs}`;
    });
    expect(await exchange("a")).toBe("a#1");
    expect(await exchange("a")).toBe("a#1");
    expect(await exchange("b")).toBe("b#2");
    expect(runs).toBe(2);
  });
});
