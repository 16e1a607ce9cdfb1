/**
 * The browser's own confirm, alert and prompt boxes are not used anywhere in the app: they cannot name the action
 * in a title, cannot be styled or tested for accessibility, and Chromium lets a page suppress them. Destructive
 * actions ask through ui/ConfirmDialog.tsx instead.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = import.meta.dirname;
/** A call of confirm/alert/prompt, bare or on window or globalThis; `setConfirm(` and `onConfirm(` are not. */
const BROWSER_DIALOG = /(?<![\w$])(?:(?:window|globalThis|self)\s*\.\s*)?(?:confirm|alert|prompt)\s*\(/;

function appSources(directory: string): string[] {
  return readdirSync(directory).flatMap((name) => {
    const path = join(directory, name);
    if (statSync(path).isDirectory()) return appSources(path);
    return /\.tsx?$/.test(name) && !/\.(test|d)\.tsx?$/.test(name) ? [path] : [];
  });
}

/** Each line of `source` that calls a browser dialog, with its number. */
function browserDialogCalls(source: string): string[] {
  return source
    .split("\n")
    .flatMap((line, index) => (BROWSER_DIALOG.test(line) ? [`${index + 1}: ${line.trim()}`] : []));
}

describe("browser dialogs", () => {
  it("finds every form of the call, and leaves names that merely contain the word", () => {
    const source = [
      "if (window.confirm(question)) remove.run();",
      "confirm(`Leave?`) && leave.run()",
      "globalThis.alert('x')",
      "window . prompt ('name')",
      "const [confirm, setConfirm] = useState('');",
      "setConfirm(event.target.value);",
      "onConfirm={() => remove.run()}",
      "props.onConfirm();",
    ].join("\n");
    expect(browserDialogCalls(source).map((line) => Number(line.split(":")[0]))).toEqual([1, 2, 3, 4]);
  });

  it("are called nowhere in web/src", () => {
    const found = appSources(ROOT).flatMap((path) =>
      browserDialogCalls(readFileSync(path, "utf8")).map((line) => `${relative(ROOT, path)}:${line}`),
    );
    expect(found).toEqual([]);
  });
});
