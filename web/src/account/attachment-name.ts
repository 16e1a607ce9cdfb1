/** The file name a download should get, from the answer's `Content-Disposition: attachment; filename="…"`. */
const FALLBACK_NAME = "edge-identity-export.json";

export function attachmentName(disposition: string | null): string {
  const name = /filename="([^"/\\]+)"/.exec(disposition ?? "")?.[1];
  return name?.trim() ? name : FALLBACK_NAME;
}
