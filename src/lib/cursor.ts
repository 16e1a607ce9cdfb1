/** Opaque list cursors (docs/api.md "Lists are cursor-paginated"): base64url JSON of the last row's sort key, so a client cannot build or read one. */
import { base64UrlDecode, base64UrlEncode } from "./crypto";

/** The cursor of the page after the one ending at `key`. */
export function encodeCursor(key: Record<string, string | number>): string {
  return base64UrlEncode(new TextEncoder().encode(JSON.stringify(key)));
}

export function decodeCursor<T extends Record<string, string | number>>(
  cursor: string | undefined,
  fields: (keyof T)[],
): T | null | "invalid" {
  if (!cursor) return null;
  try {
    const bytes = base64UrlDecode(cursor);
    if (!bytes) return "invalid";
    const value = JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>;
    return fields.every((field) => ["string", "number"].includes(typeof value[field as string]))
      ? (value as T)
      : "invalid";
  } catch {
    return "invalid";
  }
}
