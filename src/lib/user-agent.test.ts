import { describe, expect, it } from "vitest";
import { describeUserAgent } from "./user-agent";

describe("describeUserAgent", () => {
  it("names the browser and the system", () => {
    const chrome = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36";
    expect(describeUserAgent(chrome)).toBe("Chrome on Linux");
    const edge = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/131.0 Safari/537.36 Edg/131.0";
    expect(describeUserAgent(edge)).toBe("Edge on Windows");
    const firefox = "Mozilla/5.0 (Macintosh; Intel Mac OS X 14.1; rv:132.0) Gecko/20100101 Firefox/132.0";
    expect(describeUserAgent(firefox)).toBe("Firefox on macOS");
    const iphone = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Safari/604.1";
    expect(describeUserAgent(iphone)).toBe("Safari on iOS");
  });

  it("shows an unknown agent cut short, and a missing one as unknown", () => {
    expect(describeUserAgent("test-browser/1.0")).toBe("test-browser/1.0");
    expect(describeUserAgent(`curl/${"9".repeat(100)}`)).toHaveLength(60);
    expect(describeUserAgent("  ")).toBe("an unknown device");
    expect(describeUserAgent(undefined)).toBe("an unknown device");
  });
});
