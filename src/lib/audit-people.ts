/**
 * Who an audit event names, as a reader sees it (issue 16): `{ id, email, name }` resolved when the log is read,
 * never stored in the chain (a stored name would outlive a rename and resist erasure). A pseudonym stays a
 * pseudonym: an erased person has neither email nor name.
 */
import { z } from "@hono/zod-openapi";

export interface AuditPerson {
  id: string;
  email: string | null;
  name: string | null;
}

/** What a person is called where the log is read: first and last name, or null when they gave none. */
export function displayName(firstName: string, lastName: string): string | null {
  const name = `${firstName} ${lastName}`.trim();
  return name === "" ? null : name;
}

/** The stand-in of an erased person (account/purge-run.ts `newId("deleted")`). */
export const isPseudonym = (id: string) => id.startsWith("deleted_");

/** Someone the log names but no directory knows any more, or an erased person. */
export const unknownPerson = (id: string): AuditPerson => ({ id, email: null, name: null });

/** An id filter (`?actor=`, `?subject=`): a prefix and base64url, as lib/ids.ts makes them. */
export const AuditIdFilter = z
  .string()
  .max(100)
  .regex(/^[a-z]+_[A-Za-z0-9_-]+$/, "Not an id.");

/** D1 and Durable Object SQL bind at most 100 parameters a statement: ids are looked up this many at a time. */
export const IDS_PER_LOOKUP = 90;

export function inGroups<T>(items: readonly T[], size = IDS_PER_LOOKUP): T[][] {
  const groups: T[][] = [];
  for (let i = 0; i < items.length; i += size) groups.push(items.slice(i, i + size));
  return groups;
}
