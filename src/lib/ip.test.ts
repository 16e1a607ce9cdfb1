import { describe, expect, it } from "vitest";
import { clientIp, coarseIp, rateLimitIpKey } from "./ip";

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

describe("rateLimitIpKey", () => {
  it("counts an IPv4 address by itself", () => {
    expect(rateLimitIpKey("203.0.113.7")).toBe("203.0.113.7");
  });
  it("counts every address of one IPv6 /64 together", () => {
    const a = rateLimitIpKey("2001:db8:1:2:aaaa::1");
    expect(a).toBe("2001:db8:1:2::/64");
    expect(rateLimitIpKey("2001:0db8:0001:0002:ffff:ffff:ffff:ffff")).toBe(a);
    expect(rateLimitIpKey("2001:db8:1:3::1")).not.toBe(a);
  });
  it("expands :: before taking the prefix", () => {
    expect(rateLimitIpKey("2001:db8::1")).toBe("2001:db8:0:0::/64");
  });
  it("groups requests without an address", () => {
    expect(rateLimitIpKey("")).toBe("unknown");
  });
});
