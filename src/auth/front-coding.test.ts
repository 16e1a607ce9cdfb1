import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { frontDecoded } from "./front-coding";

/** The generator's encoding (scripts/generate-common-passwords.mjs), written again here to test the reader with. */
function frontCoded(entries: string[]): string {
  let previous = "";
  return [...entries]
    .sort()
    .map((entry) => {
      let shared = 0;
      while (shared < 40 && shared < previous.length && previous[shared] === entry[shared]) shared++;
      previous = entry;
      return String.fromCharCode(48 + shared) + entry.slice(shared);
    })
    .join("\n");
}

describe("frontDecoded", () => {
  it("reads each line as a shared length (code 48 + n) and the rest", () => {
    expect(frontDecoded("0password\n8!\n81\n0qwerty12")).toEqual(["password", "password!", "password1", "qwerty12"]);
  });

  it("gives back any non-empty sorted list of distinct entries the generator's encoding was given", () => {
    const entry = fc.string({ minLength: 1, maxLength: 30 }).filter((text) => !text.includes("\n"));
    fc.assert(
      fc.property(fc.uniqueArray(entry, { minLength: 1, maxLength: 60 }), (entries) => {
        expect(frontDecoded(frontCoded(entries))).toEqual([...entries].sort());
      }),
      { seed: 23, numRuns: 300 },
    );
  });
});
