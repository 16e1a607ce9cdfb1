/** The name rule: refused, never cleaned, for every character of category Cc, Cf, Zl or Zp. */
import { describe, expect, it } from "vitest";
import { NAME_MAX_CHARACTERS, parseName } from "./names";

const refused = (value: string) => parseName(value).ok === false;

describe("parseName", () => {
  it.each([
    ["CR/LF", "Acme\r\nBcc: victim@example.com"],
    ["LF", "Acme\nCorp"],
    ["CR", "Acme\rCorp"],
    ["a trailing line break (refused, not trimmed)", "Acme\n"],
    ["a leading tab", "\tAcme"],
    ["a tab inside", "Acme\tCorp"],
    ["NUL", "Acme\u0000"],
    ["DEL", "Acme\u007f"],
    ["a C1 control (NEL)", "Acme\u0085Corp"],
    ["a right-to-left override (U+202E)", "evil\u202Egnp.exe"],
    ["a left-to-right embedding (U+202A)", "\u202AAcme"],
    ["a right-to-left isolate (U+2067)", "Acme\u2067"],
    ["a zero-width space (U+200B)", "Ac\u200Bme"],
    ["a zero-width joiner (U+200D)", "Ac\u200Dme"],
    ["a left-to-right mark (U+200E)", "Acme\u200E"],
    ["a line separator (U+2028)", "Acme\u2028Corp"],
    ["a paragraph separator (U+2029)", "Acme\u2029Corp"],
    ["a byte order mark (U+FEFF), even at the start", "\uFEFFAcme"],
    ["a soft hyphen (U+00AD)", "Ac\u00ADme"],
    ["a word joiner (U+2060)", "Ac\u2060me"],
    ["an interlinear annotation anchor (U+FFF9)", "Acme\uFFF9"],
    ["a tag character (U+E0041)", "Acme\u{E0041}"],
    ["a lone high surrogate", "Acme\uD800"],
    ["a lone low surrogate", "\uDC00Acme"],
  ])("refuses %s", (_label, value) => {
    expect(parseName(value)).toEqual({ ok: false, message: expect.stringMatching(/line breaks/) });
  });

  it.each([
    ["plain ASCII", "Acme Corp", "Acme Corp"],
    ["accents", "Café Zoë Ångström", "Café Zoë Ångström"],
    ["combining accents", "Cafe\u0301", "Cafe\u0301"],
    ["non-Latin scripts", "株式会社 مرحبا Привет", "株式会社 مرحبا Привет"],
    ["emoji", "Rocket 🚀", "Rocket 🚀"],
    ["an emoji with a skin tone", "👍🏽 team", "👍🏽 team"],
    ["a flag", "🇫🇷 Paris", "🇫🇷 Paris"],
    ["an emoji with a variation selector", "❤️ love", "❤️ love"],
    ["a no-break space inside", "Acme\u00A0Corp", "Acme\u00A0Corp"],
    ["spaces around, trimmed", "   Acme   ", "Acme"],
  ])("accepts %s", (_label, value, stored) => {
    expect(parseName(value)).toEqual({ ok: true, name: stored });
  });

  it("refuses an empty or all-space name", () => {
    for (const value of ["", " ", "     ", "\u00A0\u3000"]) {
      expect(parseName(value)).toEqual({ ok: false, message: "must not be empty" });
    }
  });

  it("allows 1 to 100 characters after trimming, counted in code points", () => {
    expect(NAME_MAX_CHARACTERS).toBe(100);
    expect(parseName("x").ok).toBe(true);
    expect(parseName("x".repeat(100)).ok).toBe(true);
    expect(parseName(`  ${"x".repeat(100)}  `).ok).toBe(true);
    expect(parseName("x".repeat(101))).toEqual({ ok: false, message: "must be at most 100 characters" });
    expect(parseName("🚀".repeat(100)).ok).toBe(true);
    expect(refused("🚀".repeat(101))).toBe(true);
  });

  it("refuses every character of categories Cc, Cf, Zl and Zp in the Basic Multilingual Plane", () => {
    const category = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;
    let checked = 0;
    for (let code = 0; code <= 0xffff; code++) {
      if (code >= 0xd800 && code <= 0xdfff) continue; // surrogates: tested above
      const character = String.fromCharCode(code);
      const name = `a${character}b`;
      if (category.test(character)) {
        expect(refused(name), `U+${code.toString(16).padStart(4, "0")}`).toBe(true);
        checked++;
      } else {
        expect(refused(name), `U+${code.toString(16).padStart(4, "0")}`).toBe(false);
      }
    }
    expect(checked).toBeGreaterThan(100);
  });
});
