/**
 * Issue 18 in a real browser: an owner makes a share link; a new person opens it in a browser of their own, signs
 * up by emailed code, comes back to the link and joins; the owner then requires two-factor authentication, and the
 * member sees the banner with the deadline, sets two-factor up from it, comes back, and the banner is gone. The
 * link's refusals (already a member, revoked) are said in words on the same page.
 */
import type { Page } from "@playwright/test";
import {
  expect,
  expectAccessible,
  freshEmail,
  origin,
  screenshots,
  signedUpPage,
  signInWithCode,
  test,
} from "./fixtures";
import { totpCode } from "./people";

/** Changes are pushed only to an open socket: waits until the page's is. */
const liveOpen = (page: Page) =>
  expect(page.locator("h1[data-live-status]")).toHaveAttribute("data-live-status", "open");

/** On the owner's workspace page: makes a link in the Links tab and reads its address, shown this once. */
async function createLink(page: Page, options: { role: string; days: string; uses: string }) {
  await page.getByRole("navigation", { name: "Workspace" }).getByRole("link", { name: "Links" }).click();
  await page.getByLabel("Role").selectOption(options.role);
  await page.getByLabel("Expires after (days)").fill(options.days);
  await page.getByLabel("Most people who may join").fill(options.uses);
  await page.getByRole("button", { name: "Create link" }).click();
  const url = await page.getByLabel("Link", { exact: true }).inputValue();
  expect(url).toMatch(new RegExp(`^${origin()}/join/[\\w.-]{22,}$`));
  return new URL(url).pathname;
}

/** The member turns two-factor on from the settings page the banner leads to; returns to where they were. */
async function setUpTwoFactor(page: Page) {
  await page.getByRole("button", { name: "Set up two-factor authentication" }).click();
  const secret = (await page.getByTestId("two-factor-secret").textContent()) ?? "";
  await page.getByLabel("Then enter the 6-digit code it shows").fill(totpCode(secret));
  await page.getByRole("button", { name: "Turn on" }).click();
  await expect(page.getByTestId("backup-codes").getByRole("listitem")).toHaveCount(10);
  await page.getByRole("button", { name: "I have saved them" }).click();
  await page.getByRole("link", { name: "Go back to where you were" }).click();
}

