/**
 * Forgetting a person in a hash-chained audit log (decision 0014): every mention of them becomes a pseudonym and
 * the chain is re-linked, so it still verifies. Pure; the workspaces' logs and the platform audit log both use it.
 */
import { type ChainedAuditEvent, chainAuditEvent, GENESIS_HASH, type JsonValue } from "./audit-chain";

export interface ForgottenPerson {
  userId: string;
  /** Normalised (lower-case). */
  email: string;
  /** The stand-in every workspace uses for this person from now on: random, and linked to nothing once purged. */
  pseudonym: string;
}

/** Whether a string is one of the person's identifiers (their id exactly, their email in any case). */
export function namesPerson(value: string, person: Pick<ForgottenPerson, "userId" | "email">): boolean {
  return value === person.userId || value.toLowerCase() === person.email;
}

function redactValue(value: JsonValue, person: ForgottenPerson): JsonValue {
  if (typeof value === "string") return namesPerson(value, person) ? person.pseudonym : value;
  if (Array.isArray(value)) return value.map((item) => redactValue(item, person));
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, redactValue(item, person)]));
  }
  return value;
}

/**
 * The audit log with every mention of the person (actor, target, any string in the details) replaced by the
 * pseudonym, and the hashes re-linked from the first event that changed, so `verify` still holds. The events and
 * their order are kept: what happened stays on record, only who it was is forgotten. `changed` counts the events
 * whose content changed; `headBefore` is the newest hash before the rewrite, for the record of the redaction.
 */
export function redactAuditChain(
  eventsOldestFirst: readonly ChainedAuditEvent[],
  person: ForgottenPerson,
): { events: ChainedAuditEvent[]; changed: number; headBefore: string } {
  const headBefore = eventsOldestFirst.at(-1)?.hash ?? GENESIS_HASH;
  let prevHash = GENESIS_HASH;
  let changed = 0;
  let relinking = false;
  const events = eventsOldestFirst.map((event) => {
    const redacted = {
      id: event.id,
      at: event.at,
      actor_id: event.actor_id !== null && namesPerson(event.actor_id, person) ? person.pseudonym : event.actor_id,
      action: event.action,
      target: event.target !== null && namesPerson(event.target, person) ? person.pseudonym : event.target,
      details: redactValue(event.details, person),
    };
    const differs =
      redacted.actor_id !== event.actor_id ||
      redacted.target !== event.target ||
      JSON.stringify(redacted.details) !== JSON.stringify(event.details);
    if (differs) changed++;
    relinking ||= differs;
    const next = relinking ? chainAuditEvent(prevHash, redacted) : event;
    prevHash = next.hash;
    return next;
  });
  return { events, changed, headBefore };
}
