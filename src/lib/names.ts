/**
 * The one rule for names people give things (workspace names, person names). A name is shown in pages and
 * mail subjects, so a character that can reorder, hide or break text is refused, never silently removed:
 * controls (Cc: CR, LF, tab, NUL, C1 controls), format characters (Cf: bidi overrides such as U+202E, zero-width
 * spaces and joiners, the byte order mark, soft hyphens) and the line and paragraph separators (Zl, Zp). Lone
 * UTF-16 surrogates are refused too: they are not text at all.
 */

export const NAME_MAX_CHARACTERS = 100;

const FORBIDDEN_IN_NAMES = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}\p{Cs}]/u;

export type ParsedName = { ok: true; name: string } | { ok: false; message: string };

/**
 * The name as stored (spaces trimmed from both ends), or why it is refused. Characters are checked before
 * trimming, so a trailing line break is refused rather than cleaned away; the length is counted in characters
 * (code points), not UTF-16 units, so an emoji counts as one.
 */
export function parseName(value: string): ParsedName {
  if (FORBIDDEN_IN_NAMES.test(value)) {
    return {
      ok: false,
      message: "must not contain line breaks, tabs, control characters or invisible formatting characters",
    };
  }
  const name = value.trim();
  const length = [...name].length;
  if (length === 0) return { ok: false, message: "must not be empty" };
  if (length > NAME_MAX_CHARACTERS) return { ok: false, message: `must be at most ${NAME_MAX_CHARACTERS} characters` };
  return { ok: true, name };
}
