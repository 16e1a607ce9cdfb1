/** Reads of D1's `passkey_credentials` (written only by the Account object's outbox, account/passkey-state.ts). */
import { eq } from "drizzle-orm";
import type { DrizzleD1Database } from "drizzle-orm/d1";
import { passkeyCredentials } from "./passkey-schema";

/** Which account holds `credentialId` as far as the map knows; that account's object has the last word. */
export async function passkeyOwner(db: DrizzleD1Database, credentialId: string): Promise<string | null> {
  const [row] = await db
    .select({ userId: passkeyCredentials.userId })
    .from(passkeyCredentials)
    .where(eq(passkeyCredentials.credentialId, credentialId))
    .limit(1);
  return row?.userId ?? null;
}
