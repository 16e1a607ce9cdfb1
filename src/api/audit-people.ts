/**
 * The last step of resolving who an audit event names (issue 16): people no workspace member row describes (they
 * left, or the log is the platform's) are looked up in the users directory, as they are now. A pseudonym is never
 * looked up: an erased person stays `{ id: pseudonym, email: null, name: null }`.
 */
import { inArray } from "drizzle-orm";
import type { DrizzleD1Database } from "drizzle-orm/d1";
import { type AuditPerson, displayName, inGroups, isPseudonym, unknownPerson } from "../lib/audit-people";
import { users } from "../users/schema";

interface PeopledEvent {
  actor: AuditPerson | null;
  subject: AuditPerson | null;
}

const unresolved = (person: AuditPerson | null) =>
  person !== null && person.email === null && person.name === null && !isPseudonym(person.id);

/** The events with every unresolved person the directory knows filled in; the rest left as they are. */
export async function fillFromDirectory<E extends PeopledEvent>(db: DrizzleD1Database, events: E[]): Promise<E[]> {
  const ids = [
    ...new Set(
      events
        .flatMap((event) => [event.actor, event.subject])
        .filter(unresolved)
        .map((p) => p?.id ?? ""),
    ),
  ];
  const rows = [];
  for (const group of inGroups(ids)) {
    rows.push(
      ...(await db
        .select({ id: users.id, email: users.email, firstName: users.firstName, lastName: users.lastName })
        .from(users)
        .where(inArray(users.id, group))),
    );
  }
  const known = new Map(
    rows.map((row): [string, AuditPerson] => [
      row.id,
      { id: row.id, email: row.email, name: displayName(row.firstName, row.lastName) },
    ]),
  );
  const fill = (person: AuditPerson | null) =>
    person && unresolved(person) ? (known.get(person.id) ?? person) : person;
  return events.map((event) => ({ ...event, actor: fill(event.actor), subject: fill(event.subject) }));
}

/** A platform audit event's people before the directory is asked: an actor (or the system) and the account acted on. */
export function adminEventPeople(event: { actor_id: string | null; target: string | null }): PeopledEvent {
  return {
    actor: event.actor_id === null ? null : unknownPerson(event.actor_id),
    subject: event.target === null ? null : unknownPerson(event.target),
  };
}
