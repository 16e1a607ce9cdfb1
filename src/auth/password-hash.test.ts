import { describe, expect, it } from "vitest";
import {
  assertWithinWorkersLimits,
  CURRENT_SCRYPT_PARAMS,
  DUMMY_PASSWORD_HASH,
  dummyVerify,
  hashPassword,
  hashPasswordWith,
  type ScryptParams,
  scryptMemoryBytes,
  verifyPassword,
  WORKERS_SCRYPT_LIMITS,
} from "./password-hash";

const ENCODED = /^scrypt\$v=1\$n=(\d+),r=(\d+),p=(\d+)\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)$/;

/** A cheaper strength than the current one: stands in for "a hash made before we raised the parameters". */
const WEAKER: ScryptParams = { ...CURRENT_SCRYPT_PARAMS, N: 2 ** 10 };

function parts(encoded: string) {
  const match = ENCODED.exec(encoded);
  if (!match) throw new Error(`not an encoded scrypt hash: ${encoded}`);
  const [, n, r, p, salt = "", key = ""] = match;
  return {
    n: Number(n),
    r: Number(r),
    p: Number(p),
    salt: Buffer.from(salt, "base64"),
    key: Buffer.from(key, "base64"),
  };
}

describe("the current parameters", () => {
  it("fit deployed Workers: N·r·p at most 2^20", () => {
    const { N, r, p } = CURRENT_SCRYPT_PARAMS;
    expect(N * r * p).toBeLessThanOrEqual(2 ** 20);
  });

  it("fit deployed Workers: at most 32 MiB of a 128 MB isolate, counting 128·N·r and what OpenSSL adds", () => {
    const { N, r } = CURRENT_SCRYPT_PARAMS;
    expect(128 * N * r).toBeLessThanOrEqual(32 * 1024 * 1024);
    expect(scryptMemoryBytes(CURRENT_SCRYPT_PARAMS)).toBeLessThanOrEqual(32 * 1024 * 1024);
  });

  it("pass assertWithinWorkersLimits, whose caps are the Workers ones", () => {
    expect(WORKERS_SCRYPT_LIMITS).toEqual({ maxNrpProduct: 2 ** 20, maxMemoryBytes: 32 * 1024 * 1024 });
    expect(() => assertWithinWorkersLimits(CURRENT_SCRYPT_PARAMS)).not.toThrow();
  });

  it("are the ones chosen on purpose: N=2^14, r=8, p=1, 32-byte key, 16-byte salt", () => {
    expect(CURRENT_SCRYPT_PARAMS).toEqual({ N: 16384, r: 8, p: 1, keyBytes: 32, saltBytes: 16 });
    expect(Object.isFrozen(CURRENT_SCRYPT_PARAMS)).toBe(true);
  });
});

describe("assertWithinWorkersLimits", () => {
  it("accepts the largest N·r·p Workers allow when memory also fits", () => {
    expect(() => assertWithinWorkersLimits({ ...CURRENT_SCRYPT_PARAMS, N: 2 ** 14, r: 8, p: 8 })).not.toThrow();
  });

  it("refuses N·r·p over 2^20", () => {
    expect(() => assertWithinWorkersLimits({ ...CURRENT_SCRYPT_PARAMS, N: 2 ** 14, r: 8, p: 9 })).toThrow(/N·r·p/);
    expect(() => assertWithinWorkersLimits({ ...CURRENT_SCRYPT_PARAMS, N: 2 ** 12, r: 8, p: 64 })).toThrow(/N·r·p/);
  });

  it("refuses more than 32 MiB even when N·r·p fits", () => {
    // 2^15·8·1 = 2^18 is fine for the CPU cap, but 128·N·r alone is exactly 32 MiB, plus OpenSSL's extra.
    expect(() => assertWithinWorkersLimits({ ...CURRENT_SCRYPT_PARAMS, N: 2 ** 15, r: 8, p: 1 })).toThrow(/bytes/);
    expect(() => assertWithinWorkersLimits({ ...CURRENT_SCRYPT_PARAMS, N: 2 ** 20, r: 1, p: 1 })).toThrow(/bytes/);
  });

  it.each([
    ["N not a power of two", { N: 10000 }],
    ["N of 1", { N: 1 }],
    ["N of 0", { N: 0 }],
    ["N fractional", { N: 1024.5 }],
    ["r of 0", { r: 0 }],
    ["p negative", { p: -1 }],
    ["p not a number", { p: Number.NaN }],
    ["key shorter than 16 bytes", { keyBytes: 8 }],
    ["key longer than 64 bytes", { keyBytes: 65 }],
    ["salt shorter than 16 bytes", { saltBytes: 8 }],
    ["salt longer than 64 bytes", { saltBytes: 1024 }],
  ])("refuses %s", (_name, change) => {
    expect(() => assertWithinWorkersLimits({ ...CURRENT_SCRYPT_PARAMS, ...change })).toThrow(RangeError);
  });
});

