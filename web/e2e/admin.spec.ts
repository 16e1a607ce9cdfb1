/**
 * The admin pages in a real browser. The dev server's ADMIN_EMAILS is admin@example.com: every test here signs in
 * as that address by emailed code, which signs up the first time and signs in after, so the tests never clash
 * over creating it. They stay in this one file, which Playwright runs in order in one worker, so two tests never
 * ask for that address's code at once.
 */
import { readFile } from "node:fs/promises";
import type { Browser, Page } from "@playwright/test";
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
import { must, personByApi, sharedWorkspace, totpCode } from "./people";

const ADMIN_EMAIL = "admin@example.com";

/**
 * Each test signs the admin in through every step (code, second factor) and checks axe and 375 px on several
 * pages; the first also sets up two-factor. With the screenshot and axe specs' own servers running beside this one,
 * that outlasts the default 90 s on two cores, and a first test that times out leaves the rest without the backup
 * codes it saved.
 */
test.describe.configure({ timeout: 240_000 });

/** The admin's backup codes, once the first test has led them to turn two-factor on; each later sign-in spends one. */
const backupCodes: string[] = [];

/**
 * A new admin is led to set up two-factor before any admin page works (decision 0020): the admin pages show a
 * notice with a link to the security settings, where the setup runs as any person's does.
 */
async function setUpTwoFactorFromTheNotice(page: Page) {
  await page.getByRole("link", { name: "Admin" }).click();
  await expect(page.getByRole("heading", { name: "Turn on two-factor authentication first" })).toBeVisible();
  await expect(page.getByRole("table")).toHaveCount(0);
  await expectAccessible(page);
  await screenshots(page, "admin-two-factor-first");
  await page.getByRole("link", { name: "Set up two-factor authentication" }).click();
  await expect(page).toHaveURL(/\/settings\/security$/);
  await page.getByRole("button", { name: "Set up two-factor authentication" }).click();
  const secret = (await page.getByTestId("two-factor-secret").textContent()) ?? "";
  await page.getByLabel("Then enter the 6-digit code it shows").fill(totpCode(secret));
  await page.getByRole("button", { name: "Turn on" }).click();
  const codes = page.getByTestId("backup-codes").getByRole("listitem");
  await expect(codes).toHaveCount(10);
  backupCodes.push(...(await codes.allTextContents()).map((code) => code.trim()));
  await page.getByRole("button", { name: "I have saved them" }).click();
}

async function adminPage(browser: Browser) {
  const context = await browser.newContext({ baseURL: origin() });
  const page = await context.newPage();
  await page.goto("/");
  await page.getByRole("button", { name: "Sign in" }).first().click();
  await page.getByRole("link", { name: "Continue with code" }).click();
  await signInWithCode(page, ADMIN_EMAIL);
  const secondStep = backupCodes.shift();
  if (secondStep) {
    await page.getByPlaceholder("Code").fill(secondStep);
    await page.getByRole("button", { name: "Continue" }).click();
  }
  await expect(page.getByTestId("signed-in-as")).toHaveText(ADMIN_EMAIL);
  if (!secondStep) await setUpTwoFactorFromTheNotice(page);
  return { page, context };
}

