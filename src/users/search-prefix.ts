/**
 * The admin search's prefix match, case-insensitive: names are stored beside a lower-cased key and emails are
 * stored lower-cased, so a prefix is a range on an index (`key >= from and key < to`) rather than a LIKE that
 * reads every row. `toLowerCase` folds all of Unicode, which SQLite's own lower() does not.
 */

/** What a name or an email is compared as. */
export function searchKey(text: string): string {
  return text.trim().toLowerCase();
}

/**
 * The keys that start with `prefix`'s key lie in [from, to): `to` appends U+10FFFF, the greatest code point,
 * whose UTF-8 bytes sort after any other character's, so every continuation of the prefix sorts below it.
 */
export function prefixRange(prefix: string): { from: string; to: string } {
  const from = searchKey(prefix);
  return { from, to: `${from}\u{10FFFF}` };
}
