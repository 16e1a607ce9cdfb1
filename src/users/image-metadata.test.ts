import { describe, expect, it } from "vitest";
import {
  concat,
  extendedWebp,
  JPEG_1X1,
  JPEG_WITH_METADATA,
  jpegOfDimensions,
  METADATA_SECRET,
  PNG_1X1,
  PNG_WITH_METADATA,
  pngOfDimensions,
  WEBP_EXTENDED_1X1,
  WEBP_LOSSLESS_1X1,
  WEBP_LOSSY_1X1,
  WEBP_WITH_METADATA,
} from "../../test/support/images";
import { cleanJpeg } from "./image-jpeg";
import { AVATAR_MAX_PIXELS_PER_SIDE, avatarImage } from "./image-metadata";
import { cleanPng } from "./image-png";
import { cleanWebp } from "./image-webp";

const text = (bytes: Uint8Array) => new TextDecoder("latin1").decode(bytes);

describe("cleanPng", () => {
  it("drops tEXt, zTXt, iTXt and eXIf, keeping every other chunk byte for byte", () => {
    expect(text(PNG_WITH_METADATA)).toContain(METADATA_SECRET);
    const cleaned = cleanPng(PNG_WITH_METADATA);
    expect(cleaned?.bytes).toEqual(PNG_1X1);
    expect(text(cleaned?.bytes ?? new Uint8Array())).not.toContain(METADATA_SECRET);
  });

  it("leaves a PNG without metadata as it is, and drops what follows IEND", () => {
    expect(cleanPng(PNG_1X1)?.bytes).toEqual(PNG_1X1);
    expect(cleanPng(concat(PNG_1X1, "<script>after the end</script>"))?.bytes).toEqual(PNG_1X1);
  });

  it("reads the size from IHDR", () => {
    expect(cleanPng(pngOfDimensions(4096, 17))).toMatchObject({ width: 4096, height: 17 });
  });

  it("refuses a PNG whose chunks run past its end, or that never ends", () => {
    expect(cleanPng(PNG_1X1.subarray(0, 40))).toBeNull();
    expect(cleanPng(PNG_1X1.subarray(0, PNG_1X1.length - 12))).toBeNull();
  });
});

describe("cleanJpeg", () => {
  it("drops APP1..APP15 and COM, keeping JFIF (APP0), the tables, the frame and the scan", () => {
    expect(text(JPEG_WITH_METADATA)).toContain(METADATA_SECRET);
    expect(cleanJpeg(JPEG_WITH_METADATA)?.bytes).toEqual(JPEG_1X1);
  });

  it("leaves a JPEG without metadata as it is and reads the size from the frame header", () => {
    expect(cleanJpeg(JPEG_1X1)).toEqual({ bytes: JPEG_1X1, width: 1, height: 1 });
    expect(cleanJpeg(jpegOfDimensions(640, 4097))).toMatchObject({ width: 640, height: 4097 });
  });

  it("skips fill bytes before a marker", () => {
    const padded = concat(JPEG_1X1.subarray(0, 2), new Uint8Array([0xff, 0xff]), JPEG_1X1.subarray(2));
    expect(cleanJpeg(padded)?.width).toBe(1);
  });

  it("refuses a JPEG whose segments run past its end, or with no frame before the scan", () => {
    expect(cleanJpeg(JPEG_1X1.subarray(0, 30))).toBeNull();
    expect(cleanJpeg(concat(JPEG_1X1.subarray(0, 20), new Uint8Array([0xff, 0xda, 0, 2])))).toBeNull();
    expect(cleanJpeg(new Uint8Array([0xff, 0xd8, 0x00]))).toBeNull();
  });
});

describe("cleanWebp", () => {
  it("drops the EXIF and XMP chunks, clears their VP8X flags and writes the RIFF size again", () => {
    expect(text(WEBP_WITH_METADATA)).toContain(METADATA_SECRET);
    expect(cleanWebp(WEBP_WITH_METADATA)?.bytes).toEqual(WEBP_EXTENDED_1X1);
  });

  it("leaves simple WebPs as they are, reading their size from VP8 or VP8L", () => {
    expect(cleanWebp(WEBP_LOSSY_1X1)).toEqual({ bytes: WEBP_LOSSY_1X1, width: 1, height: 1 });
    expect(cleanWebp(WEBP_LOSSLESS_1X1)).toEqual({ bytes: WEBP_LOSSLESS_1X1, width: 1, height: 1 });
  });

  it("reads the canvas size from VP8X", () => {
    expect(cleanWebp(extendedWebp(4097, 3, 0))).toMatchObject({ width: 4097, height: 3 });
  });

  it("refuses a WebP whose chunks run past the RIFF size", () => {
    expect(cleanWebp(WEBP_LOSSY_1X1.subarray(0, 30))).toBeNull();
  });
});

describe("avatarImage", () => {
  it("gives the stripped bytes of an image up to 4096 × 4096", () => {
    expect(AVATAR_MAX_PIXELS_PER_SIDE).toBe(4096);
    expect(avatarImage(PNG_WITH_METADATA, "png")).toEqual({ ok: true, bytes: PNG_1X1 });
    expect(avatarImage(pngOfDimensions(4096, 4096), "png").ok).toBe(true);
  });

  it.each([
    ["png", pngOfDimensions(4097, 1)],
    ["png", pngOfDimensions(1, 4097)],
    ["jpeg", jpegOfDimensions(4097, 4097)],
    ["webp", extendedWebp(1, 5000, 0)],
  ] as const)("refuses a %s wider or taller than 4096", (type, bytes) => {
    expect(avatarImage(bytes, type)).toMatchObject({ ok: false, reason: "too_large" });
  });

  it("refuses an image that claims no pixels, or does not parse", () => {
    expect(avatarImage(pngOfDimensions(0, 1), "png")).toEqual({ ok: false, reason: "malformed" });
    expect(avatarImage(JPEG_1X1.subarray(0, 30), "jpeg")).toEqual({ ok: false, reason: "malformed" });
  });
});
