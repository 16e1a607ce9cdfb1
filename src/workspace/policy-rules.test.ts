import { describe, expect, it } from "vitest";
import {
  admissionRefusal,
  applyPolicyPatch,
  DEFAULT_POLICY,
  emailDomain,
  invitationRefusal,
  MAX_ALLOWED_EMAIL_DOMAINS,
  memberDeadline,
  normaliseDomain,
  normaliseDomainList,
  outsideAllowedDomains,
  policyRefusal,
  policyView,
  twoFactorDeadline,
  validGraceDays,
  type WorkspacePolicy,
} from "./policy-rules";

const SINCE = "2030-01-01T00:00:00.000Z";
const DAY = 24 * 60 * 60 * 1000;
const required = (graceDays = 7): WorkspacePolicy => ({
  ...DEFAULT_POLICY,
  twoFactorRequiredSince: SINCE,
  twoFactorGraceDays: graceDays,
});
const domains = (...list: string[]): WorkspacePolicy => ({ ...DEFAULT_POLICY, allowedEmailDomains: list });
const ON = { twoFactorOn: true };
const OFF = { twoFactorOn: false };

describe("the policy's defaults and view", () => {
  it("is off, seven days, any domain, the audit log kept whole", () => {
    expect(policyView(DEFAULT_POLICY)).toEqual({
      require_two_factor: false,
      two_factor_grace_days: 7,
      allowed_email_domains: [],
      audit_retention_days: null,
    });
    expect(policyView(required(3)).require_two_factor).toBe(true);
  });
});

describe("twoFactorDeadline and memberDeadline", () => {
  it("is grace days after it was turned on, and none while off", () => {
    expect(twoFactorDeadline(required(7))).toBe("2030-01-08T00:00:00.000Z");
    expect(twoFactorDeadline(required(0))).toBe(SINCE);
    expect(twoFactorDeadline(DEFAULT_POLICY)).toBeNull();
  });

  it("is shown only to members whose two-factor is off", () => {
    expect(memberDeadline(required(), OFF)).toBe("2030-01-08T00:00:00.000Z");
    expect(memberDeadline(required(), ON)).toBeNull();
    expect(memberDeadline(DEFAULT_POLICY, OFF)).toBeNull();
  });
});

describe("policyRefusal", () => {
  const deadline = Date.parse(SINCE) + 7 * DAY;

  it("lets a member without two-factor act until the deadline, and refuses from it on", () => {
    expect(policyRefusal(required(), OFF, deadline - 1)).toBeNull();
    expect(policyRefusal(required(), OFF, deadline)).toBe("two_factor_required");
    expect(policyRefusal(required(), OFF, deadline + 365 * DAY)).toBe("two_factor_required");
  });

  it("never refuses a member with two-factor, nor anyone while the policy is off", () => {
    for (const now of [deadline - 1, deadline, deadline + DAY]) {
      expect(policyRefusal(required(), ON, now)).toBeNull();
      expect(policyRefusal(DEFAULT_POLICY, OFF, now)).toBeNull();
    }
  });

  it("refuses at once with no grace at all", () => {
    expect(policyRefusal(required(0), OFF, Date.parse(SINCE))).toBe("two_factor_required");
  });

  it("ignores allowed domains: existing members stay", () => {
    expect(policyRefusal(domains("example.com"), OFF, deadline)).toBeNull();
  });
});

describe("domains", () => {
  it("takes the part after the last @, lower-cased", () => {
    expect(emailDomain("Ann@Example.COM")).toBe("example.com");
    expect(emailDomain('"a@b"@example.org')).toBe("example.org");
  });

  it("marks addresses outside a non-empty list only, by exact domain", () => {
    expect(outsideAllowedDomains(DEFAULT_POLICY, "a@anything.test")).toBe(false);
    expect(outsideAllowedDomains(domains("example.com"), "a@EXAMPLE.com")).toBe(false);
    expect(outsideAllowedDomains(domains("example.com"), "a@eng.example.com")).toBe(true);
    expect(outsideAllowedDomains(domains("example.com"), "a@example.com.evil.test")).toBe(true);
    expect(outsideAllowedDomains(domains("example.com", "example.org"), "a@example.org")).toBe(false);
  });

  it("refuses invitations outside the list", () => {
    expect(invitationRefusal(domains("example.com"), "b@other.test")).toBe("domain_not_allowed");
    expect(invitationRefusal(domains("example.com"), "b@example.com")).toBeNull();
    expect(invitationRefusal(required(), "b@other.test")).toBeNull();
  });
});

describe("admissionRefusal", () => {
  const both: WorkspacePolicy = { ...required(), allowedEmailDomains: ["example.com"] };

  it.each([
    [DEFAULT_POLICY, "a@other.test", false, null],
    [domains("example.com"), "a@example.com", false, null],
    [domains("example.com"), "a@other.test", true, "domain_not_allowed"],
    [required(), "a@other.test", true, null],
    [required(), "a@other.test", false, "two_factor_required"],
    [both, "a@example.com", true, null],
    [both, "a@example.com", false, "two_factor_required"],
    [both, "a@other.test", false, "domain_not_allowed"],
    [both, "a@other.test", true, "domain_not_allowed"],
  ] as const)("policy %#: %s with two-factor %s → %s", (policy, email, twoFactorOn, expected) => {
    expect(admissionRefusal(policy, { email, twoFactorOn })).toBe(expected);
  });

  it("requires two-factor of newcomers even during the grace period", () => {
    expect(admissionRefusal(required(30), { email: "a@b.test", twoFactorOn: false })).toBe("two_factor_required");
  });
});

