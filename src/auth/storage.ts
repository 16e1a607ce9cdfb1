/**
 * OpenAuth's storage adapter on D1: keys as one text column, values as JSON, expiry honoured on every read, and
 * OpenAuth's private key material sealed under a key derived from AUTH_SECRET (src/auth/sealed-values.ts).
 */
import { joinKey, type StorageAdapter, splitKey } from "@openauthjs/openauth/storage/storage";
import { and, asc, eq, gt, gte, inArray, isNull, lt, lte, or, type SQL } from "drizzle-orm";
import type { DrizzleD1Database } from "drizzle-orm/d1";
import { isKeyMaterial, seal, unseal } from "./sealed-values";
import { oauthStorage } from "./storage-schema";

/*
 * Assumes (src/auth/storage-schema.ts):
 *   oauth_storage(key text primary key, value text not null, expires_at integer null)
 *   key = segments joined with U+001F; value = JSON; expires_at = epoch milliseconds, null for never.
 *   Rows of key material (isKeyMaterial) hold a SealedValue as their JSON; OpenAuth only ever sees the opened value.
 */

/** What OpenAuth's joinKey puts between segments. */
const SEGMENT_SEPARATOR = "\x1f";
/** The code unit right after the separator: every key that continues a prefix by whole segments sorts below this. */
const AFTER_SEGMENT_SEPARATOR = "\x20";
/** Rows per query while scanning, so a scan over thousands of refresh tokens never holds them all at once. */
const SCAN_PAGE_ROWS = 100;
/** Rows deleted per statement by the purge, so one statement stays well inside D1's time limit. */
const PURGE_BATCH_ROWS = 500;

/** A row is live while it has no expiry or its expiry is still ahead; at the expiry instant it is gone. */
function unexpiredAt(nowMs: number): SQL | undefined {
  return or(isNull(oauthStorage.expiresAt), gt(oauthStorage.expiresAt, nowMs));
}

/**
 * The keys under a prefix, by whole segments: the prefix itself and every key that continues it with the separator.
 * The outer bounds are one primary-key range; the inner test drops the rare key whose last segment merely extends
 * the prefix's last one with a control character below U+001F (["a", "b\t"] is not under ["a", "b"]).
 */
function underPrefix(prefix: string[], after: string | undefined): SQL | undefined {
  if (prefix.length === 0) return after === undefined ? undefined : gt(oauthStorage.key, after);
  const joined = joinKey(prefix);
  return and(
    after === undefined ? gte(oauthStorage.key, joined) : gt(oauthStorage.key, after),
    lt(oauthStorage.key, joined + AFTER_SEGMENT_SEPARATOR),
    or(eq(oauthStorage.key, joined), gte(oauthStorage.key, joined + SEGMENT_SEPARATOR)),
  );
}

/** OpenAuth's contract plus `take`: read and delete a key in one statement, so only one caller ever gets it. */
export interface TakingStorageAdapter extends StorageAdapter {
  take(key: string[]): Promise<unknown>;
}

/** How a row's JSON is written and read: sealed when it is key material, as it is otherwise. */
interface RowCodec {
  stored(key: string[], rowKey: string, value: unknown): Promise<string>;
  opened(key: string[], rowKey: string, json: string): Promise<Record<string, unknown> | undefined>;
}

function keyMaterialCodec(keyMaterialKey: Promise<CryptoKey>): RowCodec {
  return {
    /** The row's JSON for a value: sealed when it is key material. */
    async stored(key, rowKey, value) {
      return JSON.stringify(isKeyMaterial(key) ? await seal(await keyMaterialKey, rowKey, value) : value);
    },
    /** The value of a row's JSON; undefined for key material that is not sealed under our key (never trusted). */
    async opened(key, rowKey, json) {
      const value = JSON.parse(json);
      if (!isKeyMaterial(key)) return value;
      const material = await unseal(await keyMaterialKey, rowKey, value);
      if (material === undefined) console.warn("oauth_storage: ignored key material not sealed under AUTH_SECRET");
      return material as Record<string, unknown> | undefined;
    },
  };
}

/** The JSON of an unexpired row; an expired one is deleted on the way (OpenAuth must never see it). */
async function unexpiredValue(db: DrizzleD1Database, joined: string): Promise<string | undefined> {
  const row = await db
    .select({ value: oauthStorage.value, expiresAt: oauthStorage.expiresAt })
    .from(oauthStorage)
    .where(eq(oauthStorage.key, joined))
    .get();
  if (row === undefined) return undefined;
  const nowMs = Date.now();
  if (row.expiresAt !== null && row.expiresAt <= nowMs) {
    // Delete only while still expired: a concurrent set may have renewed the key since the read.
    await db.delete(oauthStorage).where(and(eq(oauthStorage.key, joined), lte(oauthStorage.expiresAt, nowMs)));
    return undefined;
  }
  return row.value;
}

