/** Opaque, random identifiers: a readable prefix and 128 random bits. */
import { base64UrlEncode } from "./crypto";

export function randomBase64Url(byteLength: number): string {
  return base64UrlEncode(crypto.getRandomValues(new Uint8Array(byteLength)));
}

/** `usr_…`, `ws_…`: the prefix tells a reader what the id names; the rest is 128 random bits. */
export function newId(prefix: string): string {
  return `${prefix}_${randomBase64Url(16)}`;
}
