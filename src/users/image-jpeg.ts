/**
 * JPEG as marker segments: SOI, then `FF <marker> <length (2, big-endian, counting itself)> <data>` up to SOS, after
 * which the entropy-coded scan runs to EOI. Metadata lives in APP1..APP15 (EXIF, XMP, ICC, IPTC, Adobe) and COM
 * segments before the scan: stripping drops those segments and copies everything else, the scan included, as it is.
 */
import type { CleanedImage } from "./image-metadata";
import { joinBytes } from "./image-png";

const SOS = 0xda;
const isMetadata = (marker: number) => (marker >= 0xe1 && marker <= 0xef) || marker === 0xfe;
/** Start-of-frame markers (not DHT C4, JPG C8, DAC CC): their data holds the image's height and width. */
const isStartOfFrame = (marker: number) =>
  marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc;
/** Markers that stand alone, with no length: TEM and the restart markers. */
const standsAlone = (marker: number) => marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7);

const uint16 = (bytes: Uint8Array, at: number) => ((bytes[at] ?? 0) << 8) | (bytes[at + 1] ?? 0);

/** The JPEG without APPn (n ≥ 1) and COM segments, and its size from the frame header; null when malformed. */
export function cleanJpeg(bytes: Uint8Array): CleanedImage | null {
  if (bytes[0] !== 0xff || bytes[1] !== 0xd8) return null;
  const kept: Uint8Array[] = [bytes.subarray(0, 2)];
  let size: { width: number; height: number } | null = null;
  let at = 2;
  for (;;) {
    if (bytes[at] !== 0xff) return null;
    // Any number of FF fill bytes may come before a marker.
    while (bytes[at + 1] === 0xff) at++;
    const marker = bytes[at + 1];
    if (marker === undefined) return null;
    if (standsAlone(marker)) {
      kept.push(bytes.subarray(at, at + 2));
      at += 2;
      continue;
    }
    const length = uint16(bytes, at + 2);
    const end = at + 2 + length;
    if (length < 2 || end > bytes.length) return null;
    if (isStartOfFrame(marker) && length >= 7) size = { height: uint16(bytes, at + 5), width: uint16(bytes, at + 7) };
    if (marker === SOS) {
      // The scan and whatever follows (more scans in a progressive JPEG, EOI) are image data: kept as they are.
      kept.push(bytes.subarray(at));
      break;
    }
    if (!isMetadata(marker)) kept.push(bytes.subarray(at, end));
    at = end;
  }
  if (!size) return null;
  return { bytes: joinBytes(kept), ...size };
}
