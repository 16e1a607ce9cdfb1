/** D1 access to people's consents to third-party clients (table `oidc_consents`). */
import { and, eq } from "drizzle-orm";
import type { DrizzleD1Database } from "drizzle-orm/d1";
import { oidcClients, oidcConsents } from "./schema";

/** Whether the person already granted `client` every one of `scopes`. */
export async function hasConsent(db: DrizzleD1Database, userId: string, clientId: string, scopes: readonly string[]) {
  const row = await db
    .select({ scopes: oidcConsents.scopes })
    .from(oidcConsents)
    .where(and(eq(oidcConsents.userId, userId), eq(oidcConsents.clientId, clientId)))
    .get();
  if (!row) return false;
  const granted = new Set(row.scopes.split(" "));
  return scopes.every((scope) => granted.has(scope));
}

/** Records the grant, adding `scopes` to what was granted before. */
export async function grantConsent(db: DrizzleD1Database, userId: string, clientId: string, scopes: readonly string[]) {
  const existing = await db
    .select({ scopes: oidcConsents.scopes })
    .from(oidcConsents)
    .where(and(eq(oidcConsents.userId, userId), eq(oidcConsents.clientId, clientId)))
    .get();
  const all = [...new Set([...(existing?.scopes.split(" ").filter(Boolean) ?? []), ...scopes])].join(" ");
  const at = new Date().toISOString();
  await db
    .insert(oidcConsents)
    .values({ userId, clientId, scopes: all, grantedAt: at })
    .onConflictDoUpdate({ target: [oidcConsents.userId, oidcConsents.clientId], set: { scopes: all, grantedAt: at } });
}

/** The person's consents with the clients' names (a deleted client's consent is not listed). */
export async function consentsOf(db: DrizzleD1Database, userId: string) {
  return db
    .select({
      clientId: oidcConsents.clientId,
      name: oidcClients.name,
      scopes: oidcConsents.scopes,
      grantedAt: oidcConsents.grantedAt,
    })
    .from(oidcConsents)
    .innerJoin(oidcClients, eq(oidcClients.id, oidcConsents.clientId))
    .where(eq(oidcConsents.userId, userId))
    .all();
}

/**
 * Every consent the person gave, for the export: a deleted client's consent is still stored, so it is listed too,
 * with no name.
 */
export async function allConsentsOf(db: DrizzleD1Database, userId: string) {
  return db
    .select({
      clientId: oidcConsents.clientId,
      name: oidcClients.name,
      scopes: oidcConsents.scopes,
      grantedAt: oidcConsents.grantedAt,
    })
    .from(oidcConsents)
    .leftJoin(oidcClients, eq(oidcClients.id, oidcConsents.clientId))
    .where(eq(oidcConsents.userId, userId))
    .orderBy(oidcConsents.grantedAt, oidcConsents.clientId)
    .all();
}

export async function revokeConsent(db: DrizzleD1Database, userId: string, clientId: string): Promise<boolean> {
  const deleted = await db
    .delete(oidcConsents)
    .where(and(eq(oidcConsents.userId, userId), eq(oidcConsents.clientId, clientId)))
    .returning({ clientId: oidcConsents.clientId });
  return deleted.length > 0;
}

/** Every consent of a person, for account purge. */
export async function deleteConsentsOf(db: DrizzleD1Database, userId: string) {
  await db.delete(oidcConsents).where(eq(oidcConsents.userId, userId));
}
