import { expect, expectAccessible, origin, screenshots, signedUpPage, test } from "./fixtures";

test("a person signs up by password with the emailed code, lands signed in, and signs out", async ({ browser }) => {
  const { page, context } = await signedUpPage(browser, "signup");
  await expectAccessible(page);
  await screenshots(page, "workspaces-empty");

  // A reload keeps the person signed in (the refresh token outlives the page; the access token does not).
  await page.reload();
  await expect(page.getByRole("heading", { name: "Workspaces" })).toBeVisible();

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("button", { name: "Sign in" }).first()).toBeVisible();
  await page.goto("/workspaces");
  await expect(page.getByRole("heading", { name: "Sign in to continue" })).toBeVisible();
  await context.close();
});

test("the start page offers to sign in and is accessible", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expectAccessible(page);
  await screenshots(page, "start");
});

test("the sign-in pages are themed, accessible and load nothing from another host", async ({ page }) => {
  const outside: string[] = [];
  page.on("request", (request) => {
    if (new URL(request.url()).origin !== origin()) outside.push(request.url());
  });
  await page.goto("/");
  await page.getByRole("button", { name: "Sign in" }).first().click();
  await expect(page.getByRole("link", { name: "Continue with password" })).toBeVisible();
  await expect(page.getByRole("heading", { name: "Sign in to Edge Identity" })).toBeVisible();
  await expect(page).toHaveTitle("Sign in · Edge Identity");
  await expectAccessible(page);
  await screenshots(page, "sign-in-choose");
  await page.getByRole("link", { name: "Continue with password" }).click();
  await expect(page.getByPlaceholder("Password")).toBeVisible();
  await expectAccessible(page);
  await screenshots(page, "sign-in-password");
  expect(outside).toEqual([]);
});

test("signing out in one tab signs out the others", async ({ browser }) => {
  const { page, context } = await signedUpPage(browser, "two-tabs");
  const second = await context.newPage();
  await second.goto("/workspaces");
  await expect(second.getByTestId("signed-in-as")).toBeVisible();
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("heading", { name: "You are signed out" })).toBeVisible();
  await expect(second.getByRole("heading", { name: "Your session ended" })).toBeVisible();
  await context.close();
});