/** The unexpired rows under a prefix, in key order, a page at a time. */
async function* scanUnexpired(
  db: DrizzleD1Database,
  prefix: string[],
  codec: RowCodec,
): AsyncGenerator<[string[], Record<string, unknown>]> {
  // One instant for the whole scan: every page agrees on what has expired.
  const nowMs = Date.now();
  let after: string | undefined;
  while (true) {
    // Keyset pagination: safe when the caller deletes what it is handed (OpenAuth revokes refresh tokens so).
    const rows = await db
      .select({ key: oauthStorage.key, value: oauthStorage.value })
      .from(oauthStorage)
      .where(and(underPrefix(prefix, after), unexpiredAt(nowMs)))
      .orderBy(asc(oauthStorage.key))
      .limit(SCAN_PAGE_ROWS);
    for (const row of rows) {
      const key = splitKey(row.key);
      const value = await codec.opened(key, row.key, row.value);
      if (value !== undefined) yield [key, value];
    }
    const last = rows.at(-1);
    if (last === undefined || rows.length < SCAN_PAGE_ROWS) return;
    after = last.key;
  }
}

/**
 * The storage adapter to hand to OpenAuth's `issuer({ storage })`. `keyMaterialKey` seals OpenAuth's private keys
 * (src/auth/service-keys.ts `keyMaterialKey(config.authSecret)`); every other row is stored as it is.
 */
export function D1StorageAdapter(db: DrizzleD1Database, keyMaterialKey: Promise<CryptoKey>): TakingStorageAdapter {
  const codec = keyMaterialCodec(keyMaterialKey);
  return {
    async get(key) {
      const joined = joinKey(key);
      const json = await unexpiredValue(db, joined);
      return json === undefined ? undefined : codec.opened(key, joined, json);
    },

    async set(key, value, expiry) {
      const joined = joinKey(key);
      const row = { key: joined, value: await codec.stored(key, joined, value), expiresAt: expiry?.getTime() ?? null };
      await db
        .insert(oauthStorage)
        .values(row)
        .onConflictDoUpdate({ target: oauthStorage.key, set: { value: row.value, expiresAt: row.expiresAt } });
    },

    async remove(key) {
      await db.delete(oauthStorage).where(eq(oauthStorage.key, joinKey(key)));
    },

    async take(key) {
      const nowMs = Date.now();
      const joined = joinKey(key);
      // One DELETE … RETURNING: of two racing callers, SQLite hands the row to exactly one.
      const [row] = await db
        .delete(oauthStorage)
        .where(eq(oauthStorage.key, joined))
        .returning({ value: oauthStorage.value, expiresAt: oauthStorage.expiresAt });
      if (row === undefined || (row.expiresAt !== null && row.expiresAt <= nowMs)) return undefined;
      return codec.opened(key, joined, row.value);
    },

    scan: (prefix) => scanUnexpired(db, prefix, codec),
  };
}

/**
 * Reads and deletes a value at once (an authorization code must be exchanged only once). The key is encoded as
 * OpenAuth's `Storage` helpers encode it, so it finds what `Storage.set` wrote. Refuses an adapter without `take`:
 * a get followed by a remove would let two parallel callers both succeed.
 */
export async function takeStoredValue<T>(storage: StorageAdapter, key: string[]): Promise<T | undefined> {
  if (!("take" in storage) || typeof storage.take !== "function") {
    throw new TypeError("takeStoredValue needs a storage adapter with an atomic take(), such as D1StorageAdapter");
  }
  const encoded = key.map((segment) => segment.replaceAll(SEGMENT_SEPARATOR, ""));
  return (await (storage as TakingStorageAdapter).take(encoded)) as T | undefined;
}

/** Deletes every row expired at `now`, in batches; run it from the scheduled handler. Returns how many went. */
export async function purgeExpired(db: DrizzleD1Database, now: Date): Promise<number> {
  const nowMs = now.getTime();
  let purged = 0;
  while (true) {
    const batch = db
      .select({ key: oauthStorage.key })
      .from(oauthStorage)
      .where(lte(oauthStorage.expiresAt, nowMs))
      .limit(PURGE_BATCH_ROWS);
    const result = await db.delete(oauthStorage).where(inArray(oauthStorage.key, batch));
    purged += result.meta.changes;
    if (result.meta.changes < PURGE_BATCH_ROWS) return purged;
  }
}
