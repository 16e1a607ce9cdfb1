import type { LiveEvent } from "@edge-identity/client";
import { describe, expect, it } from "vitest";
import { goneWords, staleAfter } from "./live-updates";

const event = (type: LiveEvent["type"], user_id: string | null = "usr_other"): LiveEvent => ({
  type,
  workspace_id: "ws_1",
  user_id,
  role: "editor",
  at: "2026-12-07T12:00:00.000Z",
  seq: 3,
});

describe("what a live event makes stale", () => {
  it("a change of membership reloads the workspace, its members, the audit log and the list", () => {
    for (const type of ["member_removed", "member_left", "member_expired", "role_changed"] as const)
      expect(staleAfter(event(type), "usr_me")).toEqual(["detail", "members", "audit", "list"]);
  });

  it("a join reloads the links too: a join by link changes its use count", () => {
    expect(staleAfter(event("member_joined"), "usr_me")).toEqual(["detail", "members", "audit", "list", "links"]);
  });

  it("a share link made or revoked reloads the links and the audit log", () => {
    expect(staleAfter(event("link_created"), "usr_me")).toEqual(["links", "audit"]);
    expect(staleAfter(event("link_revoked"), "usr_me")).toEqual(["links", "audit"]);
  });

  it("a policy change reloads my deadline, the members' domain marks and the policy", () => {
    expect(staleAfter(event("policy_changed"), "usr_me")).toEqual(["detail", "members", "policy", "audit"]);
  });

  it("my own role change reloads the workspace too (it decides my tabs)", () => {
    expect(staleAfter(event("role_changed", "usr_me"), "usr_me")).toContain("detail");
  });

  it("an invitation reloads the invitations and the audit log, not the members", () => {
    expect(staleAfter(event("invitation_created"), "usr_me")).toEqual(["invitations", "audit"]);
    expect(staleAfter(event("invitation_revoked"), "usr_me")).toEqual(["invitations", "audit"]);
  });

  it("a rename reloads the name where it shows", () => {
    expect(staleAfter(event("workspace_renamed"), "usr_me")).toEqual(["detail", "audit", "list"]);
  });

  it("resync reloads everything", () => {
    expect(staleAfter({ type: "resync" }, "usr_me")).toEqual([
      "detail",
      "members",
      "invitations",
      "links",
      "policy",
      "audit",
      "list",
    ]);
  });

  it("nothing is reloaded when the event ends my access: the page says why instead", () => {
    expect(staleAfter(event("member_removed", "usr_me"), "usr_me")).toEqual([]);
    expect(staleAfter(event("member_expired", "usr_me"), "usr_me")).toEqual([]);
    expect(staleAfter(event("member_left", "usr_me"), "usr_me")).toEqual([]);
    expect(staleAfter(event("workspace_deleted", "usr_other"), "usr_me")).toEqual([]);
  });

  it("an event type this app does not know reloads everything rather than nothing", () => {
    const unknown = { ...event("role_changed"), type: "something_new" } as unknown as LiveEvent;
    expect(staleAfter(unknown, "usr_me")).toHaveLength(7);
  });
});

describe("the words of a closed workspace", () => {
  it("name the workspace and what happened", () => {
    expect(goneWords("removed", "Acme").title).toBe("You were removed from “Acme”");
    expect(goneWords("workspace_deleted", "Acme").title).toBe("“Acme” was deleted");
    expect(goneWords("expired", "Acme").title).toBe("Your access to “Acme” has ended");
    expect(goneWords("session_ended", "Acme").title).toBe("Your session has ended");
  });

  it("read well without a name", () => {
    expect(goneWords("removed", null).title).toBe("You were removed from this workspace");
    expect(goneWords("workspace_deleted", null).title).toBe("This workspace was deleted");
  });
});
