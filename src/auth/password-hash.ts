/** Threat: a leaked users table invites offline guessing; scrypt (memory-hard, 16 MiB per guess) within Workers' caps. */
import { Buffer } from "node:buffer";
import { randomBytes, scrypt, timingSafeEqual } from "node:crypto";
import { normalizePassword } from "./password-policy";

export interface ScryptParams {
  /** CPU and memory cost, a power of two. */
  N: number;
  /** Block size: memory grows with N·r. */
  r: number;
  /** Parallelism: work grows with N·r·p. */
  p: number;
  keyBytes: number;
  saltBytes: number;
}

/**
 * OpenAuth's default and RFC 7914's interactive-login choice: 16 MiB and about 30 ms of one server core per hash,
 * half our memory cap and an eighth of the N·r·p that Workers allow, so a sign-in burst does not exhaust an isolate.
 * Changing these makes every stored hash report `needsRehash`, so sign-in upgrades them one by one.
 */
export const CURRENT_SCRYPT_PARAMS: Readonly<ScryptParams> = Object.freeze({
  N: 2 ** 14,
  r: 8,
  p: 1,
  keyBytes: 32,
  saltBytes: 16,
});

/** Deployed Workers refuse scrypt with N·r·p over 2^20; an isolate has 128 MB, so one hash may use at most a quarter. */
export const WORKERS_SCRYPT_LIMITS = Object.freeze({
  maxNrpProduct: 2 ** 20,
  maxMemoryBytes: 32 * 1024 * 1024,
});

/** Bounds on what a stored hash may ask for, so a tampered row cannot make us derive megabytes. */
const KEY_BYTES_RANGE = { min: 16, max: 64 } as const;
const SALT_BYTES_RANGE = { min: 16, max: 64 } as const;

const FORMAT_VERSION = 1;
const ENCODED_PATTERN = /^scrypt\$v=(\d+)\$n=(\d+),r=(\d+),p=(\d+)\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)$/;

/** What OpenSSL and workerd check against `maxmem`: the 128·N·r table plus the p blocks and two of scratch. */
export function scryptMemoryBytes(params: Pick<ScryptParams, "N" | "r" | "p">): number {
  return 128 * params.r * (params.N + params.p + 2);
}

/** Throws when the parameters are malformed or would fail (or crowd out) a deployed Worker. */
export function assertWithinWorkersLimits(params: ScryptParams): void {
  const { N, r, p, keyBytes, saltBytes } = params;
  if (!Number.isSafeInteger(N) || N < 2 || (N & (N - 1)) !== 0) {
    throw new RangeError(`scrypt N must be a power of two: ${N}`);
  }
  if (!Number.isSafeInteger(r) || r < 1) throw new RangeError(`scrypt r must be a positive integer: ${r}`);
  if (!Number.isSafeInteger(p) || p < 1) throw new RangeError(`scrypt p must be a positive integer: ${p}`);
  if (N * r * p > WORKERS_SCRYPT_LIMITS.maxNrpProduct) throw new RangeError(`scrypt N·r·p over 2^20: ${N * r * p}`);
  if (scryptMemoryBytes(params) > WORKERS_SCRYPT_LIMITS.maxMemoryBytes) {
    throw new RangeError(
      `scrypt needs ${scryptMemoryBytes(params)} bytes, over ${WORKERS_SCRYPT_LIMITS.maxMemoryBytes}`,
    );
  }
  if (!inRange(keyBytes, KEY_BYTES_RANGE)) throw new RangeError(`scrypt key length out of range: ${keyBytes}`);
  if (!inRange(saltBytes, SALT_BYTES_RANGE)) throw new RangeError(`scrypt salt length out of range: ${saltBytes}`);
}

export function hashPassword(password: string): Promise<string> {
  return hashPasswordWith(CURRENT_SCRYPT_PARAMS, password);
}

/** Hashes with the given parameters; exported so tests (and a future migration) can make hashes of other strengths. */
export async function hashPasswordWith(params: ScryptParams, password: string): Promise<string> {
  assertWithinWorkersLimits(params);
  const salt = randomBytes(params.saltBytes);
  const key = await deriveKey(params, password, salt);
  return encode(params, salt, key);
}

