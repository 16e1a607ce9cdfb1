import { describe, expect, it } from "vitest";
import { WORKSPACE_AUDIT_ACTIONS, WORKSPACE_AUDIT_TARGETS } from "./audit-actions";
import { auditEventPeople, type WorkspaceKnowledge } from "./audit-people";

const known: WorkspaceKnowledge = {
  members: new Map([["usr_o", { email: "o@example.com", firstName: "Olivia", lastName: "" }]]),
  invitationEmails: new Map([["inv_1", "rita@example.com"]]),
};
const event = (action: string, target: string | null, details: unknown = {}) => ({
  actor_id: "usr_o",
  action,
  target,
  details,
});

describe("auditEventPeople", () => {
  it("names members from their rows, others by id alone, a pseudonym never", () => {
    expect(auditEventPeople(event("role_changed", "usr_gone"), known)).toEqual({
      actor: { id: "usr_o", email: "o@example.com", name: "Olivia" },
      subject: { id: "usr_gone", email: null, name: null },
    });
    expect(auditEventPeople({ ...event("member_purged", "deleted_x"), actor_id: "deleted_x" }, known)).toEqual({
      actor: { id: "deleted_x", email: null, name: null },
      subject: { id: "deleted_x", email: null, name: null },
    });
  });

  it("gives an invitation its address from the details, else its row, never a pseudonym", () => {
    expect(auditEventPeople(event("invitation_created", "inv_2", { email: "a@example.com" }), known).subject).toEqual({
      id: "inv_2",
      email: "a@example.com",
      name: null,
    });
    expect(auditEventPeople(event("invitation_revoked", "inv_1", { reason: "x" }), known).subject?.email).toBe(
      "rita@example.com",
    );
    expect(auditEventPeople(event("invitation_revoked", "inv_3", { email: "deleted_y" }), known).subject?.email).toBe(
      null,
    );
  });

  it("has a subject for every action but the workspace's own and a share link's", () => {
    for (const action of WORKSPACE_AUDIT_ACTIONS) {
      const { subject } = auditEventPeople(event(action, "usr_o"), known);
      expect(subject === null, action).toBe(["workspace", "link"].includes(WORKSPACE_AUDIT_TARGETS[action]));
    }
  });
});
