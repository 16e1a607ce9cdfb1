import { describe, expect, it } from "vitest";
import {
  concat,
  JPEG_1X1,
  PNG_1X1,
  PNG_SIGNATURE_ON_HTML,
  WEBP_LOSSLESS_1X1,
  WEBP_LOSSY_1X1,
} from "../../test/support/images";
import { detectImageType } from "./image-type";

const bytes = (...values: number[]) => new Uint8Array(values);
const text = (value: string) => new TextEncoder().encode(value);

/** A WebP whose first chunk is the extended header (VP8X, 10 bytes), as animated or alpha images start. */
function extendedWebp(): Uint8Array {
  const body = concat("WEBP", "VP8X", bytes(10, 0, 0, 0), new Uint8Array(10));
  const size = body.length;
  return concat("RIFF", bytes(size & 0xff, (size >> 8) & 0xff, 0, 0), body);
}

describe("detectImageType", () => {
  it("recognises real PNG, JPEG and WebP (lossy, lossless, extended) files", () => {
    expect(detectImageType(PNG_1X1)).toBe("png");
    expect(detectImageType(JPEG_1X1)).toBe("jpeg");
    expect(detectImageType(WEBP_LOSSY_1X1)).toBe("webp");
    expect(detectImageType(WEBP_LOSSLESS_1X1)).toBe("webp");
    expect(detectImageType(extendedWebp())).toBe("webp");
  });

  it("refuses a PNG signature that is not followed by the IHDR chunk (HTML behind a PNG header)", () => {
    expect(detectImageType(PNG_SIGNATURE_ON_HTML)).toBeNull();
    expect(detectImageType(PNG_1X1.slice(0, 8))).toBeNull();
    const wrongLength = PNG_1X1.slice();
    wrongLength[11] = 12;
    expect(detectImageType(wrongLength)).toBeNull();
    const wrongChunk = PNG_1X1.slice();
    wrongChunk.set(text("IDAT"), 12);
    expect(detectImageType(wrongChunk)).toBeNull();
  });

  it("refuses a PNG cut off inside its IHDR chunk", () => {
    expect(detectImageType(PNG_1X1.slice(0, 32))).toBeNull();
    expect(detectImageType(PNG_1X1.slice(0, 33))).toBe("png");
  });

  it("refuses a JPEG start that opens no segment, or an impossible segment length", () => {
    expect(detectImageType(bytes(0xff, 0xd8, 0xff))).toBeNull();
    expect(detectImageType(concat(bytes(0xff, 0xd8, 0xff, 0xd9, 0, 2), "<html>"))).toBeNull(); // EOI
    expect(detectImageType(concat(bytes(0xff, 0xd8, 0xff, 0xd0, 0, 2), "<html>"))).toBeNull(); // a restart marker
    expect(detectImageType(concat(bytes(0xff, 0xd8, 0xff, 0xe0, 0, 1), "<html>"))).toBeNull();
    expect(detectImageType(concat(bytes(0xff, 0xd8, 0xff, 0xff, 0, 16), "<html>"))).toBeNull();
    expect(detectImageType(concat(bytes(0xff, 0xd8), "<html>"))).toBeNull();
  });

  it("refuses RIFF files that are not WebP, and WebP headers without a real first chunk", () => {
    const wave = WEBP_LOSSY_1X1.slice();
    wave.set(text("WAVE"), 8);
    expect(detectImageType(wave)).toBeNull();
    const noStartCode = WEBP_LOSSY_1X1.slice();
    noStartCode[23] = 0;
    expect(detectImageType(noStartCode)).toBeNull();
    const noLosslessSignature = WEBP_LOSSLESS_1X1.slice();
    noLosslessSignature[20] = 0x3c;
    expect(detectImageType(noLosslessSignature)).toBeNull();
    const unknownChunk = WEBP_LOSSY_1X1.slice();
    unknownChunk.set(text("HTML"), 12);
    expect(detectImageType(unknownChunk)).toBeNull();
    const badExtended = extendedWebp();
    badExtended[16] = 9;
    expect(detectImageType(badExtended)).toBeNull();
  });

  it("refuses a WebP whose RIFF size claims more than the body holds (a truncated file)", () => {
    expect(detectImageType(WEBP_LOSSY_1X1.slice(0, WEBP_LOSSY_1X1.length - 1))).toBeNull();
  });

  it("refuses other formats and anything that is not an image", () => {
    expect(detectImageType(new Uint8Array())).toBeNull();
    expect(detectImageType(text("GIF89a\x01\x00\x01\x00"))).toBeNull();
    expect(detectImageType(text("<svg xmlns='http://www.w3.org/2000/svg'></svg>"))).toBeNull();
    expect(detectImageType(text("hello, this is text"))).toBeNull();
    expect(detectImageType(text("%PDF-1.7"))).toBeNull();
    expect(detectImageType(bytes(0x42, 0x4d, 0, 0, 0, 0))).toBeNull(); // BMP
  });
});
