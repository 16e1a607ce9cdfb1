/**
 * WebP as RIFF chunks: `RIFF <size (4, little-endian)> WEBP`, then `<fourcc> <size (4, LE)> <data> <pad to even>`.
 * Metadata lives in the EXIF and `XMP ` chunks, announced by two flags of the VP8X header: stripping drops the
 * chunks, clears the flags and writes the RIFF size again. The size comes from VP8X (canvas), VP8 or VP8L.
 */
import type { CleanedImage } from "./image-metadata";
import { joinBytes } from "./image-png";

const METADATA_CHUNKS = new Set(["EXIF", "XMP "]);
const VP8X_EXIF_FLAG = 0x08;
const VP8X_XMP_FLAG = 0x04;

const uint16le = (b: Uint8Array, at: number) => (b[at] ?? 0) | ((b[at + 1] ?? 0) << 8);
const uint24le = (b: Uint8Array, at: number) => uint16le(b, at) | ((b[at + 2] ?? 0) << 16);
const uint32le = (b: Uint8Array, at: number) => (uint24le(b, at) | ((b[at + 3] ?? 0) << 24)) >>> 0;
const fourcc = (b: Uint8Array, at: number) => String.fromCharCode(...b.subarray(at, at + 4));

/** The image's size as one chunk states it, or null when the chunk does not say. */
function sizeFrom(type: string, data: Uint8Array): { width: number; height: number } | null {
  if (type === "VP8X" && data.length >= 10) return { width: uint24le(data, 4) + 1, height: uint24le(data, 7) + 1 };
  if (type === "VP8 " && data.length >= 10) {
    return { width: uint16le(data, 6) & 0x3fff, height: uint16le(data, 8) & 0x3fff };
  }
  if (type === "VP8L" && data.length >= 5) {
    const bits = uint32le(data, 1);
    return { width: (bits & 0x3fff) + 1, height: ((bits >>> 14) & 0x3fff) + 1 };
  }
  return null;
}

/** The WebP without EXIF and XMP chunks (flags cleared), and its size; null when its chunks do not add up. */
export function cleanWebp(bytes: Uint8Array): CleanedImage | null {
  if (fourcc(bytes, 0) !== "RIFF" || fourcc(bytes, 8) !== "WEBP") return null;
  const end = Math.min(bytes.length, 8 + uint32le(bytes, 4));
  const kept: Uint8Array[] = [];
  let size: { width: number; height: number } | null = null;
  for (let at = 12; at < end; ) {
    if (at + 8 > end) return null;
    const type = fourcc(bytes, at);
    const length = uint32le(bytes, at + 4);
    const next = at + 8 + length + (length % 2);
    if (at + 8 + length > end) return null;
    const data = bytes.subarray(at + 8, at + 8 + length);
    // The first chunk names the size (VP8X's canvas when there is one).
    size ??= sizeFrom(type, data);
    if (!METADATA_CHUNKS.has(type)) {
      const chunk = bytes.slice(at, Math.min(next, end));
      if (type === "VP8X") chunk[8] = (chunk[8] ?? 0) & ~(VP8X_EXIF_FLAG | VP8X_XMP_FLAG);
      kept.push(chunk);
    }
    at = next;
  }
  if (!size) return null;
  const body = joinBytes(kept);
  const header = new Uint8Array(12);
  header.set(bytes.subarray(0, 12));
  new DataView(header.buffer).setUint32(4, body.length + 4, true);
  return { bytes: joinBytes([header, body]), ...size };
}
