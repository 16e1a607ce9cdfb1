/**
 * Settings in a real browser: profile, password change, two-factor, sessions across browsers, and deleting,
 * refusing and restoring an account.
 */
import { readFileSync } from "node:fs";
import type { components } from "../src/api/schema";
import {
  codeFromMailbox,
  expect,
  expectAccessible,
  freshEmail,
  origin,
  screenshots,
  signedUpPage,
  test,
} from "./fixtures";
import { apiOfExisting, must, sharedWorkspace, signInWithPassword, totpCode } from "./people";

test("profile settings save names and preferences, and are accessible", async ({ browser }) => {
  const { page, context } = await signedUpPage(browser, "profile");
  await page.getByRole("link", { name: "My account" }).click();
  await expect(page).toHaveURL(/\/settings\/profile$/);
  await page.getByLabel("First name").fill("Ada");
  await page.getByLabel("Last name").fill("Lovelace");
  await page.getByRole("button", { name: "Save name" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Saved." })).toBeVisible();
  await page.getByLabel("Theme").selectOption("dark");
  await page.getByRole("button", { name: "Save preferences" }).click();
  await page.reload();
  await expect(page.getByLabel("First name")).toHaveValue("Ada");
  await expect(page.getByLabel("Last name")).toHaveValue("Lovelace");
  await expect(page.getByLabel("Theme")).toHaveValue("dark");
  await expectAccessible(page);
  await screenshots(page, "settings-profile");
  await context.close();
});

/** The smallest PNG there is: one transparent pixel. */
const ONE_PIXEL_PNG = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==",
  "base64",
);

test("an avatar is previewed before it is saved, then shown, then removed", async ({ browser }) => {
  const { page, context } = await signedUpPage(browser, "avatar");
  await page.goto("/settings/profile");
  const chooser = page.getByLabel(/Choose an image/);
  await chooser.setInputFiles({ name: "notes.txt", mimeType: "text/plain", buffer: Buffer.from("not an image") });
  await expect(page.getByRole("alert")).toHaveText("This file is not a PNG, JPEG or WebP image. Choose another file.");
  await chooser.setInputFiles({ name: "me.png", mimeType: "image/png", buffer: ONE_PIXEL_PNG });
  await expect(page.getByRole("img", { name: "Preview of your new avatar" })).toHaveAttribute(
    "src",
    /^data:image\/png/,
  );
  await page.getByRole("button", { name: "Save avatar" }).click();
  const saved = page.getByRole("img", { name: "Your avatar" });
  await expect(saved).toHaveAttribute("src", /^\/api\/avatars\//);
  await expect.poll(() => saved.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth)).toBe(1);
  await page.getByRole("button", { name: "Remove avatar" }).click();
  await expect(page.getByRole("img", { name: "Your avatar" })).toHaveCount(0);
  await context.close();
});

test("the sign-in email changes once the code sent to the new address is entered", async ({ browser }) => {
  const { page, context } = await signedUpPage(browser, "oldaddress");
  const newEmail = freshEmail("newaddress");
  await page.goto("/settings/profile");
  await page.getByLabel("New email").fill(newEmail);
  await page.getByRole("button", { name: "Send a code" }).click();
  await expect(page.getByText(`We sent a 6-digit code to ${newEmail}`)).toBeVisible();
  await page.getByLabel("Code").fill("000000");
  await page.getByRole("button", { name: "Change email" }).click();
  await expect(page.getByRole("alert")).toBeVisible();
  await page.getByLabel("Code").fill(await codeFromMailbox(newEmail));
  await page.getByRole("button", { name: "Change email" }).click();
  await expect(page.getByText(`Your email is now ${newEmail}.`)).toBeVisible();
  await expect(page.getByTestId("signed-in-as")).toHaveText(newEmail);
  await context.close();
});

test("two-factor setup, then a sign-in that asks for the TOTP code", async ({ browser }) => {
  const { page, email, context } = await signedUpPage(browser, "totp");
  await page.goto("/settings/security");
  await page.getByRole("button", { name: "Set up two-factor authentication" }).click();
  await expect(page.getByRole("img", { name: "QR code of your two-factor secret" })).toBeVisible();
  const secret = (await page.getByTestId("two-factor-secret").textContent()) ?? "";
  await expectAccessible(page);
  await screenshots(page, "settings-two-factor-setup");

  // A wrong code is refused in words, and nothing is turned on.
  await page.getByLabel("Then enter the 6-digit code it shows").fill("000000");
  await page.getByRole("button", { name: "Turn on" }).click();
  await expect(page.getByRole("alert")).toBeVisible();
  await page.getByLabel("Then enter the 6-digit code it shows").fill(totpCode(secret));
  await page.getByRole("button", { name: "Turn on" }).click();
  await expect(page.getByTestId("backup-codes").getByRole("listitem")).toHaveCount(10);
  await expectAccessible(page);
  await screenshots(page, "settings-backup-codes");
  await page.getByRole("button", { name: "I have saved them" }).click();
  await expect(page.getByText("Signing in asks for a code from your authenticator app.")).toBeVisible();

  await page.getByRole("button", { name: "Sign out" }).click();
  await page.getByRole("button", { name: "Sign in" }).first().click();
  await signInWithPassword(page, email);
  // The password alone is not enough now: the issuer asks for the code.
  const codeField = page.getByPlaceholder("Code");
  await expect(codeField).toBeVisible();
  await expect(page).not.toHaveURL(/\/settings/);
  await codeField.fill(totpCode(secret, 1));
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page).toHaveURL(/\/settings\/security$/);
  await expect(page.getByTestId("signed-in-as")).toHaveText(email);
  await expect(page.getByText("Signing in asks for a code from your authenticator app.")).toBeVisible();
  await context.close();
});

