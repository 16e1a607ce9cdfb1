import { describe, expect, it } from "vitest";
import { SUPPORTED_SCOPES } from "./client-rules";
import { scopeWords } from "./scope-words";

describe("scope words", () => {
  it("has a sentence for every scope the provider supports, each its own", () => {
    const words = SUPPORTED_SCOPES.map(scopeWords);
    for (const [i, scope] of SUPPORTED_SCOPES.entries()) expect(words[i]).not.toBe(scope);
    expect(new Set(words).size).toBe(SUPPORTED_SCOPES.length);
  });

  it("shows an unknown scope as it is, and not an inherited property's name", () => {
    expect(scopeWords("calendar.read")).toBe("calendar.read");
    expect(scopeWords("toString")).toBe("toString");
  });
});
