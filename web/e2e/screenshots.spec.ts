/**
 * Screenshot tests (issue 16): the sign-in pages, the workspace tabs, the personal settings and the admin pages at
 * desktop (1280x800) and phone (375 px) width, light, and the main ones in dark too, so a visual change shows up in
 * review as a changed PNG in web/e2e/screenshots.spec.ts-snapshots/.
 *
 * Deterministic: a server of this spec's own with fixed people and data (private-app.ts), times masked, animations
 * off, caret hidden, one font (screenshot.css). A small pixel tolerance absorbs antialiasing only.
 *
 * After a deliberate visual change, re-baseline and review the new pictures before committing them:
 *   npx playwright test -c web/e2e screenshots.spec.ts --update-snapshots
 */
import type { Locator, Page } from "@playwright/test";
import { expect, test } from "./fixtures";
import { ADMIN, type ColorScheme, contextOf, EDITOR, OWNER, sharedPrivateApp, withPage } from "./private-app";

const world = sharedPrivateApp();

const DESKTOP = { width: 1280, height: 800 };
const PHONE = { width: 375, height: 740 };
const STABLE_FONT = new URL("./screenshot.css", import.meta.url).pathname;

/**
 * What differs from run to run: dates and times and generated ids (found by their text, "Dec 7, 2026, 10:29 AM",
 * "December 7, 2026", "usr_…", so a page's markup may change without the mask missing them), and the sessions.
 */
const varying = (page: Page): Locator[] => [
  page.getByText(/[A-Z][a-z]+ \d{1,2}, \d{4}|\d{1,2}:\d{2}|\b(usr|ws)_[\w-]{8,}/),
  page.locator("time"),
  page.getByTestId("session"),
];

/** A date, or a date and time, as the app writes them ("Dec 7, 2026, 10:29 AM"). */
const DATE_TIME = /[A-Z][a-z]+ \d{1,2}, \d{4}(?:, \d{1,2}:\d{2}(?: [AP]M)?)?/g;

/**
 * Every date written alike before a picture: masked or not, a date's length decides where a narrow page wraps,
 * and so where everything below it lands ("9:05 AM" and "11:48 AM" moved the admin user page at 375 px).
 */
async function steadyDates(page: Page) {
  await page.evaluate((source) => {
    const pattern = new RegExp(source, "g");
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const text = node.nodeValue ?? "";
      if (text.search(pattern) >= 0) node.nodeValue = text.replace(pattern, "Jan 1, 2026, 12:00 PM");
      pattern.lastIndex = 0;
    }
  }, DATE_TIME.source);
}

/** `name`-desktop.png and `name`-phone.png (or only desktop), compared with the committed baselines. */
async function pictures(page: Page, name: string, options: { phone?: boolean; mask?: Locator[] } = {}) {
  const sizes =
    options.phone === false
      ? [["desktop", DESKTOP] as const]
      : ([
          ["desktop", DESKTOP],
          ["phone", PHONE],
        ] as const);
  for (const [label, size] of sizes) {
    await page.setViewportSize(size);
    await steadyDates(page);
    await expect(page).toHaveScreenshot(`${name}-${label}.png`, {
      fullPage: true,
      mask: options.mask ?? varying(page),
      animations: "disabled",
      caret: "hide",
      stylePath: STABLE_FONT,
      maxDiffPixelRatio: 0.002,
    });
  }
  await page.setViewportSize(DESKTOP);
}

/** Opens `path` and waits until the page has its data (no loading notice, the network quiet). */
async function open(page: Page, path: string) {
  await page.goto(path);
  await page.waitForLoadState("networkidle");
  await expect(page.getByText("Loading", { exact: false })).toHaveCount(0);
}

for (const colorScheme of ["light", "dark"] as const satisfies ColorScheme[]) {
  const phone = colorScheme === "light";
  const suffix = colorScheme === "light" ? "" : "-dark";

  test(`the sign-in pages (${colorScheme})`, async ({ browser }) => {
    await withPage(await contextOf(browser, world(), colorScheme), async (page) => {
      await open(page, "/");
      await page.getByRole("button", { name: "Sign in" }).first().click();
      await page.waitForLoadState("networkidle");
      await pictures(page, `sign-in-start${suffix}`, { phone });
      if (colorScheme === "dark") return;
      await open(page, "/password/authorize");
      await pictures(page, "sign-in-password");
      await open(page, "/code/authorize");
      await pictures(page, "sign-in-code");
    });
  });

  test(`the workspace tabs and personal settings (${colorScheme})`, async ({ browser }) => {
    const { workspaceId } = world();
    await withPage(await contextOf(browser, world(), colorScheme, OWNER.email), async (page) => {
      await open(page, `/workspaces/${workspaceId}`);
      await expect(page.getByText(EDITOR.email).first()).toBeVisible();
      await pictures(page, `workspace-members${suffix}`, { phone });
      await open(page, "/settings/profile");
      await pictures(page, `settings-profile${suffix}`, { phone });
      if (colorScheme === "dark") return;
      for (const tab of ["invitations", "links", "audit", "webhooks", "settings"]) {
        await open(page, `/workspaces/${workspaceId}/${tab}`);
        await pictures(page, `workspace-${tab}`);
      }
      for (const section of ["security", "privacy"]) {
        await open(page, `/settings/${section}`);
        await pictures(page, `settings-${section}`);
      }
    });
  });

  test(`the admin pages (${colorScheme})`, async ({ browser }) => {
    await withPage(await contextOf(browser, world(), colorScheme, ADMIN.email), async (page) => {
      await open(page, "/admin/users");
      await expect(page.getByText(OWNER.email).first()).toBeVisible();
      await pictures(page, `admin-users${suffix}`, { phone });
      if (colorScheme === "dark") return;
      await open(page, `/admin/users/${world().editorId}`);
      await pictures(page, "admin-user");
      await open(page, "/admin/audit");
      await pictures(page, "admin-audit");
    });
  });
}
