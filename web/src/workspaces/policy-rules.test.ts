import { describe, expect, it } from "vitest";
import {
  allowedDomainsWords,
  checkNewDomain,
  normalizeDomain,
  POLICY_LIMITS,
  parseGraceDays,
  requireTwoFactorWords,
  twoFactorBannerWords,
  twoFactorSetupPath,
} from "./policy-rules";

const day = (iso: string) => iso.slice(0, 10);

describe("twoFactorBannerWords", () => {
  const now = new Date("2026-12-07T12:00:00Z");

  it("names the deadline while it is ahead", () => {
    expect(twoFactorBannerWords("2026-12-14T12:00:00Z", now, day)).toBe(
      "This workspace requires two-factor authentication; set it up before 2026-12-14.",
    );
    expect(twoFactorBannerWords("2026-12-07T12:00:01Z", now, day)).toMatch(/before 2026-12-07\.$/);
  });

  it("says now once the deadline has come, never a day in the past", () => {
    expect(twoFactorBannerWords("2026-12-07T12:00:00Z", now, day)).toBe(
      "This workspace requires two-factor authentication; set it up now to keep your access.",
    );
    expect(twoFactorBannerWords("2026-12-01T00:00:00Z", now, day)).toMatch(/set it up now/);
  });
});

describe("twoFactorSetupPath", () => {
  it("leads to the security settings with the page to come back to", () => {
    expect(twoFactorSetupPath("/workspaces/ws_1")).toBe("/settings/security?return=%2Fworkspaces%2Fws_1");
    expect(twoFactorSetupPath("/join/abc")).toBe("/settings/security?return=%2Fjoin%2Fabc");
  });
});

describe("requireTwoFactorWords", () => {
  it("says when members without two-factor lose access", () => {
    expect(requireTwoFactorWords(0)).toMatch(/lose access to this workspace at once until/);
    expect(requireTwoFactorWords(1)).toMatch(/after 1 day,/);
    expect(requireTwoFactorWords(7)).toMatch(/after 7 days,/);
    expect(requireTwoFactorWords(7)).toMatch(/New members need it on to join\.$/);
  });

  it("tells an owner without two-factor that the deadline is theirs too", () => {
    expect(requireTwoFactorWords(0, false)).toMatch(/at once .* This includes you: turn two-factor authentication on/);
    expect(requireTwoFactorWords(7, true)).not.toMatch(/includes you/);
  });
});

describe("parseGraceDays", () => {
  it("takes whole days from 0 to 30", () => {
    expect(POLICY_LIMITS.graceDays).toEqual({ min: 0, max: 30, default: 7 });
    expect(parseGraceDays("0")).toBe(0);
    expect(parseGraceDays(" 30 ")).toBe(30);
    for (const bad of ["", "-1", "31", "2.5", "seven", "1e1"]) expect(parseGraceDays(bad)).toBeNull();
  });
});

describe("allowed domains", () => {
  it("compares domains as the server does: trimmed, lower-case, without a leading @", () => {
    expect(normalizeDomain("  @Example.COM ")).toBe("example.com");
    expect(normalizeDomain("example.com.")).toBe("example.com");
  });

  it("adds a valid new domain", () => {
    expect(checkNewDomain("Example.com", [])).toEqual({ ok: true, domain: "example.com" });
    expect(checkNewDomain("mail.example.co.uk", ["example.com"])).toEqual({ ok: true, domain: "mail.example.co.uk" });
  });

  it.each([
    [""],
    ["   "],
    ["example"],
    ["exa mple.com"],
    ["-bad.com"],
    ["bad-.com"],
    ["a@b.com"],
    ["example.123"],
    ["example..com"],
  ])("refuses %j as not a domain", (typed) => {
    const check = checkNewDomain(typed, []);
    expect(check.ok).toBe(false);
    if (!check.ok) expect(check.message).toMatch(/^Enter a domain like example\.com/);
  });

  it("refuses a domain already listed, in any case", () => {
    expect(checkNewDomain("EXAMPLE.com", ["example.com"])).toEqual({
      ok: false,
      message: "example.com is already in the list.",
    });
  });

  it("refuses a 21st domain", () => {
    const twenty = Array.from({ length: 20 }, (_, i) => `d${i}.example`);
    expect(checkNewDomain("d20.example", twenty.slice(0, 19))).toEqual({ ok: true, domain: "d20.example" });
    expect(checkNewDomain("another.example", twenty)).toEqual({
      ok: false,
      message: "A workspace can allow at most 20 domains. Remove one first.",
    });
  });

  it("says whom the list lets in", () => {
    expect(allowedDomainsWords([])).toBe("Anyone may be invited or join by link, whatever their email address.");
    expect(allowedDomainsWords(["a.com"])).toMatch(/^Only people with an email address at a\.com may be invited/);
    expect(allowedDomainsWords(["a.com", "b.com", "c.com"])).toMatch(/at a\.com, b\.com or c\.com may/);
  });
});
