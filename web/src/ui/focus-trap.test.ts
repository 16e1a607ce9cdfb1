import { describe, expect, it } from "vitest";
import { nextFocusIndex } from "./focus-trap";

describe("nextFocusIndex", () => {
  it("moves forward and wraps from the last element to the first", () => {
    expect(nextFocusIndex(3, 0, false)).toBe(1);
    expect(nextFocusIndex(3, 2, false)).toBe(0);
  });

  it("moves backward and wraps from the first element to the last", () => {
    expect(nextFocusIndex(3, 1, true)).toBe(0);
    expect(nextFocusIndex(3, 0, true)).toBe(2);
  });

  it("brings focus from outside to the first element, or the last going backward", () => {
    expect(nextFocusIndex(2, -1, false)).toBe(0);
    expect(nextFocusIndex(2, -1, true)).toBe(1);
  });

  it("stays on the only element, and has nowhere to go without one", () => {
    expect(nextFocusIndex(1, 0, false)).toBe(0);
    expect(nextFocusIndex(1, 0, true)).toBe(0);
    expect(nextFocusIndex(0, -1, false)).toBeNull();
  });
});
