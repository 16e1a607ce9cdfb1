/**
 * Issue 16, "every setting does something" and "people, not addresses", in a real browser: the theme setting
 * switches the whole page and holds across a reload (before the data arrives); the header shows the person's name
 * and initials, then their avatar; member lists show faces; the invitation page names who sent it.
 */
import type { Page } from "@playwright/test";
import { expect, expectAccessible, freshEmail, latestMessage, signedUpPage, test } from "./fixtures";

/** The page background as the browser paints it (styles.css `--page`). */
const LIGHT_PAGE = "rgb(245, 247, 250)";
const DARK_PAGE = "rgb(18, 22, 28)";
const pageBackground = (page: Page) => page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
const themeAttribute = (page: Page) => page.evaluate(() => document.documentElement.dataset.theme ?? null);

async function chooseTheme(page: Page, theme: "light" | "dark" | "system") {
  await page.getByLabel("Theme").selectOption(theme);
  await page.getByRole("button", { name: "Save preferences" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Saved." })).toBeVisible();
}

async function nameMyself(page: Page, first: string, last: string) {
  await page.goto("/settings/profile");
  await page.getByLabel("First name").fill(first);
  await page.getByLabel("Last name").fill(last);
  await page.getByRole("button", { name: "Save name" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Saved." }).first()).toBeVisible();
}

test("the theme setting switches the page to dark and back, at once and across a reload", async ({ browser }) => {
  const { page, context } = await signedUpPage(browser, "theme");
  await page.emulateMedia({ colorScheme: "light" });
  await page.goto("/settings/profile");
  await expect.poll(() => pageBackground(page)).toBe(LIGHT_PAGE);

  await chooseTheme(page, "dark");
  await expect.poll(() => themeAttribute(page)).toBe("dark");
  await expect.poll(() => pageBackground(page)).toBe(DARK_PAGE);
  await expectAccessible(page);

  // A new load is dark from its first paint: the hint applies before the app's script and data.
  await page.reload({ waitUntil: "domcontentloaded" });
  expect(await themeAttribute(page)).toBe("dark");
  expect(await pageBackground(page)).toBe(DARK_PAGE);
  await expect(page.getByLabel("Theme")).toHaveValue("dark");
  await page.goto("/workspaces");
  await expect.poll(() => pageBackground(page)).toBe(DARK_PAGE);

  await page.goto("/settings/profile");
  await chooseTheme(page, "light");
  await expect.poll(() => pageBackground(page)).toBe(LIGHT_PAGE);
  await page.reload();
  await expect.poll(() => pageBackground(page)).toBe(LIGHT_PAGE);

  // "Same as my device" follows the device's scheme, whichever it is.
  await chooseTheme(page, "system");
  await page.emulateMedia({ colorScheme: "dark" });
  await expect.poll(() => pageBackground(page)).toBe(DARK_PAGE);
  await page.emulateMedia({ colorScheme: "light" });
  await expect.poll(() => pageBackground(page)).toBe(LIGHT_PAGE);
  await context.close();
});

test("the header shows the person's name and initials, then their avatar", async ({ browser }) => {
  const { page, context, email } = await signedUpPage(browser, "header");
  const header = page.getByRole("banner");
  // No name yet: the email stands for them, and its first letter.
  await expect(header.getByTestId("signed-in-as")).toHaveText(email);
  await expect(header.getByTestId("avatar-initials")).toHaveText("H");

  await nameMyself(page, "Ada", "Lovelace");
  await expect(header.getByTestId("signed-in-as")).toHaveText("Ada Lovelace");
  await expect(header.getByTestId("avatar-initials")).toHaveText("AL");

  const onePixel = Buffer.from(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==",
    "base64",
  );
  await page.getByLabel(/Choose an image/).setInputFiles({ name: "me.png", mimeType: "image/png", buffer: onePixel });
  await page.getByRole("button", { name: "Save avatar" }).click();
  await expect(header.getByTestId("avatar-image")).toHaveAttribute("src", /^\/api\/avatars\//);
  await expect(header.getByTestId("avatar-initials")).toHaveCount(0);
  await expectAccessible(page);
  await context.close();
});

test("the member list shows faces and the invitation page names the inviter", async ({ browser }) => {
  const owner = await signedUpPage(browser, "faces");
  await nameMyself(owner.page, "Olivia", "Owner");
  await owner.page.goto("/workspaces");
  await owner.page.getByLabel("New workspace name").fill("Portraits");
  await owner.page.getByRole("button", { name: "Create workspace" }).click();
  await owner.page.getByRole("link", { name: "Members" }).click();
  const me = owner.page.getByTestId("member").filter({ hasText: "Olivia Owner" });
  await expect(me.getByTestId("avatar-initials")).toHaveText("OO");

  const invited = freshEmail("portrait");
  await owner.page.getByRole("link", { name: "Invitations" }).click();
  await owner.page.getByLabel("Email").fill(invited);
  await owner.page.getByRole("button", { name: "Send invitation" }).click();
  const message = await latestMessage(invited, /invited to join a workspace/);
  const link = new URL(/https?:\/\/\S+\/invite#\S+/.exec(message.text)?.[0] ?? "");

  const visitorContext = await browser.newContext({ baseURL: new URL(owner.page.url()).origin });
  const visitor = await visitorContext.newPage();
  await visitor.goto(`${link.pathname}${link.hash}`);
  await expect(visitor.getByRole("heading", { name: "Join Portraits" })).toBeVisible();
  await expect(visitor.getByTestId("inviter")).toHaveText("Olivia Owner");
  await expect(visitor.getByText("Someone")).toHaveCount(0);
  await visitorContext.close();
  await owner.context.close();
});