test("an admin deactivates a user, whose open page is signed out at its next call, and reactivates them", async ({
  browser,
}) => {
  const member = await signedUpPage(browser, "deactivated");
  await expect(member.page.getByRole("link", { name: "My account" })).toBeVisible();
  // A person who is not an admin is not offered the admin pages.
  await expect(member.page.getByRole("link", { name: "Admin" })).toHaveCount(0);
  await member.page.goto("/admin/users");
  await expect(member.page.getByText("These pages are for platform admins.")).toBeVisible();
  await expect(member.page.getByRole("table")).toHaveCount(0);
  await member.page.getByRole("link", { name: "Workspaces" }).click();

  const admin = await adminPage(browser);
  const page = admin.page;
  await page.getByRole("link", { name: "Admin" }).click();
  await expect(page).toHaveURL(/\/admin\/users$/);
  await page.getByLabel("Email or name starts with").fill(member.email.slice(0, 20));
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page).toHaveURL(/q=/);
  const rows = page.getByRole("row");
  await expect(rows).toHaveCount(2);
  await expectAccessible(page);
  await screenshots(page, "admin-users");

  await page.getByRole("link", { name: member.email }).click();
  await expect(page.getByRole("heading", { name: member.email })).toBeVisible();
  await expect(page.getByTestId("user-status")).toHaveText("Active");
  await expectAccessible(page);
  await screenshots(page, "admin-user");
  await page.getByRole("button", { name: "Deactivate" }).click();
  await page
    .getByRole("dialog")
    .getByRole("button", { name: `Deactivate ${member.email}` })
    .click();
  await expect(page.getByTestId("user-status")).toHaveText("Deactivated");

  // The member's open page: its next API call is refused, and so is the refresh: signed out, on a page saying why.
  // (The account page's own call is refused at once, so its tabs may be gone before a click could reach them.)
  await member.page.getByRole("link", { name: "My account" }).click();
  await expect(member.page.getByRole("heading", { name: "Your account is deactivated" })).toBeVisible();
  await expect(member.page).toHaveURL(/\/signed-out\?reason=deactivated$/);
  await expect(member.page.getByRole("button", { name: "Sign in again" })).toHaveCount(0);
  await expectAccessible(member.page);

  // The status filter finds them among the deactivated.
  await page.getByRole("link", { name: "Users" }).click();
  await page.getByLabel("Status").selectOption("deactivated");
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page.getByRole("link", { name: member.email })).toBeVisible();
  await page.getByRole("link", { name: member.email }).click();
  await page.getByRole("button", { name: "Reactivate" }).click();
  await expect(page.getByTestId("user-status")).toHaveText("Active");

  await page.getByRole("link", { name: "Audit log" }).click();
  const actions = page.getByRole("list", { name: "Admin actions" }).getByRole("listitem");
  await expect(actions.filter({ hasText: `${ADMIN_EMAIL} deactivated ${member.email}'s account` })).toHaveCount(1);
  await expect(actions.filter({ hasText: `${ADMIN_EMAIL} reactivated ${member.email}'s account` })).toHaveCount(1);
  // Filtered by action on the server, and downloaded as shown.
  await page.getByLabel("Action", { exact: true }).selectOption({ label: "Account created" });
  await expect(actions.filter({ hasText: "deactivated" })).toHaveCount(0);
  await page.getByLabel("Action", { exact: true }).selectOption({ label: "Account changed" });
  await expect(actions.filter({ hasText: `${ADMIN_EMAIL} deactivated ${member.email}'s account` })).toHaveCount(1);
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("button", { name: "Download JSON" }).click(),
  ]);
  const downloaded = JSON.parse(await readFile((await download.path()) ?? "", "utf8")) as { action: string }[];
  expect(downloaded.length).toBe(await actions.count());
  expect(new Set(downloaded.map((event) => event.action))).toEqual(new Set(["user_updated"]));
  await page.getByLabel("Action", { exact: true }).selectOption({ label: "Any action" });
  await page.getByRole("button", { name: "Verify the log" }).click();
  await expect(page.getByText(/The log is intact: \d+ entries checked\./)).toBeVisible();
  await expectAccessible(page);
  await screenshots(page, "admin-audit");

  await member.context.close();
  await admin.context.close();
});

