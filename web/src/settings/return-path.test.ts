import { describe, expect, it } from "vitest";
import { safeReturnPath } from "./return-path";

describe("safeReturnPath", () => {
  it("keeps a path of this app", () => {
    expect(safeReturnPath("/workspaces/ws_1")).toBe("/workspaces/ws_1");
    expect(safeReturnPath("/join/abc_DEF-123")).toBe("/join/abc_DEF-123");
    expect(safeReturnPath("/")).toBe("/");
  });

  it.each([
    [null],
    [""],
    ["https://evil.example/"],
    ["//evil.example/x"],
    ["/\\evil.example"],
    ["/\t/evil.example"],
    ["/\n/evil.example"],
    ["javascript:alert(1)"],
    ["workspaces"],
  ])("refuses %j", (value) => {
    expect(safeReturnPath(value)).toBeNull();
  });
});