describe("hashPassword and verifyPassword", () => {
  it("verifies the password that was hashed", async () => {
    const encoded = await hashPassword("correct horse battery staple");
    expect(await verifyPassword("correct horse battery staple", encoded)).toEqual({ valid: true, needsRehash: false });
  });

  it("refuses a wrong password", async () => {
    const encoded = await hashPassword("correct horse battery staple");
    expect(await verifyPassword("correct horse battery stapler", encoded)).toEqual({
      valid: false,
      needsRehash: false,
    });
    expect(await verifyPassword("Correct horse battery staple", encoded)).toMatchObject({ valid: false });
    expect(await verifyPassword("", encoded)).toMatchObject({ valid: false });
  });

  it("does not truncate: a difference at the 256th character matters", async () => {
    const long = "a".repeat(255);
    const encoded = await hashPassword(`${long}b`);
    expect(await verifyPassword(`${long}b`, encoded)).toMatchObject({ valid: true });
    expect(await verifyPassword(`${long}c`, encoded)).toMatchObject({ valid: false });
  });

  it("uses a fresh random salt for every hash", async () => {
    const [first, second] = await Promise.all([hashPassword("same password"), hashPassword("same password")]);
    expect(first).not.toBe(second);
    expect(parts(first).salt.equals(parts(second).salt)).toBe(false);
    expect(parts(first).key.equals(parts(second).key)).toBe(false);
  });

  it("records the parameters, a 16-byte salt and a 32-byte key in the encoded string", async () => {
    const encoded = await hashPassword("correct horse battery staple");
    expect(encoded.startsWith("scrypt$v=1$n=16384,r=8,p=1$")).toBe(true);
    const { n, r, p, salt, key } = parts(encoded);
    expect({ n, r, p }).toEqual({ n: 16384, r: 8, p: 1 });
    expect(salt).toHaveLength(16);
    expect(key).toHaveLength(32);
    expect(encoded).not.toMatch(/=$|=\$/); // unpadded base64, as in PHC strings
  });

  it("verifies a hash made with other parameters, using the recorded ones, and asks for a rehash", async () => {
    const encoded = await hashPasswordWith(WEAKER, "correct horse battery staple");
    expect(encoded.startsWith("scrypt$v=1$n=1024,r=8,p=1$")).toBe(true);
    expect(await verifyPassword("correct horse battery staple", encoded)).toEqual({ valid: true, needsRehash: true });
    expect(await verifyPassword("wrong", encoded)).toEqual({ valid: false, needsRehash: true });
  });

  it("asks for a rehash when only the key or salt length differs", async () => {
    const longerKey = await hashPasswordWith({ ...CURRENT_SCRYPT_PARAMS, keyBytes: 64 }, "pw-one-two-three");
    expect(await verifyPassword("pw-one-two-three", longerKey)).toEqual({ valid: true, needsRehash: true });
    const longerSalt = await hashPasswordWith({ ...CURRENT_SCRYPT_PARAMS, saltBytes: 32 }, "pw-one-two-three");
    expect(await verifyPassword("pw-one-two-three", longerSalt)).toEqual({ valid: true, needsRehash: true });
  });

  it("refuses to hash with parameters over the Workers caps", async () => {
    await expect(hashPasswordWith({ ...CURRENT_SCRYPT_PARAMS, N: 2 ** 16 }, "x")).rejects.toThrow(RangeError);
    await expect(hashPasswordWith({ ...CURRENT_SCRYPT_PARAMS, p: 100 }, "x")).rejects.toThrow(RangeError);
  });
});

describe("verifyPassword: Unicode", () => {
  it("round-trips emoji, accents and non-Latin scripts", async () => {
    for (const password of ["🔒🗝️🚪🔑 open sesame", "pässwörd-ñandú", "пароль-для-входа", "我的秘密花园很大"]) {
      const encoded = await hashPassword(password);
      expect(await verifyPassword(password, encoded)).toMatchObject({ valid: true });
    }
  });

  it("treats NFKC-equivalent spellings as the same password", async () => {
    const composed = await hashPassword("caf\u00e9 au lait");
    expect(await verifyPassword("cafe\u0301 au lait", composed)).toMatchObject({ valid: true });
    const fullWidth = await hashPassword("ｓｅｃｒｅｔ-ｓａｕｃｅ");
    expect(await verifyPassword("secret-sauce", fullWidth)).toMatchObject({ valid: true });
  });

  it("keeps different characters different", async () => {
    const encoded = await hashPassword("caf\u00e9 au lait");
    expect(await verifyPassword("cafe au lait", encoded)).toMatchObject({ valid: false });
    expect(await verifyPassword("CAF\u00c9 AU LAIT", encoded)).toMatchObject({ valid: false });
  });
});

