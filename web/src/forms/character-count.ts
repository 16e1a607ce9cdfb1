/**
 * The counter beside a text field with a limit (names: 100 characters, src/lib/names.ts). It stays out of the way
 * until the text nears the limit, then says how much is used, as the server counts: characters (code points) after
 * trimming, so an emoji counts as one and spaces at the ends are not counted.
 */

/** Shown from this share of the limit on (80 of 100). */
const SHOWN_FROM_SHARE = 0.8;

export interface CharacterCount {
  shown: boolean;
  used: number;
  max: number;
  over: boolean;
  /** "97/100". */
  text: string;
}

export function characterCount(value: string, max: number): CharacterCount {
  const used = [...value.trim()].length;
  return { shown: used >= Math.floor(max * SHOWN_FROM_SHARE), used, max, over: used > max, text: `${used}/${max}` };
}
