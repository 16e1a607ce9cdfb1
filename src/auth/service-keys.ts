/**
 * The service's own MAC key, made on first use and kept in D1 (`service_keys`). Refresh tokens and
 * code hashes are MACs under it, so a copy of the database alone cannot mint tokens or test codes offline.
 */
import { eq } from "drizzle-orm";
import type { DrizzleD1Database } from "drizzle-orm/d1";
import { base64UrlDecode, base64UrlEncode, importHmacKey } from "../lib/crypto";
import { serviceKeys } from "./schema";

const MAC_KEY_NAME = "mac-v1";
const cachedKeys = new WeakMap<object, Promise<CryptoKey>>();

async function loadOrCreate(db: DrizzleD1Database): Promise<CryptoKey> {
  const candidate = base64UrlEncode(crypto.getRandomValues(new Uint8Array(32)));
  // Two isolates may race on first use: the first insert wins and both read the winner.
  await db
    .insert(serviceKeys)
    .values({ name: MAC_KEY_NAME, value: candidate, createdAt: new Date().toISOString() })
    .onConflictDoNothing();
  const [row] = await db.select().from(serviceKeys).where(eq(serviceKeys.name, MAC_KEY_NAME));
  const raw = row && base64UrlDecode(row.value);
  if (!raw) throw new Error("service key mac-v1 is unreadable");
  return importHmacKey(raw);
}

/** The MAC key, read once per isolate and database. */
export function macKey(db: DrizzleD1Database): Promise<CryptoKey> {
  let key = cachedKeys.get(db);
  if (!key) {
    key = loadOrCreate(db);
    key.catch(() => cachedKeys.delete(db));
    cachedKeys.set(db, key);
  }
  return key;
}
