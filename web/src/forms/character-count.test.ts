import { describe, expect, it } from "vitest";
import { characterCount } from "./character-count";

describe("characterCount", () => {
  it("stays hidden well below the limit", () => {
    expect(characterCount("Acme", 100)).toMatchObject({ shown: false, used: 4, text: "4/100" });
    expect(characterCount("x".repeat(79), 100).shown).toBe(false);
  });

  it("shows how much is used as the text nears the limit", () => {
    expect(characterCount("x".repeat(80), 100)).toMatchObject({ shown: true, over: false, text: "80/100" });
    expect(characterCount("x".repeat(97), 100)).toMatchObject({ shown: true, over: false, text: "97/100" });
    expect(characterCount("x".repeat(100), 100).over).toBe(false);
  });

  it("says when the text is over the limit", () => {
    expect(characterCount("x".repeat(101), 100)).toMatchObject({ shown: true, over: true, text: "101/100" });
  });

  it("counts as the server does: characters after trimming, an emoji as one", () => {
    expect(characterCount(`  ${"😀".repeat(90)}  `, 100)).toMatchObject({ used: 90, text: "90/100" });
  });
});
