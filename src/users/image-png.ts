/**
 * PNG as chunks: `length (4, big-endian) | type (4) | data | CRC (4)` after the 8-byte signature, IHDR first, IEND
 * last. Metadata lives in whole chunks (tEXt, zTXt, iTXt, eXIf; tIME too), so stripping drops those chunks and keeps
 * the rest byte for byte; anything after IEND (where a polyglot would hide) is dropped as well.
 */
import type { CleanedImage } from "./image-metadata";

const SIGNATURE_BYTES = 8;
const METADATA_CHUNKS = new Set(["tEXt", "zTXt", "iTXt", "eXIf", "tIME"]);

function uint32(bytes: Uint8Array, at: number): number {
  return (
    (((bytes[at] ?? 0) << 24) | ((bytes[at + 1] ?? 0) << 16) | ((bytes[at + 2] ?? 0) << 8) | (bytes[at + 3] ?? 0)) >>> 0
  );
}

const typeAt = (bytes: Uint8Array, at: number) => String.fromCharCode(...bytes.subarray(at, at + 4));

/** The PNG without its metadata chunks, and its size from IHDR; null when its chunks do not add up. */
export function cleanPng(bytes: Uint8Array): CleanedImage | null {
  const kept: Uint8Array[] = [bytes.subarray(0, SIGNATURE_BYTES)];
  let at = SIGNATURE_BYTES;
  let size: { width: number; height: number } | null = null;
  for (;;) {
    if (at + 12 > bytes.length) return null;
    const length = uint32(bytes, at);
    const type = typeAt(bytes, at + 4);
    const end = at + 12 + length;
    if (end > bytes.length) return null;
    if (type === "IHDR") size = { width: uint32(bytes, at + 8), height: uint32(bytes, at + 12) };
    if (!METADATA_CHUNKS.has(type)) kept.push(bytes.subarray(at, end));
    at = end;
    if (type === "IEND") break;
  }
  if (!size) return null;
  return { bytes: joinBytes(kept), ...size };
}

export function joinBytes(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
