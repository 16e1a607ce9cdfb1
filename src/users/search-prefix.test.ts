import { describe, expect, it } from "vitest";
import { prefixRange, searchKey } from "./search-prefix";

/** SQLite compares TEXT by its UTF-8 bytes (the BINARY collation); so does this. */
const utf8 = (text: string) => new TextEncoder().encode(text);
function compareBytes(a: string, b: string): number {
  const [x, y] = [utf8(a), utf8(b)];
  for (let i = 0; i < Math.min(x.length, y.length); i++) if (x[i] !== y[i]) return (x[i] ?? 0) - (y[i] ?? 0);
  return x.length - y.length;
}
const inRange = (key: string, range: { from: string; to: string }) =>
  compareBytes(key, range.from) >= 0 && compareBytes(key, range.to) < 0;

describe("searchKey", () => {
  it("lower-cases all of Unicode, not only ASCII", () => {
    expect(searchKey("Élodie ÖSTERGÅRD")).toBe("élodie östergård");
  });
  it("ignores surrounding spaces", () => {
    expect(searchKey("  Ann ")).toBe("ann");
  });
});

describe("prefixRange", () => {
  const range = prefixRange("Ann");
  it.each(["ann", "anna", "annabel@example.com", "ann\u{10FFFE}", "ann😀", "ann\uffff"])("holds %s", (key) => {
    expect(inRange(key, range)).toBe(true);
  });
  it.each(["an", "ano", "bob", "anm", "", "ANN"])("does not hold %s", (key) => {
    expect(inRange(key, range)).toBe(false);
  });
  it("matches case-insensitively through the keys", () => {
    expect(inRange(searchKey("ÉLODIE"), prefixRange("él"))).toBe(true);
  });
});
