/**
 * An uploaded avatar made safe to keep and serve: metadata stripped (EXIF with its GPS position, XMP, text chunks,
 * comments: what a camera or an editor wrote about the person and the place), and its size read from the header so
 * an image too large to show is refused before it is stored (decision 0022). Pure byte-level code, one file per
 * format; nothing is decoded or re-encoded, so the pixels are exactly the uploaded ones.
 */
import { cleanJpeg } from "./image-jpeg";
import { cleanPng } from "./image-png";
import type { ImageType } from "./image-type";
import { cleanWebp } from "./image-webp";

/** Wider or taller than this is refused: an avatar is shown small, and a huge canvas costs every viewer memory. */
export const AVATAR_MAX_PIXELS_PER_SIDE = 4096;
/** The largest avatar body accepted (1 MiB); here, beside the pixel limit, so the web app reads the same number. */
export const AVATAR_MAX_BYTES = 1024 * 1024;

export interface CleanedImage {
  bytes: Uint8Array;
  width: number;
  height: number;
}

export type AvatarImage =
  | { ok: true; bytes: Uint8Array }
  | { ok: false; reason: "malformed" }
  | { ok: false; reason: "too_large"; width: number; height: number };

const CLEANERS: Record<ImageType, (bytes: Uint8Array) => CleanedImage | null> = {
  png: cleanPng,
  jpeg: cleanJpeg,
  webp: cleanWebp,
};

/** The bytes to store for an avatar of `type`, or why there are none. */
export function avatarImage(bytes: Uint8Array, type: ImageType): AvatarImage {
  const cleaned = CLEANERS[type](bytes);
  if (!cleaned || cleaned.width === 0 || cleaned.height === 0) return { ok: false, reason: "malformed" };
  const { width, height } = cleaned;
  if (width > AVATAR_MAX_PIXELS_PER_SIDE || height > AVATAR_MAX_PIXELS_PER_SIDE) {
    return { ok: false, reason: "too_large", width, height };
  }
  return { ok: true, bytes: cleaned.bytes };
}
