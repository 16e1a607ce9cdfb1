/**
 * The development mailbox page (/dev/mailbox.html) in a browser: messages listed newest first, one opened, its link
 * followed. Axe checks the page but not the message's sandboxed srcdoc frame: the frame runs no script, so axe cannot
 * be injected into it (it waited for a tab that never answered and timed out); the mail's HTML is the mail
 * templates' concern, not this page's.
 */
import { expectAccessibleExcept } from "./axe";
import { expect, freshEmail, screenshots, signedUpPage, test } from "./fixtures";

const MESSAGE_FRAME = "iframe[sandbox]";

test("the development mailbox page lists mail, opens a code mail and an invitation, and its link leads on", async ({
  browser,
}) => {
  const owner = await signedUpPage(browser, "mailbox-owner");
  const invited = freshEmail("mailbox-invited");
  await owner.page.getByLabel("New workspace name").fill("Postbox");
  await owner.page.getByRole("button", { name: "Create workspace" }).click();
  await owner.page.getByRole("link", { name: "Invitations" }).click();
  await owner.page.getByLabel("Email").fill(invited);
  await owner.page.getByRole("button", { name: "Send invitation" }).click();
  await expect(owner.page.getByTestId("invitation").filter({ hasText: invited })).toBeVisible();

  const page = await owner.context.newPage();
  await page.goto("/dev/mailbox.html");
  await expect(page.getByRole("heading", { name: "Development mailbox" })).toBeVisible();
  // Every recipient's mail, newest first: the invitation was sent after the owner's sign-up code.
  const rows = page.getByRole("row");
  await expect(rows.filter({ hasText: invited })).toHaveCount(1);
  const allText = await page.getByRole("table").innerText();
  expect(allText.indexOf(invited)).toBeLessThan(allText.indexOf(owner.email));

  // Filtered to the owner, the sign-up code mail opens with its code.
  await page.getByLabel("Recipient").fill(owner.email);
  await page.getByRole("button", { name: "Show" }).click();
  await expect(page.getByRole("heading", { name: `Mail to ${owner.email}, newest first` })).toBeVisible();
  await page.getByRole("link", { name: /Your sign-up code: \d{6}/ }).click();
  const subject = await page.getByRole("heading", { level: 2, name: /Your sign-up code/ }).innerText();
  const code = /\d{6}/.exec(subject)?.[0] ?? "";
  await expect(page.locator("pre")).toContainText(code);
  // The HTML body is in a sandboxed frame, where it shows the same code.
  await expect(page.frameLocator(MESSAGE_FRAME).getByText(code)).toBeVisible();
  await expectAccessibleExcept(page, { exclude: [MESSAGE_FRAME] });
  await screenshots(page, "dev-mailbox");

  // The invitation's link is clickable and opens the invitation in the app.
  await page.getByLabel("Recipient").fill(invited);
  await page.getByRole("button", { name: "Show" }).click();
  await page.getByRole("link", { name: "You are invited to join a workspace" }).click();
  await page
    .locator("pre")
    .getByRole("link", { name: /\/invite#/ })
    .click();
  await expect(page).toHaveURL(/\/invite#/);
  await expect(page.getByRole("heading", { name: "Join Postbox" })).toBeVisible();
  await owner.context.close();
});
