/**
 * Axe on every page in both themes (issue 16): every route of web/src/routes.tsx (with issue 18's links tab and
 * share-link page, and issue 21's webhooks tab), the sign-in pages, the API reference and the development mailbox, in light and in dark, on a
 * server of this spec's own with fixed data (private-app.ts). Each page is also checked to really be in the theme asked for, so a dark run cannot pass light.
 * Checks are soft: one run lists every page's problems, not just the first.
 */
import type { Page } from "@playwright/test";
import createClient from "openapi-fetch";
import { signInWithPassword } from "../../test/support/sign-in-client";
import type { paths } from "../src/api/schema";
import { type AxeExceptions, expectAccessibleExcept, SCALAR_OWN_VIOLATIONS } from "./axe";
import { expect, PASSWORD, test } from "./fixtures";
import { must } from "./people";
import { ADMIN, type ColorScheme, contextOf, OWNER, sharedPrivateApp, type World, withPage } from "./private-app";
import { addVirtualAuthenticator } from "./virtual-authenticator";

const world = sharedPrivateApp();

/**
 * How light the page is (0 black to 1 white): the first background drawn at its top-left corner, from the element
 * there up to the root (pages paint their background on the body, the root or a wrapper), else the opposite of the
 * text colour (nothing painted: the canvas, in the page's color-scheme).
 */
const lightness = (page: Page) =>
  page.evaluate(() => {
    const channels = (colour: string) => colour.match(/[\d.]+/g)?.map(Number) ?? [];
    const luminance = ([r = 0, g = 0, b = 0]: number[]) => (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
    for (let element = document.elementFromPoint(5, 5); element; element = element.parentElement) {
      const background = channels(getComputedStyle(element).backgroundColor);
      if ((background[3] ?? 1) > 0) return luminance(background);
    }
    return 1 - luminance(channels(getComputedStyle(document.body).color));
  });

/** Checks the page as it is now: its theme, then axe (soft: the test goes on to the next page). */
async function checkHere(page: Page, colorScheme: ColorScheme, exceptions: AxeExceptions = {}) {
  await page.waitForLoadState("networkidle");
  await expect(page.getByText("Loading", { exact: false })).toHaveCount(0);
  const light = await lightness(page);
  expect.soft(colorScheme === "dark" ? light < 0.3 : light > 0.7, `${page.url()} in ${colorScheme}`).toBe(true);
  await expectAccessibleExcept(page, { ...exceptions, soft: true });
}

/**
 * A share link to the seeded workspace, made by its owner, for the `/join/<token>` page (issue 18). Made here rather
 * than in the seed, so the screenshot spec's pages (its audit log) stay as their baselines show them.
 */
async function shareLinkPath(world: World): Promise<string> {
  const tokens = await signInWithPassword(world.origin, OWNER.email, PASSWORD);
  const owner = createClient<paths>({
    baseUrl: `${world.origin}/api`,
    headers: { authorization: `Bearer ${tokens.access_token}` },
  });
  const path = { id: world.workspaceId };
  const link = must(await owner.POST("/workspaces/{id}/links", { params: { path }, body: { role: "viewer" } }), "link");
  return new URL(link.url).pathname;
}

async function check(page: Page, path: string, colorScheme: ColorScheme, exceptions: AxeExceptions = {}) {
  await page.goto(path);
  await checkHere(page, colorScheme, exceptions);
}

for (const colorScheme of ["light", "dark"] as const) {
  test(`signed-out pages are accessible (${colorScheme})`, async ({ browser }) => {
    test.setTimeout(240_000);
    await withPage(await contextOf(browser, world(), colorScheme), async (page) => {
      const invitation = `/invite#${world().invitationToken}`;
      // Signed out, a share link offers sign-in before it shows anything (its preview is for signed-in people).
      const join = "/join/ws_0123456789abcdefghijkl.not-a-real-secret";
      for (const path of ["/", "/invite", invitation, join, "/account-deleted", "/no-such-page", "/callback"]) {
        await check(page, path, colorScheme);
      }
    });
  });

  test(`the API reference and the development mailbox are accessible (${colorScheme})`, async ({ browser }) => {
    test.setTimeout(240_000);
    await withPage(await contextOf(browser, world(), colorScheme), async (page) => {
      await page.goto("/api/docs");
      await expect(page.getByRole("navigation").getByText("Liveness check")).toBeVisible({ timeout: 60_000 });
      await checkHere(page, colorScheme, { disableRules: SCALAR_OWN_VIOLATIONS });
      await check(page, "/dev/mailbox.html", colorScheme, { exclude: ["iframe[sandbox]"] });
    });
  });

  test(`the sign-in pages are accessible (${colorScheme})`, async ({ browser }) => {
    test.setTimeout(240_000);
    await withPage(await contextOf(browser, world(), colorScheme), async (page) => {
      await page.goto("/");
      await page.getByRole("button", { name: "Sign in" }).first().click();
      await page.waitForURL((url) => url.pathname !== "/");
      await checkHere(page, colorScheme);
      for (const path of ["/password/authorize", "/password/register", "/password/change", "/code/authorize"]) {
        await check(page, path, colorScheme);
      }
      // The code step: the address sent, the page asks for the code.
      await page.getByRole("textbox").first().fill(OWNER.email);
      await page.getByRole("textbox").first().press("Enter");
      await checkHere(page, colorScheme);
    });
  });

  test(`the signed-in pages are accessible (${colorScheme})`, async ({ browser }) => {
    test.setTimeout(240_000);
    await withPage(await contextOf(browser, world(), colorScheme, OWNER.email), async (page) => {
      const workspace = `/workspaces/${world().workspaceId}`;
      const tabs = ["", "/invitations", "/links", "/audit", "/webhooks", "/settings"].map(
        (tab) => `${workspace}${tab}`,
      );
      const join = await shareLinkPath(world());
      const security = `/settings/security?return=${encodeURIComponent(join)}`;
      const pages = ["/settings/profile", "/settings/security", security, "/settings/privacy", "/settings/apps", join];
      for (const path of ["/workspaces", ...tabs, ...pages]) {
        await check(page, path, colorScheme);
      }
      // The owner is a member already: joining by the link says so, with the way to the workspace.
      await page.getByRole("button", { name: /^Join / }).click();
      await expect(page.getByRole("heading", { name: "You are already a member" })).toBeVisible();
      await checkHere(page, colorScheme);
      // The Security page with a passkey: its row, the offer to remove the password, the sign-in history.
      await addVirtualAuthenticator(page.context(), page);
      await page.goto("/settings/security");
      await page.getByRole("button", { name: "Add a passkey" }).click();
      await expect(page.getByTestId("passkey").first()).toBeVisible();
      await expect(page.getByTestId("sign-in-event").first()).toBeVisible();
      await checkHere(page, colorScheme);
    });
  });

  test(`the admin pages are accessible (${colorScheme})`, async ({ browser }) => {
    test.setTimeout(240_000);
    await withPage(await contextOf(browser, world(), colorScheme, ADMIN.email), async (page) => {
      for (const path of [
        "/admin/users",
        `/admin/users/${world().editorId}`,
        "/admin/audit",
        "/admin/retention",
        "/admin/clients",
        "/admin/webhooks",
      ]) {
        await check(page, path, colorScheme);
      }
    });
  });
}
