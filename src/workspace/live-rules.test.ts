/** The live rules: audit action → event, who sees which event, the replay window, and the ticket verdict. */
import { describe, expect, it } from "vitest";
import { WORKSPACE_AUDIT_ACTIONS } from "./audit-actions";
import {
  canSeeLiveEvent,
  LIVE_EVENT_TYPES,
  type LiveFacts,
  liveFactsOf,
  MAX_REPLAY_EVENTS,
  parseSince,
  replayPlan,
  ticketVerdict,
} from "./live-rules";
import { ROLES } from "./roles";

const audit = (action: string, details: Record<string, unknown> = {}) => ({
  action,
  actorId: "usr_actor",
  target: "usr_target",
  details,
});

describe("liveFactsOf", () => {
  it("maps each pushed audit action to its event, naming the member and the role involved", () => {
    expect(liveFactsOf(audit("invitation_accepted", { role: "editor" }))).toEqual({
      type: "member_joined",
      user_id: "usr_actor",
      role: "editor",
    });
    expect(liveFactsOf(audit("member_left", { role: "viewer" }))).toMatchObject({
      user_id: "usr_target",
      role: "viewer",
    });
    expect(liveFactsOf(audit("member_removed", { role: "editor" }))?.type).toBe("member_removed");
    expect(liveFactsOf(audit("role_changed", { from: "editor", to: "viewer" }))).toMatchObject({ role: "viewer" });
    expect(liveFactsOf(audit("invitation_created", { role: "viewer", email: "a@b.c" }))).toEqual({
      type: "invitation_created",
      user_id: "usr_actor",
      role: "viewer",
    });
    expect(liveFactsOf(audit("member_joined", { via: "link", link_id: "lnk_1", role: "viewer" }))).toEqual({
      type: "member_joined",
      user_id: "usr_target",
      role: "viewer",
    });
    expect(liveFactsOf(audit("link_created", { role: "editor" }))).toEqual({
      type: "link_created",
      user_id: "usr_actor",
      role: "editor",
    });
    expect(liveFactsOf(audit("link_revoked", { role: "viewer" }))).toMatchObject({ type: "link_revoked" });
    expect(liveFactsOf(audit("ownership_nominated"))).toMatchObject({ type: "ownership_offered", role: "owner" });
    expect(liveFactsOf(audit("workspace_deleted"))).toEqual({
      type: "workspace_deleted",
      user_id: "usr_actor",
      role: null,
    });
  });

  it("covers every live event type, and pushes no resend, decline, cancellation or purge", () => {
    const types = WORKSPACE_AUDIT_ACTIONS.map((action) => liveFactsOf(audit(action, { role: "viewer" }))?.type);
    expect(new Set(types.filter(Boolean))).toEqual(new Set(LIVE_EVENT_TYPES));
    for (const action of [
      "invitation_resent",
      "invitation_declined",
      "ownership_nomination_cancelled",
      "member_purged",
    ]) {
      expect(liveFactsOf(audit(action))).toBeNull();
    }
  });

  it("reads an unknown role in the details as null, never as a role", () => {
    expect(liveFactsOf(audit("role_changed", { to: "admin" }))?.role).toBeNull();
  });
});