test("changing the password goes through the reset flow, signs out, and the new password signs in", async ({
  browser,
}) => {
  const { page, email, context } = await signedUpPage(browser, "newpassword");
  await page.goto("/settings/security");
  await page.getByRole("button", { name: "Change password" }).click();
  await expect(page).toHaveURL(/\/password\/change/);
  await page.getByPlaceholder("Email").fill(email);
  await page.getByRole("button", { name: "Continue" }).click();
  await page.getByPlaceholder("Code").fill(await codeFromMailbox(email));
  await page.getByRole("button", { name: "Continue" }).first().click();
  const newPassword = "a much better passphrase";
  await page.getByPlaceholder("Password", { exact: true }).fill(newPassword);
  await page.getByPlaceholder("Repeat password").fill(newPassword);
  await page.getByRole("button", { name: "Continue" }).click();

  // Back in the app, signed out: the new password ended every session, and the page says so.
  await expect(page).toHaveURL(/\/signed-out\?reason=session-ended&from=%2Fsettings%2Fsecurity$/);
  await expect(page.getByRole("heading", { name: "Your session ended" })).toBeVisible();
  await page.getByRole("button", { name: "Sign in" }).first().click();
  await signInWithPassword(page, email, newPassword);
  await expect(page).toHaveURL(/\/settings\/security$/);
  await expect(page.getByTestId("signed-in-as")).toHaveText(email);
  await context.close();
});

test("revoking a session from one browser signs the other out at its next call", async ({ browser }) => {
  const first = await signedUpPage(browser, "sessions");
  const second = await browser.newContext({ baseURL: origin() });
  const other = await second.newPage();
  await other.goto("/");
  await other.getByRole("button", { name: "Sign in" }).first().click();
  await signInWithPassword(other, first.email);
  await expect(other.getByTestId("signed-in-as")).toHaveText(first.email);

  const page = first.page;
  await page.goto("/settings/security");
  const sessions = page.getByTestId("session");
  await expect(sessions).toHaveCount(2);
  await expect(sessions.filter({ hasText: "This device" })).toHaveCount(1);
  await expectAccessible(page);
  await screenshots(page, "settings-security");
  await sessions.filter({ hasNotText: "This device" }).getByRole("button").click();
  await page
    .getByRole("dialog")
    .getByRole("button", { name: /^Sign out / })
    .click();
  await expect(sessions).toHaveCount(1);

  // The other browser's next API call is refused, its refresh too: it is signed out.
  // (The account page's own call is refused at once, so its tabs may be gone before a click could reach them.)
  await other.getByRole("link", { name: "My account" }).click();
  await expect(other.getByRole("heading", { name: "Your session ended" })).toBeVisible();
  // This one still works.
  await page.reload();
  await expect(page.getByTestId("session")).toHaveCount(1);
  await second.close();
  await first.context.close();
});

