import { describe, expect, it } from "vitest";
import { WORKSPACE_AUDIT_ACTIONS } from "../../../src/workspace/audit-actions";
import { itWordsEveryAction, recordedEvent } from "../audit/sentence-cases";
import type { AuditPerson, ReadableEvent } from "../audit/words";
import { WORKSPACE_ACTION_LABELS, workspaceAuditSentence } from "./audit-sentence";

const olivia: AuditPerson = { id: "usr_olivia0000000000000000", email: "olivia@example.com", name: "Olivia" };
const eddie: AuditPerson = { id: "usr_eddie00000000000000000", email: "eddie@example.com", name: "Eddie" };
const erased: AuditPerson = { id: "deleted_abcdefghijklmnopqrstuv", email: null, name: null };
const rita: AuditPerson = { id: "inv_ritaritaritaritarita", email: "rita@example.com", name: null };

const event = recordedEvent;

/** One recorded event of every action, as the server writes it (src/workspace/), with what it must read. */
const CASES: Record<string, [ReadableEvent, string][]> = {
  workspace_created: [
    [event("workspace_created", { name: "Acme" }, olivia, null), "Olivia created the workspace “Acme”"],
  ],
  workspace_renamed: [
    [
      event("workspace_renamed", { from: "Acme", to: "Acme Ltd" }, olivia, null),
      "Olivia renamed the workspace from “Acme” to “Acme Ltd”",
    ],
  ],
  workspace_deleted: [
    [event("workspace_deleted", { name: "Acme" }, olivia, null), "Olivia deleted the workspace “Acme”"],
  ],
  invitation_created: [
    [
      event("invitation_created", { email: "rita@example.com", role: "editor", replaced: null }, olivia, rita),
      "Olivia invited rita@example.com as an editor",
    ],
    [
      event("invitation_created", { email: "rita@example.com", role: "viewer", replaced: "inv_old" }, olivia, rita),
      "Olivia invited rita@example.com as a viewer, replacing the earlier invitation",
    ],
  ],
  invitation_resent: [
    [
      event("invitation_resent", { email: "rita@example.com", role: "viewer" }, olivia, rita),
      "Olivia sent the invitation to rita@example.com again",
    ],
  ],
  invitation_revoked: [
    [
      event("invitation_revoked", { email: "rita@example.com", role: "viewer" }, olivia, rita),
      "Olivia cancelled the invitation to rita@example.com",
    ],
    [
      event(
        "invitation_revoked",
        { email: "rita@example.com", role: "viewer", reason: "inviter_lost_the_right_to_invite" },
        eddie,
        rita,
      ),
      "An invitation to rita@example.com was cancelled because its sender can no longer invite",
    ],
    [
      event("invitation_revoked", { role: "viewer", reason: "account_deleted" }, erased, { ...rita, email: null }),
      "An invitation was withdrawn because the invited person deleted their account",
    ],
  ],
  invitation_accepted: [
    [
      event("invitation_accepted", { email: "eddie@example.com", role: "owner" }, eddie, rita),
      "Eddie accepted the invitation and joined as an owner",
    ],
  ],
  invitation_declined: [
    [event("invitation_declined", { email: "eddie@example.com" }, eddie, rita), "Eddie declined the invitation"],
  ],
  member_left: [
    [event("member_left", { role: "editor" }, eddie, eddie), "Eddie left the workspace (they were an editor)"],
  ],
  member_removed: [
    [event("member_removed", { role: "viewer" }, olivia, eddie), "Olivia removed Eddie from the workspace"],
    [
      event("member_removed", { role: "viewer", reason: "account_deleted" }, erased, erased),
      "A deleted person left the workspace because they deleted their account",
    ],
  ],
  member_expired: [
    [
      event("member_expired", { role: "viewer", expires_at: "2030-01-01T00:00:00.000Z" }, eddie, eddie),
      "Eddie's access expired and they left the workspace (they were a viewer)",
    ],
  ],
  member_purged: [
    [
      event("member_purged", { events_redacted: 3, head_before: "ab" }, erased, erased),
      "A deleted person's details were erased from this log",
    ],
  ],
  role_changed: [
    [
      event("role_changed", { from: "owner", to: "editor" }, olivia, eddie),
      "Olivia changed Eddie's role from owner to editor",
    ],
    [
      event("role_changed", { from: "owner", to: "editor" }, olivia, olivia),
      "Olivia changed their own role from owner to editor",
    ],
    [
      event("role_changed", { from: "viewer", to: "editor" }, olivia, { ...eddie, name: null }),
      "Olivia changed eddie@example.com's role from viewer to editor",
    ],
  ],
  owner_appointed: [
    [
      event("owner_appointed", { from: "editor", reason: "owner_deleted" }, erased, eddie),
      "Eddie became an owner because the only owner deleted their account",
    ],
  ],
  ownership_nominated: [
    [event("ownership_nominated", {}, olivia, eddie), "Olivia offered ownership of the workspace to Eddie"],
  ],
  ownership_nomination_cancelled: [
    [event("ownership_nomination_cancelled", {}, olivia, eddie), "Olivia withdrew the offer of ownership to Eddie"],
  ],
  member_joined: [
    [
      event("member_joined", { via: "link", link_id: "lnk_1", role: "viewer" }, eddie, eddie),
      "Eddie joined through a share link as a viewer",
    ],
  ],
  link_created: [
    [
      event("link_created", { role: "editor", expires_at: "2030-01-01T00:00:00.000Z", max_uses: 10 }, olivia, null),
      "Olivia made a share link for editors",
    ],
  ],
  link_revoked: [
    [event("link_revoked", { role: "viewer" }, olivia, null), "Olivia revoked a share link for viewers"],
    [
      event("link_revoked", { role: "owner", reason: "creator_lost_the_right_to_grant" }, olivia, null),
      "A share link for owners stopped working because its maker can no longer grant that role",
    ],
  ],
  ownership_transferred: [
    [
      event("ownership_transferred", { from: olivia.id }, eddie, eddie),
      "Eddie accepted ownership of the workspace; whoever offered it is now an editor",
    ],
  ],
  policy_changed: [
    [
      event(
        "policy_changed",
        {
          require_two_factor: { from: false, to: true },
          two_factor_grace_days: { from: 7, to: 1 },
          two_factor_deadline: { from: null, to: "2030-01-02T00:00:00.000Z" },
        },
        olivia,
        null,
      ),
      "Olivia required two-factor authentication and set the two-factor grace period to 1 day",
    ],
    [
      event(
        "policy_changed",
        { allowed_email_domains: { from: [], to: ["example.com", "example.org"] } },
        olivia,
        null,
      ),
      "Olivia allowed only example.com, example.org",
    ],
    [
      event("policy_changed", { require_two_factor: { from: true, to: false } }, olivia, null),
      "Olivia stopped requiring two-factor authentication",
    ],
    [
      event("policy_changed", { allowed_email_domains: { from: ["example.com"], to: [] } }, olivia, null),
      "Olivia allowed every email domain",
    ],
  ],
};

const RAW = /\b(usr|deleted|inv|ws|evt)_|_(?:lost|deleted|right)|\breason\b|undefined|null/;

describe("workspaceAuditSentence", () => {
  itWordsEveryAction({
    actions: WORKSPACE_AUDIT_ACTIONS,
    labels: WORKSPACE_ACTION_LABELS,
    cases: CASES,
    sentence: workspaceAuditSentence,
    raw: RAW,
  });

  it("names people who left by email, an erased person as a deleted person, and an unknown action vaguely", () => {
    expect(
      workspaceAuditSentence(event("ownership_nominated", {}, erased, { ...eddie, name: null, email: null })),
    ).toBe("A deleted person offered ownership of the workspace to a former user");
    expect(workspaceAuditSentence(event("something_new", {}, olivia, null))).toBe("Olivia made a change");
  });
});