test("an admin creates an account, and is told in words when the email is taken", async ({ browser }) => {
  const admin = await adminPage(browser);
  const page = admin.page;
  const email = freshEmail("created");
  await page.goto("/admin/users");
  await page.getByText("Create an account").click();
  await page.getByLabel("Email", { exact: true }).fill(email);
  await page.getByLabel("First name (optional)").fill("Grace");
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("status").filter({ hasText: "they have been mailed a link" })).toBeVisible();

  await page.getByLabel("Email", { exact: true }).fill(email);
  await page.getByRole("button", { name: "Create account" }).click();
  await expect(page.getByRole("alert")).toHaveText("An account with this email already exists.");

  await page.getByLabel("Email or name starts with").fill("grace");
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page.getByRole("link", { name: email })).toBeVisible();

  // The role filter: among admins, this new user is not; the admin is.
  await page.getByLabel("Email or name starts with").fill("");
  await page.getByLabel("Role", { exact: true }).selectOption("admin");
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page).toHaveURL(/platform_role=admin/);
  await expect(page.getByRole("link", { name: ADMIN_EMAIL })).toBeVisible();
  await expect(page.getByRole("link", { name: email })).toHaveCount(0);
  await admin.context.close();
});

test("an admin deletes an account, refused while it alone owns a shared workspace, then erases it for good", async ({
  browser,
}) => {
  const email = freshEmail("removed");
  const person = await personByApi(email);
  const { workspace } = await sharedWorkspace(person.api, "Orphan Works");
  const admin = await adminPage(browser);
  const page = admin.page;
  await page.goto(`/admin/users/${person.id}`);
  await page.getByRole("button", { name: "Delete (can be restored for 30 days)" }).click();
  await page
    .getByRole("dialog")
    .getByRole("button", { name: `Delete the account of ${email}` })
    .click();
  await expect(page.getByRole("list", { name: "Workspaces they alone own" }).getByRole("listitem")).toHaveText([
    "Orphan Works (2 members)",
  ]);
  await expect(page.getByTestId("user-status")).toHaveText("Active");

  must(await person.api.DELETE("/workspaces/{id}", { params: { path: { id: workspace.id } } }), "delete workspace");
  await page.getByRole("button", { name: "Delete (can be restored for 30 days)" }).click();
  await page
    .getByRole("dialog")
    .getByRole("button", { name: `Delete the account of ${email}` })
    .click();
  await expect(page.getByText(/Scheduled: everything will be erased on/)).toBeVisible();
  await expect(page.getByTestId("user-status")).toHaveText("Deleted");
  await expectAccessible(page);
  await screenshots(page, "admin-user-deleted");

  const erase = page.getByRole("button", { name: "Erase now" });
  await expect(erase).toBeDisabled();
  await page.getByLabel(/to erase the account now/).fill(email);
  await erase.click();
  await page
    .getByRole("dialog")
    .getByRole("button", { name: `Erase the account of ${email} for good` })
    .click();
  await expect(page.getByRole("status").filter({ hasText: `The account of ${email} has been erased.` })).toBeVisible();
  expect(decodeURIComponent(page.url())).not.toContain(email); // not kept in the browser's history
  await page.getByLabel("Email or name starts with").fill(email);
  await page.getByRole("button", { name: "Search" }).click();
  await expect(page.getByText("No account matches.")).toBeVisible();
  await admin.context.close();
});

/** Fails when the page, or any table's wrapper on it, is wider than the window: nothing may scroll sideways. */
async function expectNoSidewaysScroll(page: Page, what: string) {
  const widths = await page.evaluate(() => ({
    page: document.documentElement.scrollWidth - window.innerWidth,
    tables: [...document.querySelectorAll(".table-wrap, table")].map((el) => el.scrollWidth - el.clientWidth),
  }));
  expect(widths.page, `${what} scrolls sideways at 375 px`).toBeLessThanOrEqual(0);
  expect(
    widths.tables.filter((overflow) => overflow > 0),
    `a table of ${what} scrolls sideways at 375 px`,
  ).toEqual([]);
}

