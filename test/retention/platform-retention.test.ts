/**
 * The platform audit log's retention (one year, cut so the chain still verifies), `GET /api/admin/retention`, and
 * the hourly run repeated and run twice at once (decision 0034).
 */
import { createExecutionContext, createScheduledController, env, waitOnExecutionContext } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import worker from "../../src/index";
import { RETENTION_RULES } from "../../src/retention/periods";
import { signInAdmin } from "../support/admin";
import { call, newUser } from "../support/http";
import { d1Rows, daysAfter, retentionAt, workspaceRows } from "../support/retention";
import { makeLink } from "../support/share-links";
import { createWorkspace } from "../support/workspaces";

const adminEvents = () => d1Rows("select id, at, hash from admin_audit_events order by seq");

describe("the platform audit log (1 year)", () => {
  it("keeps events a day inside the year, cuts them a day past, and the chain still verifies from the cut", async () => {
    let admin = await signInAdmin();
    const person = await newUser("audited");
    expect((await call(admin, "PATCH", `/admin/users/${person.id}`, { first_name: "Audited" })).status).toBe(200);
    const events = await adminEvents();
    expect(events.length).toBeGreaterThanOrEqual(2);
    const newest = events.at(-1)?.at as string;

    await retentionAt(daysAfter(newest, 364));
    expect((await adminEvents()).length).toBe(events.length);

    const run = await retentionAt(daysAfter(newest, 366));
    expect((await adminEvents()).map((row) => row.id)).toEqual([events.at(-1)?.id]);
    expect(await d1Rows("select seq, hash from admin_audit_cut")).toEqual([
      expect.objectContaining({ hash: events.at(-2)?.hash }),
    ]);
    expect(run.platform_audit).toBe(events.length - 1);

    // The run's clock was a year ahead: the admin's session was forgotten with it; they sign in again.
    admin = await signInAdmin();
    expect((await call(admin, "GET", "/admin/audit/verify")).body).toEqual({ valid: true, events_checked: 1 });
    expect((await call(admin, "PATCH", `/admin/users/${person.id}`, { first_name: "Again" })).status).toBe(200);
    const verdict = await call(admin, "GET", "/admin/audit/verify");
    expect(verdict.body.valid).toBe(true);
    expect(verdict.body.events_checked).toBeGreaterThanOrEqual(2);
  });
});

describe("the hourly run, repeated and at once", () => {
  it("removes nothing more when run again, and two runs at once neither fail nor remove anything extra", async () => {
    const owner = await newUser("repeat-owner");
    const workspaceId = await createWorkspace(owner);
    const link = await makeLink(owner, workspaceId);
    expect((await call(owner, "DELETE", `/workspaces/${workspaceId}/links/${link.id}`)).status).toBe(204);
    const kept = await makeLink(owner, workspaceId, { role: "viewer", expires_in_days: 30 });
    const revokedAt = (await workspaceRows(workspaceId)).share_links?.find((row) => row.id === link.id)
      ?.revoked_at as string;
    const at = daysAfter(revokedAt, 31);

    const [first, second] = await Promise.all([retentionAt(at), retentionAt(at)]);
    expect(
      (first.closed_invitations_and_links ?? 0) + (second.closed_invitations_and_links ?? 0),
    ).toBeGreaterThanOrEqual(1);
    const after = await workspaceRows(workspaceId);
    const again = await retentionAt(at);
    expect(again).toEqual({
      ended_sessions: 0,
      sign_in_history: 0,
      closed_invitations_and_links: 0,
      workspace_audit: 0,
      unfinished_sign_ups: 0,
      platform_audit: 0,
    });
    expect(await workspaceRows(workspaceId)).toEqual(after);
    // The link made later (expiring 30 days on) is still inside its period.
    expect(after.share_links?.map((row) => row.id)).toEqual([kept.id]);
  });
});

describe("GET /api/admin/retention", () => {
  it("shows every period in force and when the hourly maintenance last ran it", async () => {
    const ctx = createExecutionContext();
    await worker.scheduled(createScheduledController({ cron: "17 * * * *" }), env, ctx);
    await waitOnExecutionContext(ctx);
    const admin = await signInAdmin();
    const answer = await call(admin, "GET", "/admin/retention");
    expect(answer.status).toBe(200);
    const rules = answer.body.rules as { rule: string; days: number; last_run_at: string | null }[];
    expect(rules.map((row) => row.rule)).toEqual([...RETENTION_RULES]);
    expect(Object.fromEntries(rules.map((row) => [row.rule, row.days]))).toEqual({
      ended_sessions: 30,
      sign_in_history: 90,
      closed_invitations_and_links: 30,
      unfinished_sign_ups: 7,
      deleted_accounts: 30,
      workspace_audit: 90,
      platform_audit: 365,
    });
    for (const row of rules) expect(Date.now() - Date.parse(row.last_run_at ?? "")).toBeLessThan(60_000);
  });

  it("refuses anyone signed out (401) and anyone not an admin (403), and changes nothing", async () => {
    const user = await newUser("not-admin");
    const before = await d1Rows("select * from retention_runs order by rule");
    const anonymous = await call(null, "GET", "/admin/retention");
    expect([anonymous.status, anonymous.body.code]).toEqual([401, "unauthorized"]);
    const refused = await call(user, "GET", "/admin/retention");
    expect([refused.status, refused.body.code]).toEqual([403, "forbidden"]);
    expect(await d1Rows("select * from retention_runs order by rule")).toEqual(before);
  });
});
