/**
 * SQL conditions for "this text names the person", shared by the purge (D1) and the Workspace object: the user id
 * or any of the person's email addresses (every address the account has had, decision 0021) as a whole value, never
 * as a part. `al@acme.com` must not match `hal@acme.com`: a partial match would keep a purge from ever finishing
 * (the workspace would always "still name" them) and delete other people's rows. Emails are stored lower-cased;
 * JSON text holds each as a quoted string.
 */
import { inArray, type SQL, sql } from "drizzle-orm";
import type { AnySQLiteColumn } from "drizzle-orm/sqlite-core";

export interface MatchedPerson {
  userId: string;
  /** Normalised (lower-case); at least one, at most EMAILS_PER_STATEMENT (see `inStatementSizes`). */
  emails: readonly string[];
}

/**
 * D1 and Durable Object SQLite bind at most 100 parameters per statement. A condition below binds the id and one
 * parameter per address, and a statement combines at most three of them, so a person with more addresses is matched
 * in several statements of this many addresses each.
 */
export const EMAILS_PER_STATEMENT = 20;

/** The person split into matches small enough for one statement each, every one carrying the id. */
export function inStatementSizes<P extends MatchedPerson>(person: P): P[] {
  const parts: P[] = [];
  for (let start = 0; start < person.emails.length; start += EMAILS_PER_STATEMENT) {
    parts.push({ ...person, emails: person.emails.slice(start, start + EMAILS_PER_STATEMENT) });
  }
  return parts.length > 0 ? parts : [person];
}

/** The column's value is the id, or one of the emails in any case. */
export function isPerson(column: AnySQLiteColumn, person: MatchedPerson): SQL {
  return sql`(${column} = ${person.userId} OR ${inArray(sql`lower(${column})`, [...person.emails])})`;
}

/** JSON text that holds the id or one of the emails as one of its string values. */
export function jsonNamesPerson(column: AnySQLiteColumn, person: MatchedPerson): SQL {
  const holds = (value: string, text: SQL) => sql`instr(${text}, ${JSON.stringify(value)}) > 0`;
  const emails = person.emails.map((email) => holds(email, sql`lower(${column})`));
  return sql`(${sql.join([holds(person.userId, sql`${column}`), ...emails], sql` OR `)})`;
}

/** An OpenAuth storage key (segments joined by U+001F, `char(31)`) with the id or an email as one whole segment. */
export function keyNamesPerson(column: AnySQLiteColumn, person: MatchedPerson): SQL {
  const segment = (value: string) => `\u001f${value}\u001f`;
  const padded = (text: SQL) => sql`char(31) || ${text} || char(31)`;
  const emails = person.emails.map((email) => sql`instr(${padded(sql`lower(${column})`)}, ${segment(email)}) > 0`);
  const id = sql`instr(${padded(sql`${column}`)}, ${segment(person.userId)}) > 0`;
  return sql`(${sql.join([id, ...emails], sql` OR `)})`;
}
