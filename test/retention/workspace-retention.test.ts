/**
 * Retention of what Workspace objects hold (decision 0034), with the retention run's clock set: closed invitations
 * and share links (30 days), and audit events when the owner chose a period (at least 90 days), cut so that the
 * chain still verifies. The owner's choice is refused below the floor and for anyone but an owner.
 */
import { describe, expect, it } from "vitest";
import { signInAgain } from "../support/account-lifecycle";
import { call, newUser } from "../support/http";
import { nextEmail } from "../support/people";
import { setPolicy } from "../support/policy";
import { daysAfter, retentionAt, workspaceRows } from "../support/retention";
import { makeLink } from "../support/share-links";
import { addMember, createWorkspace, expectRefused, invite } from "../support/workspaces";

const ids = (rows: Record<string, unknown>[] | undefined) => (rows ?? []).map((row) => row.id);

describe("closed invitations and share links (30 days)", () => {
  it("keeps a revoked invitation and a revoked link a day inside the period and removes them a day past", async () => {
    const owner = await newUser("closed-owner");
    const workspaceId = await createWorkspace(owner);
    const invited = await invite(owner, workspaceId, nextEmail("closed-invitee"), "viewer");
    const invitationId = invited.body.id as string;
    const pending = await invite(owner, workspaceId, nextEmail("still-pending"), "viewer");
    expect((await call(owner, "DELETE", `/workspaces/${workspaceId}/invitations/${invitationId}`)).status).toBe(204);
    const link = await makeLink(owner, workspaceId);
    expect((await call(owner, "DELETE", `/workspaces/${workspaceId}/links/${link.id}`)).status).toBe(204);
    const rows = await workspaceRows(workspaceId);
    const revokedAt = rows.invitations?.find((row) => row.id === invitationId)?.resolved_at as string;

    await retentionAt(daysAfter(revokedAt, 29));
    const inside = await workspaceRows(workspaceId);
    expect(ids(inside.invitations)).toContain(invitationId);
    expect(ids(inside.share_links)).toContain(link.id);

    const run = await retentionAt(daysAfter(revokedAt, 31));
    const past = await workspaceRows(workspaceId);
    expect(ids(past.invitations)).not.toContain(invitationId);
    expect(ids(past.share_links)).not.toContain(link.id);
    expect(run.closed_invitations_and_links).toBeGreaterThanOrEqual(2);
    // The pending invitation expired after 7 days: it is kept until 30 days after that.
    expect(ids(past.invitations)).toContain(pending.body.id);
  });

  it("counts an invitation that expired unanswered from its expiry", async () => {
    const owner = await newUser("expired-owner");
    const workspaceId = await createWorkspace(owner);
    const invited = await invite(owner, workspaceId, nextEmail("never-answered"), "viewer");
    const expiresAt = invited.body.expires_at as string;

    await retentionAt(daysAfter(expiresAt, 29));
    expect(ids((await workspaceRows(workspaceId)).invitations)).toContain(invited.body.id);
    await retentionAt(daysAfter(expiresAt, 31));
    expect(ids((await workspaceRows(workspaceId)).invitations)).not.toContain(invited.body.id);
  });
});

describe("workspace audit events (owner's period, at least 90 days)", () => {
  it("keeps the whole log when the owner chose nothing, whatever its age", async () => {
    const owner = await newUser("audit-kept");
    const workspaceId = await createWorkspace(owner);
    await call(owner, "PATCH", `/workspaces/${workspaceId}`, { name: "Renamed" });
    const before = (await workspaceRows(workspaceId)).audit_events?.length;
    await retentionAt(Date.now() + 3000 * 24 * 60 * 60 * 1000);
    expect((await workspaceRows(workspaceId)).audit_events?.length).toBe(before);
  });

  it("cuts events past the owner's period, records the cut, and the chain still verifies", async () => {
    let owner = await newUser("audit-cut");
    const workspaceId = await createWorkspace(owner);
    await call(owner, "PATCH", `/workspaces/${workspaceId}`, { name: "Renamed once" });
    expect((await setPolicy(owner, workspaceId, { audit_retention_days: 90 })).audit_retention_days).toBe(90);
    const events = (await workspaceRows(workspaceId)).audit_events ?? [];
    const newest = events.at(-1)?.at as string;

    await retentionAt(daysAfter(newest, 89));
    expect((await workspaceRows(workspaceId)).audit_events?.length).toBe(events.length);

    const run = await retentionAt(daysAfter(newest, 91));
    const after = await workspaceRows(workspaceId);
    // All but the newest go (the next event links to it); the cut names the newest removed.
    expect(ids(after.audit_events)).toEqual([events.at(-1)?.id]);
    expect(after.audit_cut).toEqual([expect.objectContaining({ hash: events.at(-2)?.hash })]);
    expect(run.workspace_audit).toBeGreaterThanOrEqual(events.length - 1);
    // The run's clock was months ahead: the owner's session expired then, and was forgotten; they sign in again.
    owner = await signInAgain(owner);
    const verified = await call(owner, "GET", `/workspaces/${workspaceId}/audit/verify`);
    expect(verified.body).toEqual({ valid: true, events_checked: 1 });
    // New events chain on, and the log keeps verifying.
    await call(owner, "PATCH", `/workspaces/${workspaceId}`, { name: "Renamed twice" });
    const again = await call(owner, "GET", `/workspaces/${workspaceId}/audit/verify`);
    expect(again.body).toEqual({ valid: true, events_checked: 2 });
  });

  it("refuses a period below 90 days, or one that is not whole days, and changes nothing", async () => {
    const owner = await newUser("audit-short");
    const workspaceId = await createWorkspace(owner);
    for (const days of [89, 0, -1, 90.5, 3651]) {
      await expectRefused(owner, "PATCH", `/workspaces/${workspaceId}/policy`, 400, "validation_failed", {
        audit_retention_days: days,
      });
    }
  });

  it("refuses anyone but an owner, and changes nothing", async () => {
    const owner = await newUser("audit-owner");
    const editor = await newUser("audit-editor");
    const workspaceId = await createWorkspace(owner);
    await addMember(owner, workspaceId, editor, "editor");
    await expectRefused(editor, "PATCH", `/workspaces/${workspaceId}/policy`, 403, "forbidden", {
      audit_retention_days: 365,
    });
  });

  it("lets the owner go back to keeping the whole log", async () => {
    const owner = await newUser("audit-back");
    const workspaceId = await createWorkspace(owner);
    expect((await setPolicy(owner, workspaceId, { audit_retention_days: 400 })).audit_retention_days).toBe(400);
    expect((await setPolicy(owner, workspaceId, { audit_retention_days: null })).audit_retention_days).toBeNull();
  });
});
