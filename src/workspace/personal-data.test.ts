/** What one workspace shows a person of themselves in their export: the rows that name them, never a token hash. */
import { describe, expect, it } from "vitest";
import { type PersonalRows, personalDataView } from "./personal-data";
import type { AuditRow, InvitationRow, MemberRow } from "./views";

const NOW = new Date("2026-11-21T10:00:00.000Z");
const TOKEN_HASH = "a".repeat(64);

const nothing: PersonalRows = {
  workspace: { id: "ws_1", name: "Acme", deletedAt: null },
  member: undefined,
  invitationsSent: [],
  invitationsReceived: [],
  auditEvents: [],
  nomination: undefined,
  shareLinksCreated: [],
};

const member: MemberRow = {
  userId: "usr_me",
  email: "me@example.com",
  firstName: "Ada",
  lastName: "Lovelace",
  firstNameKey: "ada",
  lastNameKey: "lovelace",
  role: "editor",
  joinedAt: "2026-11-01T00:00:00.000Z",
  invitedBy: "usr_owner",
  expiresAt: null,
  expiryWarnedAt: null,
  twoFactorOn: false,
};

const invitation = (change: Partial<InvitationRow>): InvitationRow => ({
  id: "inv_1",
  email: "me@example.com",
  role: "viewer",
  tokenHash: TOKEN_HASH,
  status: "pending",
  expiresAt: "2026-11-25T00:00:00.000Z",
  invitedBy: "usr_owner",
  createdAt: "2026-11-18T00:00:00.000Z",
  resolvedAt: null,
  delivery: "sent",
  grantsExpiresAt: null,
  ...change,
});

const auditRow: AuditRow = {
  seq: 3,
  id: "evt_1",
  at: "2026-11-02T00:00:00.000Z",
  actorId: "usr_me",
  action: "member_left",
  target: "usr_me",
  details: '{"role":"viewer"}',
  prevHash: "b".repeat(64),
  hash: "c".repeat(64),
};

describe("personalDataView", () => {
  it("is null when nothing in the workspace names the person (only an old address was invited)", () => {
    expect(personalDataView(nothing, NOW)).toBeNull();
  });

  it("shows the membership with the copies of the person's email and names, and the workspace's state", () => {
    const view = personalDataView({ ...nothing, workspace: { ...nothing.workspace, deletedAt: "x" }, member }, NOW);
    expect(view).toEqual({
      workspace: { id: "ws_1", name: "Acme", deleted: true },
      membership: {
        role: "editor",
        joined_at: "2026-11-01T00:00:00.000Z",
        invited_by: "usr_owner",
        expires_at: null,
        email: "me@example.com",
        first_name: "Ada",
        last_name: "Lovelace",
      },
      invitations_sent: [],
      invitations_received: [],
      audit_events: [],
      ownership_nomination: null,
      share_links_created: [],
    });
  });

  it("shows when the membership's access ends, as an owner set it", () => {
    const ending = { ...member, expiresAt: "2026-12-24T23:59:59.999Z" };
    expect(personalDataView({ ...nothing, member: ending }, NOW)?.membership?.expires_at).toBe(
      "2026-12-24T23:59:59.999Z",
    );
  });

  it("shows invitations as the API does, with their status at the moment, and never a token hash", () => {
    const expired = invitation({ id: "inv_old", expiresAt: "2026-11-20T00:00:00.000Z" });
    const view = personalDataView(
      { ...nothing, invitationsSent: [expired], invitationsReceived: [invitation({})] },
      NOW,
    );
    expect(view?.invitations_sent.map((row) => [row.id, row.status])).toEqual([["inv_old", "expired"]]);
    expect(view?.invitations_received.map((row) => [row.id, row.status])).toEqual([["inv_1", "pending"]]);
    expect(JSON.stringify(view)).not.toContain(TOKEN_HASH);
    expect(JSON.stringify(view)).not.toMatch(/token/i);
  });

  it("shows audit events in the audit API's shape, and a nomination naming the person", () => {
    const nomination = { nomineeId: "usr_me", nominatedBy: "usr_owner", nominatedAt: "2026-11-03T00:00:00.000Z" };
    const view = personalDataView({ ...nothing, auditEvents: [auditRow], nomination }, NOW);
    expect(view?.audit_events).toEqual([
      {
        id: "evt_1",
        at: "2026-11-02T00:00:00.000Z",
        actor_id: "usr_me",
        action: "member_left",
        target: "usr_me",
        details: { role: "viewer" },
        prev_hash: "b".repeat(64),
        hash: "c".repeat(64),
      },
    ]);
    expect(view?.ownership_nomination).toEqual({
      nominee_id: "usr_me",
      nominated_by: "usr_owner",
      nominated_at: "2026-11-03T00:00:00.000Z",
    });
  });

  it("shows the share links the person made, revoked ones too, never with a token hash", () => {
    const link = {
      id: "lnk_1",
      tokenHash: TOKEN_HASH,
      role: "viewer" as const,
      createdBy: "usr_me",
      createdAt: "2026-11-04T00:00:00.000Z",
      expiresAt: "2026-11-11T00:00:00.000Z",
      maxUses: 10,
      uses: 3,
      revokedAt: "2026-11-05T00:00:00.000Z",
    };
    const view = personalDataView({ ...nothing, shareLinksCreated: [link] }, NOW);
    expect(view?.share_links_created).toEqual([
      {
        id: "lnk_1",
        role: "viewer",
        expires_at: "2026-11-11T00:00:00.000Z",
        max_uses: 10,
        uses: 3,
        created_by: "usr_me",
        created_at: "2026-11-04T00:00:00.000Z",
        revoked_at: "2026-11-05T00:00:00.000Z",
      },
    ]);
    expect(JSON.stringify(view)).not.toContain(TOKEN_HASH);
  });
});