describe("normaliseDomain", () => {
  it.each([
    ["example.com", "example.com"],
    ["  Example.COM ", "example.com"],
    ["a-b.c-d.example", "a-b.c-d.example"],
    ["xn--bcher-kva.example", "xn--bcher-kva.example"],
    ["1password.com", "1password.com"],
  ])("takes %j as %j", (value, expected) => {
    expect(normaliseDomain(value)).toBe(expected);
  });

  it.each([
    "",
    "com",
    "@example.com",
    "a@example.com",
    "example..com",
    ".example.com",
    "example.com.",
    "-a.example.com",
    "a-.example.com",
    "exa mple.com",
    "exa_mple.com",
    "bücher.example",
    "10.0.0.1",
    `${"a".repeat(64)}.com`,
    `${"a.".repeat(127)}com`,
  ])("refuses %j", (value) => {
    expect(normaliseDomain(value)).toBeNull();
  });
});

describe("normaliseDomainList", () => {
  it("normalises and removes duplicates, keeping the first order", () => {
    expect(normaliseDomainList(["B.test", "a.test", "b.TEST", " a.test"])).toEqual({
      ok: true,
      domains: ["b.test", "a.test"],
    });
    expect(normaliseDomainList([])).toEqual({ ok: true, domains: [] });
  });

  it("names every invalid entry", () => {
    expect(normaliseDomainList(["a.test", "nope", "b.test", ""])).toEqual({ ok: false, invalid: [1, 3] });
  });

  it("allows 20 different domains, not 21 (duplicates do not count)", () => {
    const twenty = Array.from({ length: MAX_ALLOWED_EMAIL_DOMAINS }, (_, i) => `d${i}.test`);
    expect(normaliseDomainList([...twenty, "D0.test"])).toEqual({ ok: true, domains: twenty });
    expect(normaliseDomainList([...twenty, "d20.test"])).toEqual({ ok: false, tooMany: true });
  });
});

describe("validGraceDays", () => {
  it("takes whole days from 0 to 30", () => {
    expect([0, 1, 7, 30].every(validGraceDays)).toBe(true);
    expect([-1, 31, 1.5, Number.NaN].some(validGraceDays)).toBe(false);
  });
});

describe("applyPolicyPatch", () => {
  const AT = "2030-02-01T00:00:00.000Z";

  it("turning on starts the grace period now and says what changed", () => {
    const change = applyPolicyPatch(DEFAULT_POLICY, { requireTwoFactor: true }, AT);
    expect(change.after).toEqual({ ...DEFAULT_POLICY, twoFactorRequiredSince: AT });
    expect(change.turnedOn).toBe(true);
    expect(change.changed).toEqual({
      require_two_factor: { from: false, to: true },
      two_factor_deadline: { from: null, to: "2030-02-08T00:00:00.000Z" },
    });
  });

  it("asking for it again while on keeps the period that runs, and changes nothing", () => {
    const change = applyPolicyPatch(required(), { requireTwoFactor: true }, AT);
    expect(change.after.twoFactorRequiredSince).toBe(SINCE);
    expect(change.turnedOn).toBe(false);
    expect(change.changed).toEqual({});
  });

  it("a new grace period moves the running deadline", () => {
    const change = applyPolicyPatch(required(7), { twoFactorGraceDays: 1 }, AT);
    expect(change.changed).toEqual({
      two_factor_grace_days: { from: 7, to: 1 },
      two_factor_deadline: { from: "2030-01-08T00:00:00.000Z", to: "2030-01-02T00:00:00.000Z" },
    });
  });

  it("a grace period set while off only changes the number", () => {
    const change = applyPolicyPatch(DEFAULT_POLICY, { twoFactorGraceDays: 0 }, AT);
    expect(change.changed).toEqual({ two_factor_grace_days: { from: 7, to: 0 } });
    expect(change.turnedOn).toBe(false);
  });

  it("turning off clears the period; on again starts a new one", () => {
    const off = applyPolicyPatch(required(), { requireTwoFactor: false }, AT);
    expect(off.after.twoFactorRequiredSince).toBeNull();
    expect(off.changed.require_two_factor).toEqual({ from: true, to: false });
    const again = applyPolicyPatch(off.after, { requireTwoFactor: true }, "2030-03-01T00:00:00.000Z");
    expect(again.after.twoFactorRequiredSince).toBe("2030-03-01T00:00:00.000Z");
    expect(again.turnedOn).toBe(true);
  });

  it("domains replace the list; the same list changes nothing", () => {
    const set = applyPolicyPatch(DEFAULT_POLICY, { allowedEmailDomains: ["a.test"] }, AT);
    expect(set.changed).toEqual({ allowed_email_domains: { from: [], to: ["a.test"] } });
    expect(applyPolicyPatch(set.after, { allowedEmailDomains: ["a.test"] }, AT).changed).toEqual({});
    expect(applyPolicyPatch(set.after, {}, AT).changed).toEqual({});
  });
});

describe("the audit period in a policy change (decision 0034)", () => {
  it("is kept unless asked, set to a number or back to null, and shows in the change", () => {
    const at = "2030-01-01T00:00:00.000Z";
    expect(applyPolicyPatch(DEFAULT_POLICY, { twoFactorGraceDays: 3 }, at).after.auditRetentionDays).toBeNull();
    const set = applyPolicyPatch(DEFAULT_POLICY, { auditRetentionDays: 120 }, at);
    expect(set.changed.audit_retention_days).toEqual({ from: null, to: 120 });
    const back = applyPolicyPatch(set.after, { auditRetentionDays: null }, at);
    expect(back.changed.audit_retention_days).toEqual({ from: 120, to: null });
    expect(applyPolicyPatch(set.after, { auditRetentionDays: 120 }, at).changed).toEqual({});
  });
});