test("the admin users, user and audit pages reflow at 375 px: rows become cards, nothing scrolls sideways", async ({
  browser,
}) => {
  // A long address and name: what would push a table wider than a phone.
  const person = await personByApi(freshEmail("a-rather-long-address-for-a-phone-screen-of-375-pixels"));
  must(
    await person.api.PATCH("/me", { body: { first_name: "Bartholomew-Maximilian", last_name: "Featherstonehaugh" } }),
    "name",
  );
  const admin = await adminPage(browser);
  const page = admin.page;
  await page.setViewportSize({ width: 375, height: 800 });
  await page.goto("/admin/users");
  await expect(page.getByRole("link", { name: person.email })).toBeVisible();
  await expectNoSidewaysScroll(page, "the admin users page");
  // Each cell keeps its column's name beside it when the rows are stacked.
  const row = page.getByRole("row").filter({ hasText: person.email });
  await expect(row.getByRole("cell").nth(1)).toHaveAttribute("data-label", "Name");
  await expectAccessible(page);

  await page.getByRole("link", { name: person.email }).click();
  await expect(page.getByRole("heading", { name: "Sessions" })).toBeVisible();
  await expectNoSidewaysScroll(page, "an admin user page");

  await page.getByRole("link", { name: "Audit log" }).click();
  await expect(page.getByRole("list", { name: "Admin actions" }).getByRole("listitem").first()).toBeVisible();
  await expectNoSidewaysScroll(page, "the admin audit page");
  await expectAccessible(page);
  await admin.context.close();
});

test("an admin resets a person's two-factor and restores a deleted account, each after a confirmation", async ({
  browser,
}) => {
  const locked = await personByApi(freshEmail("lost-phone"));
  const setup = must(await locked.api.POST("/me/2fa"), "start two-factor");
  must(await locked.api.POST("/me/2fa/verify", { body: { code: totpCode(setup.secret) } }), "turn two-factor on");
  // A consent to show on the account's page (decision 0033), with where it came from.
  must(
    await locked.api.PUT("/me/consents/{name}", { params: { path: { name: "marketing" } }, body: { given: true } }),
    "consent",
  );
  const gone = await personByApi(freshEmail("regrets"));
  must(await gone.api.DELETE("/me", { body: { confirm: gone.email } }), "delete own account");

  const admin = await adminPage(browser);
  const page = admin.page;
  await page.goto(`/admin/users/${locked.id}`);
  await expect(page.getByRole("heading", { name: "Help them back" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Restore account" })).toHaveCount(0);
  // Their consents, as proof: what, how and from where.
  const consent = page.getByRole("region", { name: "Consents" }).getByTestId("consent");
  await expect(consent).toHaveCount(1);
  await expect(consent).toContainText("News and offers by email");
  await expect(consent).toContainText("in their settings from 127.0.0.0");
  await page.getByRole("button", { name: "Reset two-factor" }).click();
  const resetDialog = page.getByRole("dialog", { name: `Reset two-factor authentication for ${locked.email}` });
  await expect(resetDialog).toContainText("They are emailed about it.");
  await expectAccessible(page);
  await resetDialog.getByRole("button", { name: `Reset two-factor authentication for ${locked.email}` }).click();
  await expect(page.getByRole("status").filter({ hasText: "Two-factor is off for them" })).toBeVisible();
  await expect(page.getByText("Two-factor", { exact: true }).locator("xpath=following-sibling::dd[1]")).toHaveText(
    "Off",
  );
  await expect(page.getByRole("button", { name: "Reset two-factor" })).toHaveCount(0);

  await page.goto(`/admin/users/${gone.id}`);
  await expect(page.getByTestId("user-status")).toHaveText("Deleted");
  await page.getByRole("button", { name: "Restore account" }).click();
  const restoreDialog = page.getByRole("dialog", { name: `Restore the account of ${gone.email}` });
  await expect(restoreDialog).toContainText("Sessions that ended stay ended.");
  await restoreDialog.getByRole("button", { name: "Restore account" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Restored: they can sign in again." })).toBeVisible();
  await expect(page.getByTestId("user-status")).toHaveText("Active");
  await page.emulateMedia({ colorScheme: "dark" });
  await expectAccessible(page);
  await admin.context.close();
});
