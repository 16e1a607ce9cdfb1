import { describe, expect, it } from "vitest";
import { themeCookie, themeOf } from "./theme";

describe("themeOf", () => {
  it("keeps a known theme and reads anything else as the device's", () => {
    expect(themeOf("light")).toBe("light");
    expect(themeOf("dark")).toBe("dark");
    expect(themeOf("system")).toBe("system");
    for (const other of [undefined, null, "", "blue", "DARK", 1]) expect(themeOf(other)).toBe("system");
  });
});

describe("themeCookie", () => {
  it("names the theme for the sign-in pages on every path, for a year, sent on top-level navigation", () => {
    expect(themeCookie("dark")).toBe("theme=dark; Path=/; Max-Age=31536000; SameSite=Lax");
    expect(themeCookie("system")).toMatch(/^theme=system; /);
  });
});
