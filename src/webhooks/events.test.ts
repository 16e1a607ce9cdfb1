import { describe, expect, it } from "vitest";
import { WORKSPACE_AUDIT_ACTIONS } from "../workspace/audit-actions";
import { WEBHOOK_EVENT_TYPES, WORKSPACE_EVENT_TYPES, wantsEvent, workspaceEventOf } from "./events";

const at = "2026-12-07T12:00:00.000Z";

describe("workspace events", () => {
  it("maps every audit action to one dotted event type, none twice", () => {
    const types = WORKSPACE_AUDIT_ACTIONS.map((action) => WORKSPACE_EVENT_TYPES[action]);
    for (const type of types) expect(type).toMatch(/^[a-z]+\.[a-z_]+$/);
    expect(new Set(types).size).toBe(types.length);
    expect(WEBHOOK_EVENT_TYPES).toHaveLength(types.length);
  });

  it("names people by id, with the role facts", () => {
    const event = workspaceEventOf("ws_1", {
      at,
      actorId: "usr_a",
      action: "role_changed",
      target: "usr_b",
      details: { from: "viewer", to: "editor" },
    });
    expect(event).toEqual({
      type: "member.role_changed",
      timestamp: at,
      data: { workspace_id: "ws_1", actor_id: "usr_a", user_id: "usr_b", from: "viewer", to: "editor" },
    });
  });

  it("carries an email only for an invitation to that email", () => {
    const invitation = workspaceEventOf("ws_1", {
      at,
      actorId: "usr_a",
      action: "invitation_created",
      target: "inv_1",
      details: { email: "x@example.com", role: "viewer" },
    });
    expect(invitation.data).toEqual({
      workspace_id: "ws_1",
      actor_id: "usr_a",
      invitation_id: "inv_1",
      role: "viewer",
      email: "x@example.com",
    });
    const removal = workspaceEventOf("ws_1", {
      at,
      actorId: "usr_a",
      action: "member_removed",
      target: "usr_b",
      details: { role: "viewer", email: "b@example.com", first_name: "B" },
    });
    expect(JSON.stringify(removal)).not.toContain("example.com");
    expect(removal.data).not.toHaveProperty("first_name");
  });

  it("keeps what a policy change changed, and nothing of a purge's bookkeeping", () => {
    const policy = workspaceEventOf("ws_1", {
      at,
      actorId: "usr_a",
      action: "policy_changed",
      target: "ws_1",
      details: { require_two_factor: true },
    });
    expect(policy.data).toEqual({ workspace_id: "ws_1", actor_id: "usr_a", changes: { require_two_factor: true } });
    const purge = workspaceEventOf("ws_1", {
      at,
      actorId: "prs_x",
      action: "member_purged",
      target: "prs_x",
      details: { events_redacted: 3, head_before: "abc" },
    });
    expect(purge.data).toEqual({ workspace_id: "ws_1", actor_id: "prs_x", user_id: "prs_x" });
  });

  it("sends an endpoint what it subscribed to (all when null), and pings always", () => {
    expect(wantsEvent(null, "member.joined")).toBe(true);
    expect(wantsEvent(["member.joined"], "member.joined")).toBe(true);
    expect(wantsEvent(["member.left"], "member.joined")).toBe(false);
    expect(wantsEvent([], "ping")).toBe(true);
  });
});
