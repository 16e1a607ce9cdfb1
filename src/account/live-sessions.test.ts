/** The bound on the workspaces one session may have live: the oldest notes make room, never the new one. */
import { describe, expect, it } from "vitest";
import { liveNotesToForget, MAX_LIVE_WORKSPACES_PER_SESSION } from "./live-sessions";

describe("liveNotesToForget", () => {
  it("forgets nothing below the bound", () => {
    expect(liveNotesToForget([], 3)).toEqual([]);
    expect(liveNotesToForget(["a", "b"], 3)).toEqual([]);
  });

  it("forgets the oldest notes so that the new one fits", () => {
    expect(liveNotesToForget(["a", "b", "c"], 3)).toEqual(["a"]);
    expect(liveNotesToForget(["a", "b", "c", "d"], 3)).toEqual(["a", "b"]);
  });

  it("keeps 50 workspaces per session by default", () => {
    expect(MAX_LIVE_WORKSPACES_PER_SESSION).toBe(50);
    const noted = Array.from({ length: 50 }, (_, index) => `ws${index}`);
    expect(liveNotesToForget(noted)).toEqual(["ws0"]);
  });
});