describe("verifyPassword: malformed or hostile stored hashes", () => {
  const salt = Buffer.alloc(16, 1).toString("base64").replace(/=+$/, "");
  const key = Buffer.alloc(32, 2).toString("base64").replace(/=+$/, "");

  it.each([
    ["empty", ""],
    ["another scheme", `bcrypt$v=1$n=16384,r=8,p=1$${salt}$${key}`],
    ["OpenAuth's JSON shape", JSON.stringify({ hash: key, salt, N: 16384, r: 8, p: 1 })],
    ["an unknown version", `scrypt$v=2$n=16384,r=8,p=1$${salt}$${key}`],
    ["parameters missing", `scrypt$v=1$${salt}$${key}`],
    ["parameters out of order", `scrypt$v=1$r=8,n=16384,p=1$${salt}$${key}`],
    ["N not a power of two", `scrypt$v=1$n=16383,r=8,p=1$${salt}$${key}`],
    ["r of zero", `scrypt$v=1$n=16384,r=0,p=1$${salt}$${key}`],
    ["a negative p", `scrypt$v=1$n=16384,r=8,p=-1$${salt}$${key}`],
    ["a huge number", `scrypt$v=1$n=${"9".repeat(400)},r=8,p=1$${salt}$${key}`],
    ["no key", `scrypt$v=1$n=16384,r=8,p=1$${salt}$`],
    ["no salt", `scrypt$v=1$n=16384,r=8,p=1$$${key}`],
    ["a trailing field", `scrypt$v=1$n=16384,r=8,p=1$${salt}$${key}$extra`],
    ["padded base64", `scrypt$v=1$n=16384,r=8,p=1$${salt}==$${key}`],
    ["base64 with stray low bits (not canonical)", `scrypt$v=1$n=16384,r=8,p=1$${salt.replace(/Q$/, "R")}$${key}`],
    ["base64 of impossible length", `scrypt$v=1$n=16384,r=8,p=1$${salt}A$${key}`],
    ["base64url instead of base64", `scrypt$v=1$n=16384,r=8,p=1$${salt}$${key.replace(/.$/, "_")}`],
    ["a short salt", `scrypt$v=1$n=16384,r=8,p=1$AAAAAAAAAAA$${key}`],
    ["a short key", `scrypt$v=1$n=16384,r=8,p=1$${salt}$AAAAAAAAAAA`],
    ["a 1 KiB key", `scrypt$v=1$n=16384,r=8,p=1$${salt}$${Buffer.alloc(1024).toString("base64").replace(/=+$/, "")}`],
    ["surrounding whitespace", ` scrypt$v=1$n=16384,r=8,p=1$${salt}$${key} `],
  ])("treats %s as invalid, asking for a rehash", async (_name, encoded) => {
    expect(await verifyPassword("anything", encoded)).toEqual({ valid: false, needsRehash: true });
  });

  it.each([
    ["N·r·p just over 2^20", `scrypt$v=1$n=16384,r=8,p=9$${salt}$${key}`],
    ["a p that would burn seconds", `scrypt$v=1$n=16384,r=8,p=1000$${salt}$${key}`],
    ["memory over 32 MiB", `scrypt$v=1$n=1048576,r=1,p=1$${salt}$${key}`],
  ])("refuses to spend work on %s", async (_name, encoded) => {
    expect(await verifyPassword("anything", encoded)).toEqual({ valid: false, needsRehash: true });
  });

  it("does not throw on values that are not strings at all", async () => {
    for (const encoded of [null, undefined, 42, {}]) {
      expect(await verifyPassword("anything", encoded as unknown as string)).toEqual({
        valid: false,
        needsRehash: true,
      });
    }
  });

  it("has a well-formed baseline, so each case above fails for its stated reason", async () => {
    // needsRehash false means it parsed with the current parameters; only the key did not match.
    const baseline = `scrypt$v=1$n=16384,r=8,p=1$${salt}$${key}`;
    expect(await verifyPassword("anything", baseline)).toEqual({ valid: false, needsRehash: false });
  });
});

describe("dummyVerify", () => {
  it("runs against a well-formed hash with the current parameters, so it costs what a real check costs", async () => {
    // A malformed dummy would return at once and make unknown emails fast again; needsRehash false proves it parsed.
    expect(DUMMY_PASSWORD_HASH.startsWith("scrypt$v=1$n=16384,r=8,p=1$")).toBe(true);
    expect(await verifyPassword("anything", DUMMY_PASSWORD_HASH)).toEqual({ valid: false, needsRehash: false });
  });

  it("matches no password, not even an empty one", async () => {
    expect(await verifyPassword("", DUMMY_PASSWORD_HASH)).toMatchObject({ valid: false });
  });

  it("resolves without throwing for any password", async () => {
    await expect(dummyVerify("correct horse battery staple")).resolves.toBeUndefined();
    await expect(dummyVerify("")).resolves.toBeUndefined();
  });
});
