import { describe, expect, it } from "vitest";
import { clientIp, coarseIp } from "./ip";

describe("coarseIp", () => {
  it("keeps an IPv4 /24", () => {
    expect(coarseIp("203.0.113.77")).toBe("203.0.113.0/24");
  });
  it("keeps an IPv6 /48", () => {
    expect(coarseIp("2001:db8:abcd:12:1:2:3:4")).toBe("2001:db8:abcd::/48");
    expect(coarseIp("2001:0db8::1")).toBe("2001:db8:0::/48");
    expect(coarseIp("::1")).toBe("0:0:0::/48");
  });
  it("keeps nothing of what it does not understand", () => {
    expect(coarseIp("")).toBe("");
    expect(coarseIp("not-an-ip")).toBe("");
  });
});

describe("clientIp", () => {
  it("reads Cloudflare's connecting address", () => {
    expect(clientIp(new Headers({ "cf-connecting-ip": " 198.51.100.2 " }))).toBe("198.51.100.2");
    expect(clientIp(new Headers())).toBe("");
  });
});
