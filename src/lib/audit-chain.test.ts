/** The audit chain's contract: canonical hashing, and verification that catches any edit made in place. */
import { createHash } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import {
  type AuditEvent,
  auditEventHash,
  type ChainedAuditEvent,
  canonicalJson,
  chainAuditEvent,
  GENESIS_HASH,
  type JsonValue,
  verifyAuditChain,
} from "./audit-chain";

describe("canonicalJson", () => {
  it("sorts keys at every depth and adds no whitespace", () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: true, y: null }], c: "x" } })).toBe(
      '{"a":{"c":"x","d":[3,{"y":null,"z":true}]},"b":1}',
    );
  });

  it("does not depend on the order keys were inserted", () => {
    const one = { role: "editor", user: { id: "usr_1", email: "a@example.com" }, list: [1, 2] };
    const two = { list: [1, 2], user: { email: "a@example.com", id: "usr_1" }, role: "editor" };
    expect(canonicalJson(one)).toBe(canonicalJson(two));
  });

  it("keeps array order, because order in an array is meaning", () => {
    expect(canonicalJson([2, 1])).not.toBe(canonicalJson([1, 2]));
  });

  it("sorts keys by UTF-16 code unit", () => {
    expect(canonicalJson({ b: 1, B: 2, é: 3, a: 4, "10": 5, "9": 6 })).toBe('{"10":5,"9":6,"B":2,"a":4,"b":1,"é":3}');
  });

  it("escapes strings as JSON does", () => {
    expect(canonicalJson({ 'k"\n': 'v"\\\u0001' })).toBe('{"k\\"\\n":"v\\"\\\\\\u0001"}');
  });

  it("renders scalars as JSON does", () => {
    expect(canonicalJson(null)).toBe("null");
    expect(canonicalJson(true)).toBe("true");
    expect(canonicalJson(-0)).toBe("0");
    expect(canonicalJson(1.5e300)).toBe("1.5e+300");
    expect(canonicalJson("")).toBe('""');
    expect(canonicalJson({})).toBe("{}");
    expect(canonicalJson([])).toBe("[]");
  });

  it("matches what JSON.stringify stores for undefined, so a re-read event hashes the same", () => {
    const withUndefined = { a: undefined, b: [undefined, 1] } as unknown as JsonValue;
    expect(canonicalJson(withUndefined)).toBe('{"b":[null,1]}');
    expect(canonicalJson(JSON.parse(JSON.stringify(withUndefined)))).toBe(canonicalJson(withUndefined));
  });

  it("is stable under a JSON round trip", () => {
    const value = { z: [{ b: 2, a: 1 }], y: "é\u2028", x: 0.1 };
    const once = canonicalJson(value);
    expect(canonicalJson(JSON.parse(once))).toBe(once);
  });

  it("accepts a value that appears twice without being a cycle", () => {
    const shared = { a: 1 };
    expect(canonicalJson({ x: shared, y: [shared] })).toBe('{"x":{"a":1},"y":[{"a":1}]}');
  });

  it.each([
    ["NaN", Number.NaN],
    ["Infinity", Number.POSITIVE_INFINITY],
    ["a bigint", 1n],
    ["a function", () => 1],
    ["a symbol", Symbol("s")],
    ["a Date", new Date(0)],
    ["a Map", new Map()],
    ["a class instance", new (class Thing {})()],
  ])("refuses %s rather than hash something that will not round-trip", (_name, value) => {
    expect(() => canonicalJson(value as unknown as JsonValue)).toThrow(TypeError);
    expect(() => canonicalJson({ v: value } as unknown as JsonValue)).toThrow(TypeError);
    expect(() => canonicalJson([value] as unknown as JsonValue)).toThrow(TypeError);
  });

  it("refuses undefined as the whole value, which JSON cannot store", () => {
    expect(() => canonicalJson(undefined as unknown as JsonValue)).toThrow(TypeError);
  });

  it("refuses a cycle", () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => canonicalJson(cyclic as JsonValue)).toThrow(TypeError);
  });
});

const event = (n: number, details: JsonValue = { n }): AuditEvent => ({
  id: `aud_${n}`,
  at: `2025-03-01T12:00:0${n}.000Z`,
  actor_id: "usr_owner",
  action: n % 2 ? "member_added" : "role_changed",
  target: `usr_${n}`,
  details,
});

describe("auditEventHash", () => {
  it("is the SHA-256 hex of the previous hash followed by the canonical event", async () => {
    const e = event(1, { role: "viewer", email: "a@example.com" });
    const expected = createHash("sha256")
      .update(
        `${GENESIS_HASH}{"action":"member_added","actor_id":"usr_owner","at":"2025-03-01T12:00:01.000Z",` +
          `"details":{"email":"a@example.com","role":"viewer"},"id":"aud_1","target":"usr_1"}`,
      )
      .digest("hex");
    expect(await auditEventHash(GENESIS_HASH, e)).toBe(expected);
  });

  it("starts the chain from 64 zeros", () => {
    expect(GENESIS_HASH).toBe("0".repeat(64));
  });

  it("changes with the previous hash, so each event is bound to its place", async () => {
    const e = event(1);
    expect(await auditEventHash(GENESIS_HASH, e)).not.toBe(await auditEventHash("f".repeat(64), e));
  });

  it.each([
    ["id", { id: "aud_x" }],
    ["at", { at: "2025-03-01T12:00:01.001Z" }],
    ["actor_id", { actor_id: "usr_other" }],
    ["actor_id made null", { actor_id: null }],
    ["action", { action: "member_removed" }],
    ["target", { target: "usr_2" }],
    ["target made null", { target: null }],
    ["details", { details: { n: 2 } }],
  ] as const)("changes when %s changes", async (_field, change) => {
    const e = event(1);
    expect(await auditEventHash(GENESIS_HASH, { ...e, ...change })).not.toBe(await auditEventHash(GENESIS_HASH, e));
  });

  it("ignores the order of keys in details and any extra fields on the row", async () => {
    const a = event(1, { x: 1, y: 2 });
    const b = { ...event(1, { y: 2, x: 1 }), seq: 7, hash: "nonsense" } as AuditEvent;
    expect(await auditEventHash(GENESIS_HASH, a)).toBe(await auditEventHash(GENESIS_HASH, b));
  });
});

