/**
 * An escaping template tag for the sign-in pages: every interpolated string is escaped, only markup built by this
 * tag (or `trusted`) goes in as it is, and false/null/undefined render nothing, so a page cannot forget to escape.
 */
import { escapeHtml } from "../../lib/html";

export class Markup {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

export type Part = string | number | Markup | null | undefined | false | readonly Part[];

function render(part: Part): string {
  if (part === null || part === undefined || part === false) return "";
  if (part instanceof Markup) return part.value;
  if (Array.isArray(part)) return part.map(render).join("");
  return escapeHtml(String(part));
}

export function html(strings: TemplateStringsArray, ...parts: Part[]): Markup {
  let out = strings[0] ?? "";
  parts.forEach((part, index) => {
    out += render(part) + (strings[index + 1] ?? "");
  });
  return new Markup(out);
}

/** Markup written in this module's own source (never a value that came from a request). */
export const trusted = (markup: string) => new Markup(markup);