test("a new person joins by link, and sets up two-factor when the owner requires it", async ({ browser }) => {
  const owner = await signedUpPage(browser, "link-owner");
  await owner.page.getByLabel("New workspace name").fill("Orchard");
  await owner.page.getByRole("button", { name: "Create workspace" }).click();
  await expect(owner.page.getByRole("heading", { level: 1, name: "Orchard" })).toBeVisible();
  const workspacePath = new URL(owner.page.url()).pathname;

  // Out of bounds is said beside the field, and nothing is made.
  await owner.page.getByRole("navigation", { name: "Workspace" }).getByRole("link", { name: "Links" }).click();
  await owner.page.getByLabel("Expires after (days)").fill("31");
  await owner.page.getByRole("button", { name: "Create link" }).click();
  await expect(owner.page.getByText("Enter a whole number of days from 1 to 30.")).toBeVisible();
  await expect(owner.page.getByText("No active links.")).toBeVisible();

  const joinPath = await createLink(owner.page, { role: "editor", days: "3", uses: "5" });
  await owner.context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: origin() });
  await owner.page.getByRole("button", { name: "Copy" }).click();
  await expect(owner.page.getByText("Copied.")).toBeVisible();
  expect(await owner.page.evaluate(() => navigator.clipboard.readText())).toBe(`${origin()}${joinPath}`);
  const linkRow = owner.page.getByTestId("share-link");
  await expect(linkRow).toContainText("Editor link");
  await expect(linkRow).toContainText("Not used yet · up to 5 people");
  await expect(linkRow).toContainText("Made by you");
  await expectAccessible(owner.page);
  await screenshots(owner.page, "share-links");

  // A new person opens the link in a browser of their own: signed out, they are offered to sign in or up.
  const memberEmail = freshEmail("link-joiner");
  const memberContext = await browser.newContext({ baseURL: origin() });
  const member = await memberContext.newPage();
  await member.goto(joinPath);
  await expect(member.getByRole("heading", { name: "Join a workspace" })).toBeVisible();
  await expectAccessible(member);
  await member.getByRole("button", { name: "Continue with an emailed code" }).click();
  await signInWithCode(member, memberEmail);
  // Back on the same link, now shown: the workspace and the role.
  await expect(member).toHaveURL(new RegExp(`${joinPath}$`));
  await expect(member.getByRole("heading", { name: "Join Orchard" })).toBeVisible();
  await expect(member.getByTestId("link-role")).toHaveText("Editor");
  await expectAccessible(member);
  await screenshots(member, "join-by-link");
  await member.getByRole("button", { name: "Join Orchard" }).click();
  await expect(member).toHaveURL(new RegExp(`${workspacePath}$`));
  await expect(member.getByTestId("my-role")).toHaveText("editor");
  // The owner's list counts the use, pushed live.
  await expect(linkRow).toContainText("1 of 5 uses");

  // Opening the link again says they are a member already, with the way to the workspace.
  await member.goto(joinPath);
  await member.getByRole("button", { name: "Join Orchard" }).click();
  await expect(member.getByRole("heading", { name: "You are already a member" })).toBeVisible();
  await member.getByRole("link", { name: "Open the workspace" }).click();
  await expect(member).toHaveURL(new RegExp(`${workspacePath}$`));
  await liveOpen(member);
  await expect(member.getByTestId("two-factor-banner")).toHaveCount(0);

  // The owner requires two-factor, with a week to turn it on; the dialog says what follows before it is saved.
  await owner.page.getByRole("navigation", { name: "Workspace" }).getByRole("link", { name: "Settings" }).click();
  await owner.page.getByLabel("Require two-factor authentication").check();
  await owner.page.getByLabel("Days members have to turn it on").fill("7");
  await owner.page.getByRole("button", { name: "Save policy" }).click();
  const dialog = owner.page.getByRole("dialog", { name: "Require two-factor authentication in Orchard" });
  await expect(dialog).toContainText("after 7 days");
  await dialog.getByRole("button", { name: "Require two-factor authentication in Orchard" }).click();
  await expect(owner.page.getByText("Policy saved.")).toBeVisible();

  // The member's open page shows the banner with the deadline, without a reload.
  const banner = member.getByTestId("two-factor-banner");
  await expect(banner).toContainText("This workspace requires two-factor authentication; set it up before");
  await expectAccessible(member);
  await screenshots(member, "two-factor-banner");
  await banner.getByRole("link", { name: "Set up two-factor authentication" }).click();
  await expect(member).toHaveURL(/\/settings\/security\?return=/);
  await setUpTwoFactor(member);
  await expect(member).toHaveURL(new RegExp(`${workspacePath}$`));
  await expect(member.getByTestId("my-role")).toHaveText("editor");
  await expect(member.getByTestId("two-factor-banner")).toHaveCount(0);

  // The owner revokes the link (asked in a dialog); opening it now says so.
  await owner.page.getByRole("navigation", { name: "Workspace" }).getByRole("link", { name: "Links" }).click();
  await linkRow.getByRole("button", { name: /^Revoke/ }).click();
  const revoke = owner.page.getByRole("dialog", { name: "Revoke this editor link to Orchard" });
  await revoke.getByRole("button", { name: "Revoke this editor link to Orchard" }).click();
  await expect(owner.page.getByText("No active links.")).toBeVisible();
  await member.goto(joinPath);
  await expect(member.getByRole("heading", { name: "This link no longer works" })).toBeVisible();
  await expectAccessible(member);
  await memberContext.close();
  await owner.context.close();
});
