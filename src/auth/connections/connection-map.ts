/**
 * Reads of D1's `connected_identities` (written only by the Account object's outbox, account/connection-state.ts), and
 * the single-use tickets that start a link from settings (decision 0038).
 */
import type { StorageAdapter } from "@openauthjs/openauth/storage/storage";
import { Storage } from "@openauthjs/openauth/storage/storage";
import { and, eq } from "drizzle-orm";
import type { DrizzleD1Database } from "drizzle-orm/d1";
import { randomBase64Url } from "../../lib/ids";
import { connectedIdentities } from "../connection-schema";
import { takeStoredValue } from "../storage";

/** Which account holds the upstream identity as far as the map knows; that account's object has the last word. */
export async function connectionOwner(
  db: DrizzleD1Database,
  provider: string,
  subject: string,
): Promise<string | null> {
  const [row] = await db
    .select({ userId: connectedIdentities.userId })
    .from(connectedIdentities)
    .where(and(eq(connectedIdentities.provider, provider), eq(connectedIdentities.subject, subject)))
    .limit(1);
  return row?.userId ?? null;
}

/** A link lives as long as an upstream sign-in may take. */
export const LINK_TICKET_SECONDS = 10 * 60;
const TICKET_PREFIX = "connection:link";

export interface LinkTicket {
  userId: string;
  provider: string;
  email: string;
}

export async function issueLinkTicket(storage: StorageAdapter, ticket: LinkTicket): Promise<string> {
  const id = randomBase64Url(32);
  await Storage.set(storage, [TICKET_PREFIX, id], ticket, LINK_TICKET_SECONDS);
  return id;
}

/** Reads a ticket without using it (the confirmation page). */
export async function peekLinkTicket(storage: StorageAdapter, id: string): Promise<LinkTicket | undefined> {
  return id ? ((await Storage.get<LinkTicket>(storage, [TICKET_PREFIX, id])) ?? undefined) : undefined;
}

/** Uses a ticket: it completes one link, by one request. */
export async function takeLinkTicket(storage: StorageAdapter, id: string): Promise<LinkTicket | undefined> {
  return id ? takeStoredValue<LinkTicket>(storage, [TICKET_PREFIX, id]) : undefined;
}
