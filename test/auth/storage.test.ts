/** The D1 storage adapter against OpenAuth's contract: JSON values, expiry on every read, segment-wise prefix scans. */
import { env } from "cloudflare:test";
import { MemoryStorage } from "@openauthjs/openauth/storage/memory";
import { Storage } from "@openauthjs/openauth/storage/storage";
import { asc, eq } from "drizzle-orm";
import { drizzle } from "drizzle-orm/d1";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { keyMaterialKey } from "../../src/auth/service-keys";
import { D1StorageAdapter, purgeExpired, takeStoredValue } from "../../src/auth/storage";
import { oauthStorage } from "../../src/auth/storage-schema";
import { configOf } from "../../src/config";

/** Every SQL statement the adapter sends, so a test can ask SQLite how it would run them. */
const sent: { sql: string; params: unknown[] }[] = [];
const db = drizzle(env.DB, { logger: { logQuery: (sql, params) => sent.push({ sql, params }) } });
const adapter = D1StorageAdapter(db, keyMaterialKey(configOf(env).authSecret));

const HOUR_MS = 60 * 60 * 1000;
const past = () => new Date(Date.now() - HOUR_MS);
const future = () => new Date(Date.now() + HOUR_MS);

async function scanAll(prefix: string[]): Promise<[string[], unknown][]> {
  return Array.fromAsync(adapter.scan(prefix));
}

async function storedKeys(): Promise<string[]> {
  const rows = await db.select({ key: oauthStorage.key }).from(oauthStorage).orderBy(asc(oauthStorage.key));
  return rows.map((row) => row.key);
}

/** Inserts rows straight into the table, 25 per statement (D1 binds at most 100 parameters). */
async function insertRows(rows: { key: string; value: string; expiresAt: number | null }[]): Promise<void> {
  const statements = [];
  for (let i = 0; i < rows.length; i += 25) statements.push(db.insert(oauthStorage).values(rows.slice(i, i + 25)));
  const [first, ...rest] = statements;
  if (first) await db.batch([first, ...rest]);
}

// D1 storage is shared by the whole file: start every test from an empty table.
beforeEach(async () => {
  await db.delete(oauthStorage);
  sent.length = 0;
});

afterEach(() => {
  vi.useRealTimers();
});

describe("get, set and remove", () => {
  it("round-trips nested JSON", async () => {
    const value = {
      id: "usr_1",
      nested: { list: [1, "two", { three: [true, false, null] }], empty: {} },
      unicode: "Zoë 🔑 \u001f inside a value is fine",
      number: 1.5,
    };
    await adapter.set(["oauth:code", "abc"], value);
    expect(await adapter.get(["oauth:code", "abc"])).toEqual(value);
  });

  it("answers undefined for a key never set", async () => {
    expect(await adapter.get(["oauth:code", "missing"])).toBeUndefined();
  });

  it("overwrites a value and its expiry", async () => {
    await adapter.set(["k"], { v: 1 }, past());
    await adapter.set(["k"], { v: 2 });
    expect(await adapter.get(["k"])).toEqual({ v: 2 });
    await adapter.set(["k"], { v: 3 }, future());
    expect(await adapter.get(["k"])).toEqual({ v: 3 });
    expect(await storedKeys()).toEqual(["k"]);
  });

  it("removes a key, and removing a missing key is not an error", async () => {
    await adapter.set(["a", "b"], { v: 1 });
    await adapter.set(["a", "c"], { v: 2 });
    await adapter.remove(["a", "b"]);
    await adapter.remove(["a", "never"]);
    expect(await adapter.get(["a", "b"])).toBeUndefined();
    expect(await adapter.get(["a", "c"])).toEqual({ v: 2 });
  });

  it("keys by the joined segments, as OpenAuth's joinKey does", async () => {
    await adapter.set(["oauth:refresh", "usr_1", "tok"], { v: 1 });
    expect(await storedKeys()).toEqual(["oauth:refresh\x1fusr_1\x1ftok"]);
  });
});