export interface PasswordVerification {
  valid: boolean;
  /** The stored hash is unreadable or was made with other parameters: store a fresh one after a valid sign-in. */
  needsRehash: boolean;
}

/** Never throws: a malformed or out-of-bounds stored hash is a failed verification. */
export async function verifyPassword(password: string, encoded: string): Promise<PasswordVerification> {
  const stored = decode(encoded);
  if (!stored) return { valid: false, needsRehash: true };
  const needsRehash = !sameParams(stored.params, CURRENT_SCRYPT_PARAMS);
  let key: Buffer;
  try {
    key = await deriveKey(stored.params, password, stored.salt);
  } catch {
    // Parameters passed our bounds, so this is a password that is not a string: a failed verification, not a crash.
    return { valid: false, needsRehash };
  }
  return { valid: timingSafeEqual(key, stored.key), needsRehash };
}

/**
 * A well-formed hash with the current parameters whose key matches no password (it is not the output of any
 * derivation we know of). Verifying against it costs what verifying a real hash costs.
 */
export const DUMMY_PASSWORD_HASH = encode(
  CURRENT_SCRYPT_PARAMS,
  Buffer.alloc(CURRENT_SCRYPT_PARAMS.saltBytes, 0x5a),
  Buffer.alloc(CURRENT_SCRYPT_PARAMS.keyBytes, 0),
);

/** Call when the email is unknown, so that answer takes as long as a wrong password and does not reveal accounts. */
export async function dummyVerify(password: string): Promise<void> {
  await verifyPassword(password, DUMMY_PASSWORD_HASH);
}

function deriveKey(params: ScryptParams, password: string, salt: Buffer): Promise<Buffer> {
  const { N, r, p, keyBytes } = params;
  // The callback form runs on Node's thread pool instead of blocking like scryptSync. workerd computes it in place
  // either way (one thread per isolate), so the work is bounded by the parameters, not by the API we call.
  return new Promise((resolve, reject) => {
    scrypt(
      normalizePassword(password),
      salt,
      keyBytes,
      { N, r, p, maxmem: WORKERS_SCRYPT_LIMITS.maxMemoryBytes },
      (error, key) => (error ? reject(error) : resolve(key)),
    );
  });
}

function encode(params: ScryptParams, salt: Buffer, key: Buffer): string {
  const { N, r, p } = params;
  return `scrypt$v=${FORMAT_VERSION}$n=${N},r=${r},p=${p}$${toBase64(salt)}$${toBase64(key)}`;
}

function decode(encoded: unknown): { params: ScryptParams; salt: Buffer; key: Buffer } | undefined {
  if (typeof encoded !== "string") return undefined;
  const match = ENCODED_PATTERN.exec(encoded);
  if (!match) return undefined;
  const [, version, n, r, p, saltText = "", keyText = ""] = match;
  if (Number(version) !== FORMAT_VERSION) return undefined;
  const salt = fromBase64(saltText);
  const key = fromBase64(keyText);
  if (!salt || !key) return undefined;
  const params = { N: Number(n), r: Number(r), p: Number(p), keyBytes: key.length, saltBytes: salt.length };
  try {
    assertWithinWorkersLimits(params);
  } catch {
    return undefined;
  }
  return { params, salt, key };
}

function sameParams(a: ScryptParams, b: ScryptParams): boolean {
  return a.N === b.N && a.r === b.r && a.p === b.p && a.keyBytes === b.keyBytes && a.saltBytes === b.saltBytes;
}

/** Unpadded standard base64, as in the PHC string format. */
function toBase64(bytes: Buffer): string {
  return bytes.toString("base64").replace(/=+$/, "");
}

/** Strict: Buffer's decoder skips junk, so accept only text that re-encodes to itself. */
function fromBase64(text: string): Buffer | undefined {
  const bytes = Buffer.from(text, "base64");
  return toBase64(bytes) === text ? bytes : undefined;
}

function inRange(value: number, range: { min: number; max: number }): boolean {
  return Number.isSafeInteger(value) && value >= range.min && value <= range.max;
}
