import { describe, expect, it } from "vitest";
import { themeOf } from "./theme";

describe("themeOf", () => {
  it("keeps a known theme and reads anything else as the device's", () => {
    expect(themeOf("light")).toBe("light");
    expect(themeOf("dark")).toBe("dark");
    expect(themeOf("system")).toBe("system");
    for (const other of [undefined, null, "", "blue", "DARK", 1]) expect(themeOf(other)).toBe("system");
  });
});
