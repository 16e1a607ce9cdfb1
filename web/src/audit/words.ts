/**
 * The words both audit logs use for the people an event names (`actor`, `subject` as the API resolves them): a
 * name, else an email, never a raw id; an erased person is "a deleted person".
 */
export interface AuditPerson {
  id: string;
  email: string | null;
  name: string | null;
}

/** The fields of an audit event the sentences read; both logs' events have them. */
export interface ReadableEvent {
  action: string;
  actor_id: string | null;
  target: string | null;
  actor: AuditPerson | null;
  subject: AuditPerson | null;
  details?: unknown;
}

const isPseudonym = (id: string) => id.startsWith("deleted_");

/** How a person is called in a sentence: their name, else their email, else what they are. */
export function who(person: AuditPerson | null, nobody = "The system"): string {
  if (!person) return nobody;
  if (person.name) return person.name;
  if (person.email) return person.email;
  return isPseudonym(person.id) ? "A deleted person" : "A former user";
}

/** `who` in the middle of a sentence ("removed a deleted person"). */
export function whom(person: AuditPerson | null, nobody = "someone"): string {
  const word = who(person, nobody);
  return word.startsWith("A ") ? `a ${word.slice(2)}` : word;
}

/** "Eddie's", "James'", and "their own" when the subject is the actor. */
export function whose(subject: AuditPerson | null, actor: AuditPerson | null): string {
  if (subject && actor && subject.id === actor.id) return "their own";
  const word = whom(subject);
  return word.endsWith("s") ? `${word}'` : `${word}'s`;
}

/** A string field of an event's details, or undefined (details are free-form JSON). */
export function detail(event: { details?: unknown }, key: string): string | undefined {
  const value = (event.details as Record<string, unknown> | null)?.[key];
  return typeof value === "string" ? value : undefined;
}

/** The person filter's choices: everyone who acted in the loaded events, by their words, once each. */
export function actorsOf(events: readonly ReadableEvent[]): { id: string; label: string }[] {
  const seen = new Map<string, string>();
  for (const event of events) if (event.actor && !seen.has(event.actor.id)) seen.set(event.actor.id, who(event.actor));
  return [...seen].map(([id, label]) => ({ id, label })).sort((a, b) => a.label.localeCompare(b.label));
}
