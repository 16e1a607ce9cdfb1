/**
 * SQL conditions for "this text names the person", shared by the purge (D1) and the Workspace object: the user id
 * or the email as a whole value, never as a part. `al@acme.com` must not match `hal@acme.com`: a partial match
 * would keep a purge from ever finishing (the workspace would always "still name" them) and delete other people's
 * rows. Emails are stored lower-cased; JSON text holds each as a quoted string.
 */
import { type SQL, sql } from "drizzle-orm";
import type { AnySQLiteColumn } from "drizzle-orm/sqlite-core";

export interface MatchedPerson {
  userId: string;
  /** Normalised (lower-case). */
  email: string;
}

/** The column's value is the id, or the email in any case. */
export function isPerson(column: AnySQLiteColumn, person: MatchedPerson): SQL {
  return sql`(${column} = ${person.userId} OR lower(${column}) = ${person.email})`;
}

/** JSON text that holds the id or the email as one of its string values. */
export function jsonNamesPerson(column: AnySQLiteColumn, person: MatchedPerson): SQL {
  return sql`(instr(${column}, ${JSON.stringify(person.userId)}) > 0 OR instr(lower(${column}), ${JSON.stringify(person.email)}) > 0)`;
}

/** An OpenAuth storage key (segments joined by U+001F) with the id or the email as one whole segment. */
export function keyNamesPerson(column: AnySQLiteColumn, person: MatchedPerson): SQL {
  const segment = (value: string) => `\u001f${value}\u001f`;
  return sql`(instr(${"\u001f"} || lower(${column}) || ${"\u001f"}, ${segment(person.email)}) > 0 OR instr(${"\u001f"} || ${column} || ${"\u001f"}, ${segment(person.userId)}) > 0)`;
}
