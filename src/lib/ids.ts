/** Opaque, random identifiers: a readable prefix and 128 random bits. */

export function randomBase64Url(byteLength: number): string {
  const bytes = crypto.getRandomValues(new Uint8Array(byteLength));
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

/** `usr_…`, `ws_…`: the prefix tells a reader what the id names; the rest is 128 random bits. */
export function newId(prefix: string): string {
  return `${prefix}_${randomBase64Url(16)}`;
}
