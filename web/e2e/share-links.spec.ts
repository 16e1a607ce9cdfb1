/**
 * Issue 18 in a real browser: an owner makes a share link; a new person opens it in a browser of their own, signs
 * up by emailed code, comes back to the link and joins; the owner then requires two-factor authentication, and the
 * member sees the banner with the deadline, sets two-factor up from it, comes back, and the banner is gone. The
 * link's refusals (already a member, revoked) are said in words on the same page. Past a deadline of no days, a
 * member's page gives way to a screen that says why and leads to the setup and back.
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
import { apiOfExisting, must, personByApi, signInWithPassword, totpCode } from "./people";

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

test("past the deadline a member sees why and how to return; members outside the domains are marked", async ({
  browser,
}) => {
  const owner = await signedUpPage(browser, "policy-owner");
  const ownerApi = await apiOfExisting(owner.email);
  const workspace = must(await ownerApi.POST("/workspaces", { body: { name: "Quarry" } }), "workspace");
  const path = { id: workspace.id };
  const link = must(
    await ownerApi.POST("/workspaces/{id}/links", { params: { path }, body: { role: "viewer" } }),
    "link",
  );
  const joiner = await personByApi(freshEmail("policy-member"));
  const token = new URL(link.url).pathname.split("/").at(-1) ?? "";
  must(await joiner.api.POST("/links/{token}/join", { params: { path: { token } } }), "join");

  const memberContext = await browser.newContext({ baseURL: origin() });
  const member = await memberContext.newPage();
  await member.goto(`/workspaces/${workspace.id}`);
  await member.getByRole("button", { name: "Sign in" }).first().click();
  await signInWithPassword(member, joiner.email);
  await expect(member.getByTestId("my-role")).toHaveText("viewer");
  await liveOpen(member);
  // A viewer reads the policy and cannot change it.
  await member.getByRole("navigation", { name: "Workspace" }).getByRole("link", { name: "Settings" }).click();
  await expect(member.getByTestId("policy-facts")).toContainText("Not required");
  await expect(member.getByRole("button", { name: "Save policy" })).toHaveCount(0);

  // The owner allows one domain (typed loosely, kept as the server compares it), and saves.
  const settingsTab = owner.page.getByRole("navigation", { name: "Workspace" }).getByRole("link", { name: "Settings" });
  await owner.page.goto(`/workspaces/${workspace.id}/settings`);
  await owner.page.getByLabel("Add a domain").fill(" @Example.ORG ");
  await owner.page.getByLabel("Add a domain").press("Enter");
  await expect(owner.page.getByRole("list", { name: "Allowed email domains" })).toHaveText("example.orgRemove");
  await owner.page.getByLabel("Add a domain").fill("example.org");
  await owner.page.getByRole("button", { name: "Add domain" }).click();
  await expect(owner.page.getByText("example.org is already in the list.")).toBeVisible();
  await owner.page.getByRole("button", { name: "Save policy" }).click();
  await expect(owner.page.getByText("Policy saved.")).toBeVisible();
  // Both members' addresses are at example.com: the owner's list marks them, and they stay members.
  await owner.page.getByRole("navigation", { name: "Workspace" }).getByRole("link", { name: "Members" }).click();
  await expect(owner.page.getByTestId("outside-domains")).toHaveCount(2);
  // The viewer's page reads the new policy, pushed live.
  await expect(member.getByTestId("policy-facts")).toContainText("example.org");

  // The owner requires two-factor with no days to spare; the dialog says it applies to them as well.
  await settingsTab.click();
  await owner.page.getByLabel("Require two-factor authentication").check();
  await owner.page.getByLabel("Days members have to turn it on").fill("0");
  await owner.page.getByRole("button", { name: "Save policy" }).click();
  const dialog = owner.page.getByRole("dialog", { name: "Require two-factor authentication in Quarry" });
  await expect(dialog).toContainText("at once");
  await expect(dialog).toContainText("This includes you");
  await dialog.getByRole("button", { name: "Require two-factor authentication in Quarry" }).click();

  // Both open pages give way to the screen that says why, with the setup and leaving.
  await expect(owner.page.getByTestId("two-factor-required")).toBeVisible();
  const required = member.getByTestId("two-factor-required");
  await expect(required).toBeVisible();
  await expect(required.getByRole("heading", { level: 1 })).toHaveText("Turn on two-factor authentication to continue");
  await expect(required.getByRole("button", { name: "Leave this workspace" })).toBeVisible();
  await expectAccessible(member);
  await screenshots(member, "two-factor-required");

  await required.getByRole("link", { name: "Set up two-factor authentication" }).click();
  await setUpTwoFactor(member);
  await expect(member).toHaveURL(new RegExp(`/workspaces/${workspace.id}$`));
  await expect(member.getByTestId("my-role")).toHaveText("viewer");
  await expect(member.getByTestId("two-factor-required")).toHaveCount(0);
  await memberContext.close();
  await owner.context.close();
});
