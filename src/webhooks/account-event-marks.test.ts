import { describe, expect, it } from "vitest";
import { markAccountEventsQueued, noticingAccountEvents } from "./account-event-marks";

const tick = () => new Promise((resolve) => setTimeout(resolve, 1));

describe("noticing queued account events", () => {
  it("notices a mark made inside the work, after awaits, and none when there was none", async () => {
    const marked = await noticingAccountEvents(async () => {
      await tick();
      markAccountEventsQueued();
      return "done";
    });
    expect(marked).toEqual({ result: "done", queued: true });
    expect(await noticingAccountEvents(async () => tick())).toEqual({ result: undefined, queued: false });
  });

  it("keeps pieces of work running at once apart, and a mark outside any work is harmless", async () => {
    markAccountEventsQueued();
    const [quiet, busy] = await Promise.all([
      noticingAccountEvents(async () => tick()),
      noticingAccountEvents(async () => {
        await tick();
        markAccountEventsQueued();
      }),
    ]);
    expect([quiet.queued, busy.queued]).toEqual([false, true]);
  });
});