describe("expiry", () => {
  it("hides a key whose expiry has passed and keeps one whose expiry is ahead", async () => {
    await adapter.set(["gone"], { v: 1 }, past());
    await adapter.set(["kept"], { v: 2 }, future());
    expect(await adapter.get(["gone"])).toBeUndefined();
    expect(await adapter.get(["kept"])).toEqual({ v: 2 });
  });

  it("deletes an expired row when it is read", async () => {
    await adapter.set(["gone"], { v: 1 }, past());
    await adapter.set(["kept"], { v: 2 }, future());
    expect(await storedKeys()).toEqual(["gone", "kept"]);
    await adapter.get(["gone"]);
    expect(await storedKeys()).toEqual(["kept"]);
  });

  it("treats the expiry instant itself as expired", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2030-01-01T00:00:00Z"));
    await adapter.set(["edge"], { v: 1 }, new Date("2030-01-01T00:00:01Z"));
    expect(await adapter.get(["edge"])).toEqual({ v: 1 });
    vi.setSystemTime(new Date("2030-01-01T00:00:01Z"));
    expect(await adapter.get(["edge"])).toBeUndefined();
  });

  it("leaves expired rows out of a scan", async () => {
    await adapter.set(["signing:key", "old"], { v: 1 }, past());
    await adapter.set(["signing:key", "new"], { v: 2 }, future());
    await adapter.set(["signing:key", "forever"], { v: 3 });
    expect(await scanAll(["signing:key"])).toEqual([
      [["signing:key", "forever"], { v: 3 }],
      [["signing:key", "new"], { v: 2 }],
    ]);
  });

  it("honours a ttl given through OpenAuth's Storage.set", async () => {
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(new Date("2030-01-01T00:00:00Z"));
    await Storage.set(adapter, ["oauth:code", "c1"], { redirect: "/" }, 60);
    const [row] = await db.select().from(oauthStorage).where(eq(oauthStorage.key, "oauth:code\x1fc1"));
    expect(row?.expiresAt).toBe(Date.parse("2030-01-01T00:01:00Z"));
    vi.setSystemTime(new Date("2030-01-01T00:00:59Z"));
    expect(await Storage.get(adapter, ["oauth:code", "c1"])).toEqual({ redirect: "/" });
    vi.setSystemTime(new Date("2030-01-01T00:01:00Z"));
    expect(await Storage.get(adapter, ["oauth:code", "c1"])).toBeUndefined();
  });
});

describe("scan", () => {
  it("matches whole segments: usr_1 does not include usr_10", async () => {
    await adapter.set(["oauth:refresh", "usr_1", "a"], { v: 1 });
    await adapter.set(["oauth:refresh", "usr_1", "b"], { v: 2 });
    await adapter.set(["oauth:refresh", "usr_10", "c"], { v: 3 });
    await adapter.set(["oauth:refresh", "usr_1x"], { v: 4 });
    await adapter.set(["oauth:refresh", "usr_1\t"], { v: 5 });
    await adapter.set(["oauth:refreshx", "usr_1", "d"], { v: 6 });
    expect(await scanAll(["oauth:refresh", "usr_1"])).toEqual([
      [["oauth:refresh", "usr_1", "a"], { v: 1 }],
      [["oauth:refresh", "usr_1", "b"], { v: 2 }],
    ]);
    expect((await scanAll(["oauth:refresh"])).map(([key]) => key)).toEqual([
      ["oauth:refresh", "usr_1\t"],
      ["oauth:refresh", "usr_1", "a"],
      ["oauth:refresh", "usr_1", "b"],
      ["oauth:refresh", "usr_10", "c"],
      ["oauth:refresh", "usr_1x"],
    ]);
  });

  it("includes the key equal to the prefix, which starts with it too", async () => {
    await adapter.set(["a", "b"], { v: 1 });
    await adapter.set(["a", "b", "c"], { v: 2 });
    expect((await scanAll(["a", "b"])).map(([key]) => key)).toEqual([
      ["a", "b"],
      ["a", "b", "c"],
    ]);
  });

  it("returns keys split back into their segments", async () => {
    await adapter.set(["oauth:refresh", "usr_1", "tok"], { v: 1 });
    const [[key] = []] = await scanAll(["oauth:refresh"]);
    expect(key).toEqual(["oauth:refresh", "usr_1", "tok"]);
  });

  it("returns every unexpired key for the empty prefix", async () => {
    await adapter.set(["a"], { v: 1 });
    await adapter.set(["b", "c"], { v: 2 });
    await adapter.set(["d"], { v: 3 }, past());
    expect(await scanAll([])).toEqual([
      [["a"], { v: 1 }],
      [["b", "c"], { v: 2 }],
    ]);
  });

  it("returns nothing for a prefix with no keys", async () => {
    await adapter.set(["a"], { v: 1 });
    expect(await scanAll(["z"])).toEqual([]);
  });

  it("returns all of a scan larger than one page, in key order, paging in several queries", async () => {
    const keys = Array.from({ length: 250 }, (_, i) => `tok${String(i).padStart(3, "0")}`);
    await insertRows(
      keys.map((k) => ({ key: `oauth:refresh\x1fusr_1\x1f${k}`, value: `{"n":"${k}"}`, expiresAt: null })),
    );
    await insertRows([{ key: "oauth:refresh\x1fusr_2\x1fother", value: "{}", expiresAt: null }]);
    sent.length = 0;
    const scanned = await scanAll(["oauth:refresh", "usr_1"]);
    expect(scanned.map(([key]) => key[2])).toEqual(keys);
    expect(scanned[249]?.[1]).toEqual({ n: "tok249" });
    expect(sent.length).toBe(3);
  });

  it("survives the caller deleting each key as it goes, as OpenAuth does when revoking refresh tokens", async () => {
    const keys = Array.from({ length: 230 }, (_, i) => `tok${String(i).padStart(3, "0")}`);
    await insertRows(keys.map((k) => ({ key: `oauth:refresh\x1fusr_1\x1f${k}`, value: "{}", expiresAt: null })));
    const seen: string[] = [];
    for await (const [key] of adapter.scan(["oauth:refresh", "usr_1"])) {
      seen.push(key[2] ?? "");
      await adapter.remove(key);
    }
    expect(seen).toEqual(keys);
    expect(await storedKeys()).toEqual([]);
  });

  it("reads a primary-key range, not the whole table", async () => {
    await adapter.set(["oauth:refresh", "usr_1", "a"], { v: 1 });
    sent.length = 0;
    await scanAll(["oauth:refresh", "usr_1"]);
    const [query] = sent;
    if (!query) throw new Error("scan sent no query");
    const plan = await env.DB.prepare(`EXPLAIN QUERY PLAN ${query.sql}`)
      .bind(...query.params)
      .all<{ detail: string }>();
    const details = plan.results.map((row) => row.detail).join("\n");
    expect(details).toMatch(/SEARCH oauth_storage USING INDEX sqlite_autoindex_oauth_storage_1 \(key>\? AND key<\?\)/);
    expect(details).not.toMatch(/TEMP B-TREE/);
  });
});

