/**
 * Reads the front-coded list scripts/generate-common-passwords.mjs writes (src/auth/common-passwords.ts): sorted
 * entries, one per line, each as one character whose code is 48 + the number of leading characters it shares with
 * the entry before, then the rest. Sorted neighbours share most of their text, so this gzips to 26.7 KiB where the
 * plain list in rank order took 44.2 (issue 23's bundle budget).
 */
export function frontDecoded(encoded: string): string[] {
  const entries: string[] = [];
  let previous = "";
  for (const line of encoded.split("\n")) {
    previous = previous.slice(0, line.charCodeAt(0) - 48) + line.slice(1);
    entries.push(previous);
  }
  return entries;
}
