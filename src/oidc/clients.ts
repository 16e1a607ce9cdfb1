/** D1 access to registered OpenID Connect clients (table `oidc_clients`), and how /token checks a client's secret. */
import { desc, eq } from "drizzle-orm";
import type { DrizzleD1Database } from "drizzle-orm/d1";
import { sha256Hex, timingSafeEqualStrings } from "../lib/crypto";
import { newId, randomBase64Url } from "../lib/ids";
import type { ClientType, ResolvedClient } from "./client-rules";
import { oidcClients } from "./schema";

export type ClientRow = typeof oidcClients.$inferSelect;

export interface NewClient {
  name: string;
  type: ClientType;
  firstParty: boolean;
  redirectUris: string[];
  postLogoutRedirectUris: string[];
}

/** 256 random bits, shown to the admin once. */
const newSecret = () => `cs_${randomBase64Url(32)}`;

export function resolvedClient(row: ClientRow): ResolvedClient {
  return {
    id: row.id,
    name: row.name,
    type: row.type,
    firstParty: row.firstParty,
    builtIn: false,
    redirectUris: JSON.parse(row.redirectUris) as string[],
    postLogoutRedirectUris: JSON.parse(row.postLogoutRedirectUris) as string[],
    secretHash: row.secretHash,
  };
}

export async function createClientRow(db: DrizzleD1Database, input: NewClient) {
  const at = new Date().toISOString();
  const secret = input.type === "confidential" ? newSecret() : null;
  const row: ClientRow = {
    id: newId("cli"),
    name: input.name,
    type: input.type,
    firstParty: input.firstParty,
    redirectUris: JSON.stringify(input.redirectUris),
    postLogoutRedirectUris: JSON.stringify(input.postLogoutRedirectUris),
    secretHash: secret ? await sha256Hex(secret) : null,
    createdAt: at,
    updatedAt: at,
  };
  await db.insert(oidcClients).values(row);
  return { row, secret };
}

export async function findClientRow(db: DrizzleD1Database, id: string): Promise<ClientRow | null> {
  return (await db.select().from(oidcClients).where(eq(oidcClients.id, id)).get()) ?? null;
}

export async function listClientRows(db: DrizzleD1Database): Promise<ClientRow[]> {
  return db.select().from(oidcClients).orderBy(desc(oidcClients.createdAt)).limit(500).all();
}

export async function updateClientRow(
  db: DrizzleD1Database,
  id: string,
  change: Partial<Pick<NewClient, "name" | "firstParty" | "redirectUris" | "postLogoutRedirectUris">>,
): Promise<ClientRow | null> {
  const set: Partial<ClientRow> = { updatedAt: new Date().toISOString() };
  if (change.name !== undefined) set.name = change.name;
  if (change.firstParty !== undefined) set.firstParty = change.firstParty;
  if (change.redirectUris !== undefined) set.redirectUris = JSON.stringify(change.redirectUris);
  if (change.postLogoutRedirectUris !== undefined) {
    set.postLogoutRedirectUris = JSON.stringify(change.postLogoutRedirectUris);
  }
  return (await db.update(oidcClients).set(set).where(eq(oidcClients.id, id)).returning().get()) ?? null;
}

/** A new secret for a confidential client (the old one stops working at once); null for none or a public one. */
export async function rotateClientSecret(db: DrizzleD1Database, id: string): Promise<string | null> {
  const row = await findClientRow(db, id);
  if (row?.type !== "confidential") return null;
  const secret = newSecret();
  await db
    .update(oidcClients)
    .set({ secretHash: await sha256Hex(secret), updatedAt: new Date().toISOString() })
    .where(eq(oidcClients.id, id));
  return secret;
}

export async function deleteClientRow(db: DrizzleD1Database, id: string): Promise<boolean> {
  const deleted = await db.delete(oidcClients).where(eq(oidcClients.id, id)).returning({ id: oidcClients.id });
  return deleted.length > 0;
}

/** Whether `secret` is the client's current one (compared as hashes, in constant time). */
export async function isClientSecret(client: ResolvedClient, secret: string): Promise<boolean> {
  if (!client.secretHash) return false;
  return timingSafeEqualStrings(await sha256Hex(secret), client.secretHash);
}

/** The origins every registered client may be redirected to (the sign-in pages' CSP `form-action`), deduplicated. */
export async function registeredRedirectOrigins(db: DrizzleD1Database): Promise<string[]> {
  const rows = await db
    .select({ redirectUris: oidcClients.redirectUris, logout: oidcClients.postLogoutRedirectUris })
    .from(oidcClients)
    .all();
  const origins = new Set<string>();
  for (const row of rows) {
    for (const uri of [...(JSON.parse(row.redirectUris) as string[]), ...(JSON.parse(row.logout) as string[])]) {
      origins.add(new URL(uri).origin);
    }
  }
  return [...origins].sort();
}
