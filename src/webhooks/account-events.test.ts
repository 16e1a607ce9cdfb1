import { describe, expect, it } from "vitest";
import { ACCOUNT_EVENT_TYPES, accountEvent, eventsOfUserChange } from "./account-events";

const AT = "2026-12-07T18:00:00.000Z";

describe("account events", () => {
  it("carry ids, a timestamp and the type, with a fresh webhook id each", () => {
    const one = accountEvent("user.created", AT, { user_id: "usr_1", actor_id: null });
    const two = accountEvent("user.created", AT, { user_id: "usr_1", actor_id: null });
    expect(one.event).toEqual({ type: "user.created", timestamp: AT, data: { user_id: "usr_1", actor_id: null } });
    expect(one.id).toMatch(/^msg_/);
    expect(one.id).not.toBe(two.id);
    expect(ACCOUNT_EVENT_TYPES).toContain(one.event.type);
  });

  it("make a deactivation user.deactivated and the rest of the change user.updated", () => {
    const events = eventsOfUserChange(
      "usr_1",
      "usr_admin",
      { changed: ["is_active", "first_name"], isActive: false },
      AT,
    );
    expect(events.map((queued) => queued.event)).toEqual([
      { type: "user.deactivated", timestamp: AT, data: { user_id: "usr_1", actor_id: "usr_admin" } },
      {
        type: "user.updated",
        timestamp: AT,
        data: { user_id: "usr_1", actor_id: "usr_admin", changes: ["first_name"] },
      },
    ]);
  });

  it("make a reactivation and a role change user.updated, naming the new role but no other value", () => {
    const [event] = eventsOfUserChange(
      "usr_1",
      null,
      { changed: ["is_active", "platform_role"], isActive: true, platformRole: "admin" },
      AT,
    ).map((queued) => queued.event);
    expect(event).toEqual({
      type: "user.updated",
      timestamp: AT,
      data: { user_id: "usr_1", actor_id: null, changes: ["is_active", "platform_role"], platform_role: "admin" },
    });
  });

  it("send nothing for a change that changes nothing", () => {
    expect(eventsOfUserChange("usr_1", null, { changed: [] }, AT)).toEqual([]);
  });

  it("never carry an email, even when the email changed", () => {
    const events = eventsOfUserChange("usr_1", "usr_1", { changed: ["email"] }, AT);
    expect(JSON.stringify(events)).not.toContain("@");
    expect(events[0]?.event.data.changes).toEqual(["email"]);
  });
});
