import { describe, expect, it } from "vitest";
import { settleBounded } from "./bounded";

describe("settleBounded", () => {
  it("runs every item, never more than the limit at once, and keeps each outcome in order", async () => {
    let running = 0;
    let most = 0;
    const outcomes = await settleBounded([1, 2, 3, 4, 5, 6, 7], 3, async (n) => {
      running++;
      most = Math.max(most, running);
      await new Promise((resolve) => setTimeout(resolve, 5));
      running--;
      if (n === 4) throw new Error("four");
      return n * 10;
    });
    expect(most).toBe(3);
    expect(outcomes.map((o) => (o.status === "fulfilled" ? o.value : (o.reason as Error).message))).toEqual([
      10,
      20,
      30,
      "four",
      50,
      60,
      70,
    ]);
  });

  it("settles at once with nothing to do", async () => {
    expect(await settleBounded([], 4, async () => 1)).toEqual([]);
  });
});
