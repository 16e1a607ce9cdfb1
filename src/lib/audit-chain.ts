/**
 * The hash-chained audit log, one chain for both logs: each workspace's (its Durable Object) and the platform's
 * admin actions (D1, src/admin/audit-log.ts). Each event's hash covers the previous event's hash, so editing,
 * reordering or deleting an event in place breaks every hash after it. It cannot catch someone who rewrites the
 * whole chain or cuts off its newest events; anchoring the newest hash elsewhere is what would.
 *
 * Hashing is synchronous so the Workspace object can chain an event inside the same storage transaction as the
 * change, with no await in between (an await would let another request interleave).
 *
 * Assumed row (workspace/schema.ts `audit_events`, admin/audit-schema.ts `admin_audit_events`): id, at,
 * actor_id, action, target, details (JSON text), prev_hash, hash.
 */

import { sha256HexSync } from "./crypto";

export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** The `prev_hash` of the first event. */
export const GENESIS_HASH = "0".repeat(64);

export interface AuditEvent {
  id: string;
  at: string;
  actor_id: string | null;
  action: string;
  target: string | null;
  details: JsonValue;
}

export interface ChainedAuditEvent extends AuditEvent {
  prev_hash: string;
  hash: string;
}

export interface AuditChainVerdict {
  valid: boolean;
  /** Events examined: all of them when valid, else up to and including the first invalid one. */
  events_checked: number;
  first_invalid_id?: string;
}

/**
 * JSON with object keys sorted (by UTF-16 code unit, as RFC 8785) at every depth and no whitespace, so the same
 * value always hashes the same however its keys were ordered. It mirrors what JSON.stringify stores (an undefined
 * property is dropped, an undefined array item is null) so a stored and re-read event hashes as it did when
 * written; anything JSON cannot carry faithfully (NaN, bigint, Date, a class instance, a cycle) throws instead.
 */
export function canonicalJson(value: JsonValue): string {
  return encode(value, []);
}

function encode(value: unknown, ancestors: object[]): string {
  if (value === null || typeof value === "boolean" || typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new TypeError(`canonicalJson: ${value} is not JSON`);
    return JSON.stringify(value);
  }
  if (typeof value !== "object") throw new TypeError(`canonicalJson: a ${typeof value} is not JSON`);
  if (ancestors.includes(value)) throw new TypeError("canonicalJson: cyclic value");
  const inside = [...ancestors, value];
  if (Array.isArray(value)) {
    return `[${value.map((item) => (item === undefined ? "null" : encode(item, inside))).join(",")}]`;
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) throw new TypeError("canonicalJson: only plain objects are JSON");
  const record = value as Record<string, unknown>;
  const members = Object.keys(record)
    .sort()
    .filter((key) => record[key] !== undefined)
    .map((key) => `${JSON.stringify(key)}:${encode(record[key], inside)}`);
  return `{${members.join(",")}}`;
}

/** SHA-256 hex of `prevHash + canonicalJson(event)`. Only the event's own fields count, whatever else the row holds. */
export function auditEventHash(prevHash: string, event: AuditEvent): string {
  const { id, at, actor_id, action, target, details } = event;
  return sha256HexSync(prevHash + canonicalJson({ id, at, actor_id, action, target, details }));
}

/** The event as it is stored: linked to the previous event's hash (`GENESIS_HASH` for the first). */
export function chainAuditEvent(prevHash: string, event: AuditEvent): ChainedAuditEvent {
  const { id, at, actor_id, action, target, details } = event;
  const fields = { id, at, actor_id, action, target, details };
  return { ...fields, prev_hash: prevHash, hash: auditEventHash(prevHash, fields) };
}

/** An event as both logs store it (drizzle's names for the columns; `details` is JSON text). */
export interface StoredAuditEvent {
  id: string;
  at: string;
  actorId: string | null;
  action: string;
  target: string | null;
  details: string;
  prevHash: string;
  hash: string;
}

/** A stored event as the API shows it and as `verifyAuditChain` reads it. */
export function storedAuditEvent(row: StoredAuditEvent): ChainedAuditEvent {
  return {
    id: row.id,
    at: row.at,
    actor_id: row.actorId,
    action: row.action,
    target: row.target,
    details: JSON.parse(row.details) as JsonValue,
    prev_hash: row.prevHash,
    hash: row.hash,
  };
}

/**
 * Walks the whole log, oldest first, and stops at the first event whose link or hash does not hold. A log cut by
 * retention (decision 0034) starts from the recorded cut's hash: the hash of the last event removed, so only the
 * cut that was recorded verifies, not any other truncation.
 */
export function verifyAuditChain(
  eventsOldestFirst: readonly ChainedAuditEvent[],
  startHash: string = GENESIS_HASH,
): AuditChainVerdict {
  let expectedPrev = startHash;
  let checked = 0;
  for (const event of eventsOldestFirst) {
    checked++;
    const intact = event.prev_hash === expectedPrev && event.hash === auditEventHash(event.prev_hash, event);
    if (!intact) return { valid: false, events_checked: checked, first_invalid_id: event.id };
    expectedPrev = event.hash;
  }
  return { valid: true, events_checked: checked };
}