test("sign out everywhere else keeps only this browser", async ({ browser }) => {
  const { page, email, context } = await signedUpPage(browser, "everywhere");
  const others = [await apiOfExisting(email), await apiOfExisting(email)];
  await page.goto("/settings/security");
  await expect(page.getByTestId("session")).toHaveCount(3);
  await page.getByRole("button", { name: "Sign out everywhere else" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Sign out of every other device" }).click();
  await expect(page.getByTestId("session")).toHaveCount(1);
  for (const api of others) expect((await api.GET("/me")).response.status).toBe(401);
  await context.close();
});

test("deleting the account is refused while sole owner, allowed after a transfer, then restored", async ({
  browser,
}) => {
  const { page, email, context } = await signedUpPage(browser, "leaving");
  const owner = await apiOfExisting(email);
  const { workspace, member: successor } = await sharedWorkspace(owner, "Leaving Ltd");

  await page.goto("/settings/privacy");
  await page.getByLabel(/Type your email/).fill(email);
  await page.getByRole("button", { name: "Delete my account" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Delete your account" }).click();
  const blocking = page.getByRole("list", { name: "Workspaces you alone own" });
  await expect(blocking.getByRole("listitem")).toHaveText(["Leaving Ltd (2 members)"]);
  await expectAccessible(page);
  await screenshots(page, "settings-account-sole-owner");

  must(
    await owner.POST("/workspaces/{id}/transfer", {
      params: { path: { id: workspace.id } },
      body: { user_id: successor.id },
    }),
    "nominate",
  );
  must(
    await successor.api.POST("/workspaces/{id}/transfer/accept", { params: { path: { id: workspace.id } } }),
    "accept transfer",
  );

  await page.getByRole("button", { name: "Delete my account" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Delete your account" }).click();
  await expect(page).toHaveURL(/\/account-deleted/);
  await expect(page.getByRole("heading", { name: "Your account is scheduled for deletion" })).toBeVisible();
  await expectAccessible(page);
  await screenshots(page, "account-deleted");

  // Signing in during the grace period shows only restore and export.
  await page.getByRole("button", { name: "Sign in to restore" }).click();
  await page.getByRole("link", { name: "Continue with password" }).waitFor();
  await signInWithPassword(page, email);
  await expect(page.getByRole("button", { name: "Restore my account" })).toBeVisible();
  await expect(page.getByText(/will be erased for good/)).toBeVisible();
  await expectAccessible(page);
  await screenshots(page, "account-restore");
  // A deleted account may still take its data with it.
  const download = page.waitForEvent("download");
  await page.getByRole("button", { name: "Download your data" }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^edge-identity-export-usr_[\w-]+\.json$/);
  const exported: components["schemas"]["AccountExport"] = JSON.parse(readFileSync(await file.path(), "utf8"));
  expect(exported.profile.email).toBe(email);
  expect(exported.workspaces.map((held) => held.workspace.name)).toContain("Leaving Ltd");
  await page.getByRole("button", { name: "Restore my account" }).click();
  await expect(page.getByRole("heading", { name: "Delete your account" })).toBeVisible();
  await page.getByRole("link", { name: "Workspaces" }).click();
  await expect(page.getByRole("link", { name: "Leaving Ltd" })).toBeVisible();
  await context.close();
});
