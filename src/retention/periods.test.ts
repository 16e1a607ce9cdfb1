import { describe, expect, it } from "vitest";
import {
  DEFAULT_RETENTION_DAYS,
  parseRetentionDays,
  RETENTION_FLOOR_DAYS,
  RETENTION_RULES,
  retentionCutoff,
  workspaceAuditPeriodAllowed,
} from "./periods";

describe("the retention table", () => {
  it("has the issue's defaults", () => {
    expect(DEFAULT_RETENTION_DAYS).toEqual({
      ended_sessions: 30,
      sign_in_history: 90,
      closed_invitations_and_links: 30,
      unfinished_sign_ups: 7,
      deleted_accounts: 30,
      workspace_audit: 90,
      platform_audit: 365,
    });
  });

  it("never sets a default below its floor", () => {
    for (const rule of RETENTION_RULES)
      expect(DEFAULT_RETENTION_DAYS[rule]).toBeGreaterThanOrEqual(RETENTION_FLOOR_DAYS[rule]);
  });

  it("cuts whole days back from now", () => {
    expect(retentionCutoff(new Date("2030-04-01T12:00:00.000Z"), 30)).toBe("2030-03-02T12:00:00.000Z");
  });
});

describe("parseRetentionDays", () => {
  it("keeps the defaults when unset or empty", () => {
    expect(parseRetentionDays(undefined)).toEqual({ ok: true, periods: DEFAULT_RETENTION_DAYS });
    expect(parseRetentionDays(" ")).toEqual({ ok: true, periods: DEFAULT_RETENTION_DAYS });
  });

  it("overrides only the rules it names", () => {
    const parsed = parseRetentionDays("ended_sessions=14, platform_audit = 730");
    expect(parsed).toEqual({
      ok: true,
      periods: { ...DEFAULT_RETENTION_DAYS, ended_sessions: 14, platform_audit: 730 },
    });
  });

  it.each([
    ["ended_sessions", "not rule=days"],
    ["ended_sessions=-1", "not rule=days"],
    ["ended_sessions=1.5", "not rule=days"],
    ["sessions=30", "is not a rule"],
    ["ended_sessions=3,ended_sessions=4", "named twice"],
    ["ended_sessions=0", "outside 1-3650"],
    ["deleted_accounts=6", "outside 7-3650"],
    ["workspace_audit=89", "outside 90-3650"],
    ["platform_audit=89", "outside 90-3650"],
    ["sign_in_history=3651", "outside 30-3650"],
  ])("refuses %s", (value, message) => {
    const parsed = parseRetentionDays(value);
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) expect(parsed.message).toContain(message);
  });
});

describe("workspaceAuditPeriodAllowed", () => {
  it("allows keeping the log whole, or whole days from the floor to ten years", () => {
    expect(workspaceAuditPeriodAllowed(null, 90)).toBe(true);
    expect(workspaceAuditPeriodAllowed(90, 90)).toBe(true);
    expect(workspaceAuditPeriodAllowed(3650, 90)).toBe(true);
  });

  it("refuses less than the floor, fractions and more than ten years", () => {
    expect(workspaceAuditPeriodAllowed(89, 90)).toBe(false);
    expect(workspaceAuditPeriodAllowed(120, 180)).toBe(false);
    expect(workspaceAuditPeriodAllowed(90.5, 90)).toBe(false);
    expect(workspaceAuditPeriodAllowed(3651, 90)).toBe(false);
  });
});
