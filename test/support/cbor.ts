/**
 * The smallest CBOR encoder (RFC 8949) a software authenticator needs: unsigned and negative integers, byte and
 * text strings, arrays, and maps (keys as given: COSE keys are integers, the attestation object's are text).
 */
export type CborValue = number | string | Uint8Array | CborValue[] | Map<number | string, CborValue>;

function head(major: number, length: number): number[] {
  if (length < 24) return [(major << 5) | length];
  if (length < 0x100) return [(major << 5) | 24, length];
  if (length < 0x10000) return [(major << 5) | 25, length >> 8, length & 0xff];
  return [(major << 5) | 26, (length >>> 24) & 0xff, (length >> 16) & 0xff, (length >> 8) & 0xff, length & 0xff];
}

function encodeInto(out: number[], value: CborValue): void {
  if (typeof value === "number") {
    if (!Number.isInteger(value)) throw new TypeError("only integers");
    out.push(...(value >= 0 ? head(0, value) : head(1, -1 - value)));
  } else if (typeof value === "string") {
    const bytes = new TextEncoder().encode(value);
    out.push(...head(3, bytes.length), ...bytes);
  } else if (value instanceof Uint8Array) {
    out.push(...head(2, value.length), ...value);
  } else if (Array.isArray(value)) {
    out.push(...head(4, value.length));
    for (const item of value) encodeInto(out, item);
  } else {
    out.push(...head(5, value.size));
    for (const [key, item] of value) {
      encodeInto(out, key);
      encodeInto(out, item);
    }
  }
}

export function encodeCbor(value: CborValue): Uint8Array {
  const out: number[] = [];
  encodeInto(out, value);
  return new Uint8Array(out);
}