describe("through OpenAuth's Storage helper", () => {
  it("strips the separator from inside a segment, so a segment cannot forge another key", async () => {
    await Storage.set(adapter, ["oauth:refresh", "usr_1\x1fevil", "tok"], { v: 1 });
    expect(await storedKeys()).toEqual(["oauth:refresh\x1fusr_1evil\x1ftok"]);
    expect(await Storage.get(adapter, ["oauth:refresh", "usr_1evil", "tok"])).toEqual({ v: 1 });
    expect(await Array.fromAsync(Storage.scan(adapter, ["oauth:refresh", "usr_1"]))).toEqual([]);
    expect(await Array.fromAsync(Storage.scan(adapter, ["oauth:refresh", "usr_1\x1fevil"]))).toEqual([
      [["oauth:refresh", "usr_1evil", "tok"], { v: 1 }],
    ]);
    await Storage.remove(adapter, ["oauth:refresh", "usr_1\x1fevil", "tok"]);
    expect(await storedKeys()).toEqual([]);
  });
});

describe("OpenAuth's key material", () => {
  /** The shape OpenAuth 0.4.3 stores under signing:key and encryption:key (keys.ts), with a stand-in PEM. */
  const keyPair = (id: string) => ({
    id,
    publicKey: "-----BEGIN PUBLIC KEY-----\nMFkw\n-----END PUBLIC KEY-----\n",
    privateKey: "-----BEGIN PRIVATE KEY-----\nMIGH\n-----END PRIVATE KEY-----\n",
    created: 1_700_000_000_000,
    alg: "ES256",
  });

  async function storedValue(key: string[]): Promise<string | undefined> {
    const [row] = await db
      .select()
      .from(oauthStorage)
      .where(eq(oauthStorage.key, key.join("\x1f")));
    return row?.value;
  }

  it("is stored sealed, and reads back as OpenAuth wrote it through get and scan", async () => {
    for (const prefix of ["signing:key", "encryption:key", "oauth:key"]) {
      await Storage.set(adapter, [prefix, "k1"], keyPair("k1"));
      const raw = (await storedValue([prefix, "k1"])) ?? "";
      expect(raw).not.toContain("PRIVATE KEY");
      expect(JSON.parse(raw)).toEqual({ sealed: "A256GCM", iv: expect.any(String), ciphertext: expect.any(String) });
      expect(await Storage.get(adapter, [prefix, "k1"])).toEqual(keyPair("k1"));
      expect(await scanAll([prefix])).toEqual([[[prefix, "k1"], keyPair("k1")]]);
    }
  });

  it("is sealed afresh on every write: two writes of one value differ", async () => {
    await adapter.set(["signing:key", "k1"], keyPair("k1"));
    const first = await storedValue(["signing:key", "k1"]);
    await adapter.set(["signing:key", "k1"], keyPair("k1"));
    expect(await storedValue(["signing:key", "k1"])).not.toBe(first);
  });

  it("is not trusted when stored in the clear: get and scan skip it, as if absent", async () => {
    await insertRows([{ key: "signing:key\x1fplain", value: JSON.stringify(keyPair("plain")), expiresAt: null }]);
    expect(await adapter.get(["signing:key", "plain"])).toBeUndefined();
    expect(await scanAll(["signing:key"])).toEqual([]);
  });

  it("is not trusted when moved to another row (the row's key is bound into the seal)", async () => {
    await adapter.set(["signing:key", "old"], keyPair("old"));
    const sealed = (await storedValue(["signing:key", "old"])) ?? "";
    await insertRows([{ key: "signing:key\x1fnew", value: sealed, expiresAt: null }]);
    expect(await adapter.get(["signing:key", "new"])).toBeUndefined();
    expect(await scanAll(["signing:key"])).toEqual([[["signing:key", "old"], keyPair("old")]]);
  });

  it("is not readable under another AUTH_SECRET", async () => {
    await adapter.set(["encryption:key", "k1"], keyPair("k1"));
    const other = D1StorageAdapter(db, keyMaterialKey("another-secret-of-at-least-thirty-two-characters"));
    expect(await other.get(["encryption:key", "k1"])).toBeUndefined();
    expect(await Array.fromAsync(other.scan(["encryption:key"]))).toEqual([]);
  });

  it("leaves every other row as plain JSON", async () => {
    await adapter.set(["oauth:code", "c1"], { subject: "usr_1" });
    expect(await storedValue(["oauth:code", "c1"])).toBe(JSON.stringify({ subject: "usr_1" }));
  });
});

