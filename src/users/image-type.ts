/**
 * What kind of image an uploaded avatar is, decided from its bytes alone (never from the Content-Type the client
 * sent). A bare magic number is easy to forge in front of HTML or script, so each format must also show the first
 * structure a real file of that kind has right after its signature; anything else is not an image we accept.
 */

export type ImageType = "png" | "jpeg" | "webp";

export const IMAGE_MEDIA_TYPES: Record<ImageType, string> = {
  png: "image/png",
  jpeg: "image/jpeg",
  webp: "image/webp",
};

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function startsWith(bytes: Uint8Array, expected: readonly number[], at = 0): boolean {
  if (bytes.length < at + expected.length) return false;
  return expected.every((byte, i) => bytes[at + i] === byte);
}

function ascii(text: string): number[] {
  return [...text].map((char) => char.charCodeAt(0));
}

function uint32BigEndian(bytes: Uint8Array, at: number): number {
  return (
    (((bytes[at] ?? 0) << 24) | ((bytes[at + 1] ?? 0) << 16) | ((bytes[at + 2] ?? 0) << 8) | (bytes[at + 3] ?? 0)) >>> 0
  );
}

function uint32LittleEndian(bytes: Uint8Array, at: number): number {
  return (
    (((bytes[at + 3] ?? 0) << 24) | ((bytes[at + 2] ?? 0) << 16) | ((bytes[at + 1] ?? 0) << 8) | (bytes[at] ?? 0)) >>> 0
  );
}

/** The signature, then the IHDR chunk (always first, always 13 bytes of data, then its CRC). */
function isPng(bytes: Uint8Array): boolean {
  return (
    startsWith(bytes, PNG_SIGNATURE) &&
    bytes.length >= 8 + 8 + 13 + 4 &&
    uint32BigEndian(bytes, 8) === 13 &&
    startsWith(bytes, ascii("IHDR"), 12)
  );
}

/**
 * SOI (FF D8), then a marker (FF xx) that may open a JPEG — a frame, table, application or comment segment, not a
 * restart, SOI or EOI marker — whose length field counts at least its own two bytes.
 */
function isJpeg(bytes: Uint8Array): boolean {
  if (!startsWith(bytes, [0xff, 0xd8, 0xff]) || bytes.length < 6) return false;
  const marker = bytes[3] ?? 0;
  const opensASegment = marker >= 0xc0 && marker <= 0xfe && !(marker >= 0xd0 && marker <= 0xd9);
  const segmentLength = ((bytes[4] ?? 0) << 8) | (bytes[5] ?? 0);
  return opensASegment && segmentLength >= 2;
}

/**
 * RIFF, a size that fits the body, WEBP, then the first chunk of one of the three encodings with its own mark:
 * the VP8 key-frame start code, the VP8L signature byte, or the 10-byte VP8X header.
 */
function isWebp(bytes: Uint8Array): boolean {
  if (!startsWith(bytes, ascii("RIFF")) || !startsWith(bytes, ascii("WEBP"), 8) || bytes.length < 30) return false;
  const riffSize = uint32LittleEndian(bytes, 4);
  if (riffSize + 8 > bytes.length || riffSize < 22) return false;
  if (startsWith(bytes, ascii("VP8 "), 12)) return startsWith(bytes, [0x9d, 0x01, 0x2a], 23);
  if (startsWith(bytes, ascii("VP8L"), 12)) return bytes[20] === 0x2f;
  if (startsWith(bytes, ascii("VP8X"), 12)) return uint32LittleEndian(bytes, 16) === 10;
  return false;
}

/** The image's type, or null when the bytes are not a PNG, JPEG or WebP we recognise. */
export function detectImageType(bytes: Uint8Array): ImageType | null {
  if (isPng(bytes)) return "png";
  if (isJpeg(bytes)) return "jpeg";
  if (isWebp(bytes)) return "webp";
  return null;
}
