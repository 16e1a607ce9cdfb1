import { describe, expect, it } from "vitest";
import { type ChainedAuditEvent, chainAuditEvent, GENESIS_HASH, verifyAuditChain } from "./audit-chain";
import { namesPerson, redactAuditChain } from "./audit-redaction";

const person = { userId: "usr_gone", emails: ["gone@example.com", "old@example.com"], pseudonym: "deleted_abc" };

function chain(events: Omit<ChainedAuditEvent, "prev_hash" | "hash" | "at">[]): ChainedAuditEvent[] {
  let prev = GENESIS_HASH;
  return events.map((event, i) => {
    const chained = chainAuditEvent(prev, { ...event, at: `2026-01-0${i + 1}T00:00:00.000Z` });
    prev = chained.hash;
    return chained;
  });
}

describe("namesPerson", () => {
  it("matches the id exactly and every one of the emails in any case, nothing else", () => {
    expect(namesPerson("usr_gone", person)).toBe(true);
    expect(namesPerson("GONE@Example.com", person)).toBe(true);
    expect(namesPerson("Old@example.com", person)).toBe(true);
    expect(namesPerson("xold@example.com", person)).toBe(false);
    expect(namesPerson("usr_gone2", person)).toBe(false);
    expect(namesPerson("usr_GONE", person)).toBe(false);
    expect(namesPerson("other@example.com", person)).toBe(false);
  });
});

describe("redactAuditChain", () => {
  const events = chain([
    { id: "e1", actor_id: "usr_owner", action: "workspace_created", target: "ws_1", details: { name: "Acme" } },
    {
      id: "e2",
      actor_id: "usr_owner",
      action: "invitation_created",
      target: "inv_1",
      details: { email: "Gone@example.com", role: "editor" },
    },
    { id: "e3", actor_id: "usr_gone", action: "invitation_accepted", target: "inv_1", details: { role: "editor" } },
    {
      id: "e4",
      actor_id: "usr_owner",
      action: "role_changed",
      target: "usr_gone",
      details: { from: "editor", to: "viewer" },
    },
    {
      id: "e5",
      actor_id: "usr_x",
      action: "ownership_transferred",
      target: "usr_x",
      details: { from: "usr_gone", list: ["usr_gone", 1, null, true] },
    },
  ]);

  it("replaces the person wherever they appear and keeps every event, in order", () => {
    const { events: redacted, changed } = redactAuditChain(events, person);
    expect(changed).toBe(4);
    expect(redacted.map((event) => event.id)).toEqual(["e1", "e2", "e3", "e4", "e5"]);
    expect(redacted[1]?.details).toEqual({ email: "deleted_abc", role: "editor" });
    expect(redacted[2]?.actor_id).toBe("deleted_abc");
    expect(redacted[3]?.target).toBe("deleted_abc");
    expect(redacted[4]?.details).toEqual({ from: "deleted_abc", list: ["deleted_abc", 1, null, true] });
    expect(JSON.stringify(redacted).toLowerCase()).not.toMatch(/usr_gone|gone@example/);
  });

  it("keeps the chain valid, and untouched up to the first changed event", () => {
    const { events: redacted, headBefore } = redactAuditChain(events, person);
    expect(verifyAuditChain(redacted)).toEqual({ valid: true, events_checked: 5 });
    expect(redacted[0]).toEqual(events[0]);
    expect(redacted[1]?.hash).not.toBe(events[1]?.hash);
    expect(headBefore).toBe(events[4]?.hash);
  });

  it("changes nothing when the person is not named, and is idempotent", () => {
    const once = redactAuditChain(events, person).events;
    const twice = redactAuditChain(once, person);
    expect(twice.changed).toBe(0);
    expect(twice.events).toEqual(once);
    expect(redactAuditChain([], person)).toEqual({ events: [], changed: 0, headBefore: GENESIS_HASH });
  });

  it("replaces an earlier address of the person as well as the current one", () => {
    const invitedBefore = chain([
      {
        id: "e1",
        actor_id: "usr_owner",
        action: "invitation_created",
        target: "inv_1",
        details: { email: "OLD@example.com" },
      },
    ]);
    expect(redactAuditChain(invitedBefore, person).events[0]?.details).toEqual({ email: "deleted_abc" });
  });

  it("replaces the names in an event about the person, at any depth, and no one else's", () => {
    const named = chain([
      {
        id: "e1",
        actor_id: "usr_admin",
        action: "user_created",
        target: "usr_gone",
        details: { before: null, after: { email: "gone@example.com", first_name: "Pat", last_name: "", role: "user" } },
      },
      {
        id: "e2",
        actor_id: "usr_gone",
        action: "user_updated",
        target: "usr_other",
        details: { before: { first_name: "Kim" }, after: { first_name: "Kay" } },
      },
    ]);
    const [aboutThem, byThem] = redactAuditChain(named, person).events;
    expect(aboutThem?.details).toEqual({
      before: null,
      after: { email: "deleted_abc", first_name: "deleted_abc", last_name: "", role: "user" },
    });
    expect(byThem?.actor_id).toBe("deleted_abc");
    expect(byThem?.details).toEqual({ before: { first_name: "Kim" }, after: { first_name: "Kay" } });
    expect(verifyAuditChain(redactAuditChain(named, person).events).valid).toBe(true);
  });
});