describe("takeStoredValue", () => {
  it("returns the value once and deletes it", async () => {
    await Storage.set(adapter, ["oauth:code", "c1"], { subject: "usr_1" }, 60);
    expect(await takeStoredValue(adapter, ["oauth:code", "c1"])).toEqual({ subject: "usr_1" });
    expect(await takeStoredValue(adapter, ["oauth:code", "c1"])).toBeUndefined();
    expect(await storedKeys()).toEqual([]);
  });

  it("hands a value to only one of many parallel callers", async () => {
    await adapter.set(["oauth:code", "c1"], { subject: "usr_1" });
    const taken = await Promise.all(Array.from({ length: 5 }, () => takeStoredValue(adapter, ["oauth:code", "c1"])));
    expect(taken.filter((value) => value !== undefined)).toEqual([{ subject: "usr_1" }]);
  });

  it("refuses an expired value, and deletes it", async () => {
    await adapter.set(["oauth:code", "old"], { subject: "usr_1" }, past());
    expect(await takeStoredValue(adapter, ["oauth:code", "old"])).toBeUndefined();
    expect(await storedKeys()).toEqual([]);
  });

  it("answers undefined for a key never set", async () => {
    expect(await takeStoredValue(adapter, ["oauth:code", "missing"])).toBeUndefined();
  });

  it("encodes the key as Storage.set does, stripping the separator", async () => {
    await Storage.set(adapter, ["oauth:code", "a\x1fb"], { v: 1 });
    expect(await takeStoredValue(adapter, ["oauth:code", "a\x1fb"])).toEqual({ v: 1 });
  });

  it("refuses an adapter that cannot take atomically", async () => {
    await expect(takeStoredValue(MemoryStorage(), ["oauth:code", "c1"])).rejects.toThrow(TypeError);
  });
});

describe("purgeExpired", () => {
  it("removes only the rows expired at the given instant, and says how many", async () => {
    const now = new Date("2030-01-01T00:00:00Z");
    await insertRows([
      { key: "before", value: "{}", expiresAt: now.getTime() - 1 },
      { key: "at", value: "{}", expiresAt: now.getTime() },
      { key: "after", value: "{}", expiresAt: now.getTime() + 1 },
      { key: "never", value: "{}", expiresAt: null },
    ]);
    expect(await purgeExpired(db, now)).toBe(2);
    expect(await storedKeys()).toEqual(["after", "never"]);
  });

  it("purges more rows than one batch", async () => {
    const now = new Date("2030-01-01T00:00:00Z");
    const expired = Array.from({ length: 1_100 }, (_, i) => ({ key: `x${i}`, value: "{}", expiresAt: 0 }));
    await insertRows([...expired, { key: "live", value: "{}", expiresAt: null }]);
    expect(await purgeExpired(db, now)).toBe(1_100);
    expect(await storedKeys()).toEqual(["live"]);
  });
});
