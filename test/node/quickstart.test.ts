import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

/** The code blocks of a Markdown document, by language. */
function codeBlocks(markdown: string, language: string): string[] {
  const fence = new RegExp(`^\`\`\`${language}\\n([\\s\\S]*?)^\`\`\`$`, "gm");
  return [...markdown.matchAll(fence)].map((match) => match[1] ?? "");
}

describe("the quickstart", () => {
  it("shows exactly the example app's code (examples/quickstart/src/main.tsx), which the browser test runs", () => {
    const shown = codeBlocks(readFileSync("docs/quickstart.md", "utf8"), "tsx");
    expect(shown).toEqual([readFileSync("examples/quickstart/src/main.tsx", "utf8")]);
  });
});