describe("verifyAuditChain", () => {
  let chain: ChainedAuditEvent[];

  beforeAll(async () => {
    chain = [];
    let prev = GENESIS_HASH;
    for (let n = 1; n <= 5; n++) {
      const linked = await chainAuditEvent(prev, event(n, { n, nested: { b: [n], a: "x" } }));
      chain.push(linked);
      prev = linked.hash;
    }
  });

  const copy = () => chain.map((e) => structuredClone(e));
  const at = (events: ChainedAuditEvent[], i: number): ChainedAuditEvent => {
    const e = events[i];
    if (!e) throw new Error(`no event ${i}`);
    return e;
  };

  it("links each event to the one before it", () => {
    expect(at(chain, 0).prev_hash).toBe(GENESIS_HASH);
    for (let i = 1; i < chain.length; i++) expect(at(chain, i).prev_hash).toBe(at(chain, i - 1).hash);
  });

  it("verifies an intact chain", async () => {
    expect(await verifyAuditChain(chain)).toEqual({ valid: true, events_checked: 5 });
  });

  it("verifies an empty log", async () => {
    expect(await verifyAuditChain([])).toEqual({ valid: true, events_checked: 0 });
  });

  it("still verifies after a trip through storage as JSON text", async () => {
    const stored = chain.map((e) => ({ ...e, details: JSON.stringify(e.details) }));
    const reread = stored.map((e) => ({ ...e, details: JSON.parse(e.details) as JsonValue }));
    expect(await verifyAuditChain(reread)).toEqual({ valid: true, events_checked: 5 });
  });

  it("detects tampered details", async () => {
    const events = copy();
    at(events, 2).details = { n: 3, nested: { b: [3], a: "y" } };
    expect(await verifyAuditChain(events)).toEqual({ valid: false, events_checked: 3, first_invalid_id: "aud_3" });
  });

  it("detects a tampered event whose own hash was recomputed, at the next event", async () => {
    const events = copy();
    const tampered = at(events, 2);
    tampered.action = "nothing_happened";
    tampered.hash = await auditEventHash(tampered.prev_hash, tampered);
    expect(await verifyAuditChain(events)).toEqual({ valid: false, events_checked: 4, first_invalid_id: "aud_4" });
  });

  it.each([
    ["at", (e: ChainedAuditEvent) => Object.assign(e, { at: "2024-01-01T00:00:00.000Z" })],
    ["actor_id", (e: ChainedAuditEvent) => Object.assign(e, { actor_id: "usr_someone_else" })],
    ["target", (e: ChainedAuditEvent) => Object.assign(e, { target: null })],
    ["id", (e: ChainedAuditEvent) => Object.assign(e, { id: "aud_forged" })],
  ])("detects a tampered %s", async (_field, tamper) => {
    const events = copy();
    tamper(at(events, 1));
    const verdict = await verifyAuditChain(events);
    expect(verdict.valid).toBe(false);
    expect(verdict.events_checked).toBe(2);
    expect(verdict.first_invalid_id).toBe(at(events, 1).id);
  });

  it("detects reordering", async () => {
    const events = copy();
    [events[1], events[2]] = [at(events, 2), at(events, 1)];
    expect(await verifyAuditChain(events)).toEqual({ valid: false, events_checked: 2, first_invalid_id: "aud_3" });
  });

  it("detects a deleted middle event", async () => {
    const events = copy();
    events.splice(2, 1);
    expect(await verifyAuditChain(events)).toEqual({ valid: false, events_checked: 3, first_invalid_id: "aud_4" });
  });

  it("detects a deleted first event", async () => {
    expect(await verifyAuditChain(copy().slice(1))).toEqual({
      valid: false,
      events_checked: 1,
      first_invalid_id: "aud_2",
    });
  });

  it("detects a changed prev_hash", async () => {
    const events = copy();
    at(events, 3).prev_hash = "0".repeat(64);
    expect(await verifyAuditChain(events)).toEqual({ valid: false, events_checked: 4, first_invalid_id: "aud_4" });
  });

  it("detects a changed hash on the newest event", async () => {
    const events = copy();
    at(events, 4).hash = "a".repeat(64);
    expect(await verifyAuditChain(events)).toEqual({ valid: false, events_checked: 5, first_invalid_id: "aud_5" });
  });

  it("detects a first event that does not start from the genesis hash", async () => {
    const events = copy();
    const first = at(events, 0);
    first.prev_hash = "1".repeat(64);
    first.hash = await auditEventHash(first.prev_hash, first);
    expect(await verifyAuditChain(events)).toEqual({ valid: false, events_checked: 1, first_invalid_id: "aud_1" });
  });

  it("cannot by itself detect the newest events being cut off (the documented limit)", async () => {
    expect(await verifyAuditChain(copy().slice(0, 3))).toEqual({ valid: true, events_checked: 3 });
  });
});
