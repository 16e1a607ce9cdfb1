/**
 * Axe with parts left out, for pages that hold what axe cannot or should not check: a sandboxed message frame
 * (axe cannot inject into it and times out), or a third-party renderer's own markup. Everything else must pass, as
 * fixtures.ts `expectAccessible` asks.
 */
import AxeBuilder from "@axe-core/playwright";
import { expect, type Page } from "@playwright/test";

export interface AxeExceptions {
  /** CSS selectors whose subtree axe skips (a frame listed here is never entered). */
  exclude?: string[];
  /** Rule ids not run at all, each one named and explained where it is passed. */
  disableRules?: string[];
  /** Report and go on (expect.soft), so a sweep of many pages lists every page's problems in one run. */
  soft?: boolean;
}

/** Fails on any serious or critical violation outside the exceptions. */
export async function expectAccessibleExcept(page: Page, { exclude = [], disableRules = [], soft }: AxeExceptions) {
  let builder = new AxeBuilder({ page }).disableRules(disableRules);
  for (const selector of exclude) builder = builder.exclude(selector);
  const results = await builder.analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  (soft ? expect.soft : expect)(
    serious.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`),
    `accessibility violations on ${page.url()}`,
  ).toEqual([]);
}

/**
 * Rules Scalar's own components break (@scalar/api-reference 1.46: `aria-selected` on sidebar links, icon-only
 * buttons without a name, buttons inside the client-libraries tablist, a disclosure button holding a link, an
 * `aside` with role navigation, a scrolling list that cannot take focus). They are Scalar's markup, not ours;
 * everything else, contrast included (fixed by the page's customCss), must pass.
 */
export const SCALAR_OWN_VIOLATIONS = [
  "aria-allowed-attr",
  "aria-allowed-role",
  "aria-required-children",
  "button-name",
  "nested-interactive",
  "scrollable-region-focusable",
];
