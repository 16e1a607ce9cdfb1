/**
 * Forgetting a person in a hash-chained audit log (decisions 0014, 0021): every mention of them becomes a pseudonym
 * and the chain is re-linked, so it still verifies. Pure; the workspaces' logs and the platform audit log both use it.
 */
import { type ChainedAuditEvent, chainAuditEvent, GENESIS_HASH, type JsonValue } from "./audit-chain";
import type { MatchedPerson } from "./person-match";

/** The person to forget: their id and every address the account has had (decision 0021). */
export interface ForgottenPerson extends MatchedPerson {
  /** The stand-in every workspace uses for this person from now on: random, and linked to nothing once purged. */
  pseudonym: string;
}

/**
 * Keys under which an event's details hold its target's names (the platform log's `user_created` and
 * `user_updated`). An event about the person loses the names there too (decision 0021): the id and the email alone
 * would leave "who it was" readable from the names.
 */
const NAME_KEYS = new Set(["first_name", "last_name"]);

/** Whether a string is one of the person's identifiers (their id exactly, one of their emails in any case). */
export function namesPerson(value: string, person: MatchedPerson): boolean {
  return value === person.userId || person.emails.includes(value.toLowerCase());
}

/** `value` with the person's id and emails replaced by the pseudonym, and with `names` every (non-empty) name. */
function redactValue(value: JsonValue, person: ForgottenPerson, names: { keys: boolean; under: boolean }): JsonValue {
  if (typeof value === "string") {
    return (names.under && value !== "") || namesPerson(value, person) ? person.pseudonym : value;
  }
  if (Array.isArray(value)) return value.map((item) => redactValue(item, person, names));
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => {
        const under = names.under || (names.keys && NAME_KEYS.has(key));
        return [key, redactValue(item, person, { ...names, under })];
      }),
    );
  }
  return value;
}

/**
 * The audit log with every mention of the person (actor, target, any string in the details, and the names in the
 * details of an event about them) replaced by the pseudonym, and the hashes re-linked from the first event that changed, so `verify` still holds. The events and
 * their order are kept: what happened stays on record, only who it was is forgotten. `changed` counts the events
 * whose content changed; `headBefore` is the newest hash before the rewrite, for the record of the redaction.
 */
export function redactAuditChain(
  eventsOldestFirst: readonly ChainedAuditEvent[],
  person: ForgottenPerson,
  /** The hash the log starts from: the recorded retention cut's, when it was cut (decision 0034). */
  startHash: string = GENESIS_HASH,
): { events: ChainedAuditEvent[]; changed: number; headBefore: string } {
  const headBefore = eventsOldestFirst.at(-1)?.hash ?? startHash;
  let prevHash = startHash;
  let changed = 0;
  let relinking = false;
  const events = eventsOldestFirst.map((event) => {
    const redacted = {
      id: event.id,
      at: event.at,
      actor_id: event.actor_id !== null && namesPerson(event.actor_id, person) ? person.pseudonym : event.actor_id,
      action: event.action,
      target: event.target !== null && namesPerson(event.target, person) ? person.pseudonym : event.target,
      // The names in an event are its target's: redacted where the target is the person.
      details: redactValue(event.details, person, {
        keys: event.target !== null && namesPerson(event.target, person),
        under: false,
      }),
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
