/**
 * Passkeys in the browser (issue 19, decisions 0031 and 0032), with Chromium's virtual authenticator standing in
 * for the device's fingerprint or PIN prompt: register a passkey on the Security page, sign out, sign in with it
 * without typing an email, and find that sign-in in the history; then rename it, remove the password, and see the
 * last passkey refused as the last way in.
 */
import { expect, expectAccessible, signedUpPage, test } from "./fixtures";
import { addVirtualAuthenticator } from "./virtual-authenticator";

test("a passkey added on the Security page signs in without an email, and the history shows it", async ({
  browser,
}) => {
  const { page, context, email } = await signedUpPage(browser, "passkey");
  const authenticator = await addVirtualAuthenticator(context, page);

  await page.getByRole("link", { name: "My account" }).click();
  await page.getByRole("link", { name: "Security" }).click();
  await expect(page.getByText("No passkeys yet.")).toBeVisible();
  await page.getByLabel("Name of the new passkey").fill("Test laptop");
  await page.getByRole("button", { name: "Add a passkey" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Passkey added." })).toBeVisible();
  const row = page.getByTestId("passkey");
  await expect(row).toHaveCount(1);
  await expect(row).toContainText("Test laptop");
  await expect(row).toContainText("not used to sign in yet");
  // The browser holds it as a discoverable passkey, which is what lets the sign-in skip the email.
  const [credential] = await authenticator.credentials();
  expect(credential?.isResidentCredential).toBe(true);
  await expectAccessible(page);

  await page.getByRole("button", { name: "Sign out" }).click();
  await page.getByRole("button", { name: "Sign in" }).first().click();
  await page.getByRole("button", { name: "Sign in with a passkey" }).click();
  // Back where the sign-out happened.
  await expect(page).toHaveURL(/\/settings\/security$/);
  await expect(page.getByTestId("signed-in-as")).toHaveText(email);

  const newest = page.getByTestId("sign-in-event").first();
  await expect(newest).toContainText("Passkey");
  await expect(newest).toContainText("Signed in");
  await expect(newest).toContainText("a browser used before");
  // The sign-up's own sign-in is further down, by password.
  await expect(page.getByTestId("sign-in-event").filter({ hasText: "Password" }).first()).toBeVisible();
  await expect(row).not.toContainText("not used to sign in yet");
  await expectAccessible(page);
  await context.close();
});

test("a passkey is renamed, the password removed, and the last passkey kept as the last way in", async ({
  browser,
}) => {
  const { page, context } = await signedUpPage(browser, "passkey-only");
  await addVirtualAuthenticator(context, page);
  await page.goto("/settings/security");
  // No passkey, no offer to remove the password: it would be the last way in.
  await expect(page.getByText("No passkeys yet.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Remove password" })).toHaveCount(0);
  // Without a name, it is called after the browser that made it.
  await page.getByRole("button", { name: "Add a passkey" }).click();
  const row = page.getByTestId("passkey");
  await expect(row.locator("strong")).toHaveText("Chrome on Linux");

  await row.getByRole("button", { name: "Rename Chrome on Linux" }).click();
  await expect(page.getByLabel("New name for Chrome on Linux")).toBeFocused();
  await page.getByLabel("New name for Chrome on Linux").fill("Work laptop");
  await page.getByRole("button", { name: "Save name" }).click();
  await expect(row).toContainText("Work laptop");

  await page.getByRole("button", { name: "Remove password" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Remove your password" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Your password is removed." })).toBeVisible();

  // The passkey is now the only way to sign in (the emailed code does not count): removing it is refused in words.
  await row.getByRole("button", { name: "Remove Work laptop" }).click();
  await expect(page.getByRole("dialog")).toContainText("It no longer signs you in.");
  await page.getByRole("dialog").getByRole("button", { name: "Remove the passkey Work laptop" }).click();
  await expect(row.getByRole("alert")).toHaveText(/This is your last way to sign in/);
  await page.reload();
  await expect(page.getByTestId("passkey")).toHaveCount(1);
  await expectAccessible(page);
  await context.close();
});

test("the mail about sign-ins from a new browser can be turned off", async ({ browser }) => {
  const { page, context } = await signedUpPage(browser, "alerts");
  await page.goto("/settings/profile");
  const alerts = page.getByLabel("Sign-ins from a browser I have not used before");
  await expect(alerts).toBeChecked();
  await alerts.uncheck();
  await page.getByRole("button", { name: "Save preferences" }).click();
  await expect(page.getByRole("status").filter({ hasText: "Saved." })).toBeVisible();
  await page.reload();
  await expect(alerts).not.toBeChecked();
  // The invitations switch kept its own value: each switch is saved as shown.
  await expect(page.getByLabel("Invitations to workspaces")).toBeChecked();
  await context.close();
});