describe("canSeeLiveEvent", () => {
  const event = (type: LiveFacts["type"], userId: string | null = "usr_other"): LiveFacts => ({
    type,
    user_id: userId,
    role: "viewer",
  });

  it("sends invitation events to editors and owners only, as the invitations list", () => {
    for (const type of ["invitation_created", "invitation_revoked"] as const) {
      expect(canSeeLiveEvent(event(type), { userId: "u", role: "owner" })).toBe(true);
      expect(canSeeLiveEvent(event(type), { userId: "u", role: "editor" })).toBe(true);
      expect(canSeeLiveEvent(event(type), { userId: "u", role: "viewer" })).toBe(false);
      // Naming the viewer as the inviter grants nothing: a demoted inviter stops seeing invitations.
      expect(canSeeLiveEvent(event(type, "u"), { userId: "u", role: "viewer" })).toBe(false);
    }
  });

  it("sends an ownership offer to owners and the nominee only", () => {
    expect(canSeeLiveEvent(event("ownership_offered"), { userId: "u", role: "owner" })).toBe(true);
    expect(canSeeLiveEvent(event("ownership_offered"), { userId: "u", role: "editor" })).toBe(false);
    expect(canSeeLiveEvent(event("ownership_offered", "u"), { userId: "u", role: "viewer" })).toBe(true);
  });

  it("sends member and workspace events to every member", () => {
    const open = LIVE_EVENT_TYPES.filter(
      (type) => !type.startsWith("invitation_") && !type.startsWith("link_") && type !== "ownership_offered",
    );
    for (const type of open)
      for (const role of ROLES) expect(canSeeLiveEvent(event(type), { userId: "u", role })).toBe(true);
  });

  it("sends a former member only what is about them, and the deletion", () => {
    const gone = { userId: "u", role: null };
    expect(canSeeLiveEvent(event("member_removed", "u"), gone)).toBe(true);
    expect(canSeeLiveEvent(event("member_removed", "usr_other"), gone)).toBe(false);
    expect(canSeeLiveEvent(event("workspace_renamed"), gone)).toBe(false);
    expect(canSeeLiveEvent(event("workspace_deleted"), gone)).toBe(true);
    expect(canSeeLiveEvent(event("invitation_created", "u"), gone)).toBe(false);
    expect(canSeeLiveEvent(event("link_revoked", "u"), gone)).toBe(false);
  });

  it("sends share link events to editors and owners only, even a viewer who made the link", () => {
    for (const type of ["link_created", "link_revoked"] as const) {
      expect(canSeeLiveEvent(event(type), { userId: "u", role: "owner" })).toBe(true);
      expect(canSeeLiveEvent(event(type), { userId: "u", role: "editor" })).toBe(true);
      expect(canSeeLiveEvent(event(type, "u"), { userId: "u", role: "viewer" })).toBe(false);
    }
  });
});

describe("replayPlan", () => {
  it("sends nothing on a first connection or when nothing was missed", () => {
    expect(replayPlan(null, 7)).toEqual({ kind: "nothing" });
    expect(replayPlan(7, 7)).toEqual({ kind: "nothing" });
  });

  it("replays up to the bound, and asks for a resync past it", () => {
    expect(replayPlan(3, 7)).toEqual({ kind: "replay", after: 3 });
    expect(replayPlan(0, MAX_REPLAY_EVENTS)).toEqual({ kind: "replay", after: 0 });
    expect(replayPlan(0, MAX_REPLAY_EVENTS + 1)).toEqual({ kind: "resync" });
  });

  it("asks for a resync for a seq this workspace never reached", () => {
    expect(replayPlan(8, 7)).toEqual({ kind: "resync" });
  });
});

describe("ticketVerdict", () => {
  const ticket = { userId: "usr_a", sessionId: "ses_a", expiresAt: 1_000 };

  it("opens a socket for a member before expiry, with their role", () => {
    expect(ticketVerdict(ticket, "viewer", 999)).toEqual({
      ok: true,
      userId: "usr_a",
      sessionId: "ses_a",
      role: "viewer",
    });
  });

  it("refuses an unknown or used ticket, one at or after expiry, and a non-member", () => {
    expect(ticketVerdict(null, "owner", 0)).toEqual({ ok: false, reason: "unknown" });
    expect(ticketVerdict(ticket, "owner", 1_000)).toEqual({ ok: false, reason: "expired" });
    expect(ticketVerdict(ticket, null, 0)).toEqual({ ok: false, reason: "not_member" });
  });
});

describe("parseSince", () => {
  it("reads a decimal sequence number, nothing as none, and refuses anything else", () => {
    expect(parseSince(undefined)).toBeNull();
    expect(parseSince("")).toBeNull();
    expect(parseSince("0")).toBe(0);
    expect(parseSince("42")).toBe(42);
    for (const bad of ["-1", "1.5", "x", "1e3", "9999999999999999"]) expect(parseSince(bad)).toBe("invalid");
  });
});
