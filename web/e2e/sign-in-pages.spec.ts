/**
 * Our own sign-in pages, every step, in Chromium (issue 16): each says where the person is, axe finds nothing serious
 * in the light or the dark theme, nothing scrolls sideways at 375 px, the resend waits for its cooldown, and the theme
 * the app wrote in its cookie is the one the pages open in.
 */
import type { BrowserContext, Page } from "@playwright/test";
import { FormBrowser, startAuthorization } from "../../test/support/sign-in-client";
import {
  codeFromMailbox,
  expect,
  expectAccessible,
  freshEmail,
  origin,
  PASSWORD,
  signedUpPage,
  test,
} from "./fixtures";
import { signInWithPassword, totpCode } from "./people";

test.describe.configure({ timeout: 240_000 });

/** Axe in both themes (the device's scheme, no theme cookie), and no sideways scroll at 375 px. */
async function checkPage(page: Page, heading: string | RegExp) {
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(heading);
  for (const colorScheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme });
    await expectAccessible(page);
  }
  await page.emulateMedia({ colorScheme: "light" });
  const desktop = page.viewportSize() ?? { width: 1280, height: 800 };
  await page.setViewportSize({ width: 375, height: 740 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, `${await page.title()} scrolls sideways at 375 px`).toBeLessThanOrEqual(0);
  await page.setViewportSize(desktop);
}

/** The sign-in start page, reached as a person does: the app's "Sign in". */
async function openStart(context: BrowserContext) {
  const page = await context.newPage();
  await page.goto("/");
  await page.getByRole("button", { name: "Sign in" }).first().click();
  await expect(page.getByRole("heading", { name: "Sign in to Edge Identity" })).toBeVisible();
  return page;
}

/** The code step: the masked address, "Use another email" at once, "Send a new code" only after the cooldown. */
async function checkCodeStep(page: Page, email: string) {
  const masked = `${email[0]}…@example.com`;
  // Checked first, well within the 30 seconds (the checks in both themes take a while on a loaded machine).
  const resend = page.getByRole("button", { name: "Send a new code" });
  await expect(resend).toBeHidden();
  await expect(page.getByText(/You can ask for a new code in \d+ seconds/)).toBeVisible();
  await expect(page.getByRole("link", { name: "Use another email" })).toBeVisible();
  await checkPage(page, `Enter the code we sent to ${masked}`);
  // The cooldown is a CSS animation (the pages run no script): let it run to its end.
  await page.evaluate(() => {
    for (const animation of document.getAnimations()) animation.finish();
  });
  await expect(resend).toBeVisible();
}

test("create an account: the rules before typing, an error beside its field, the code step", async ({ browser }) => {
  const context = await browser.newContext({ baseURL: origin() });
  const page = await openStart(context);
  await checkPage(page, "Sign in to Edge Identity");
  await page.screenshot({ path: "test-results/screenshots/sign-in-start-1280.png" });

  await page.getByRole("link", { name: "Create an account" }).click();
  await checkPage(page, "Create your account");
  await expect(page.getByText(/At least 8 characters/)).toBeVisible();
  const email = freshEmail("pages");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await page.getByLabel("Repeat password").fill("something else entirely");
  await page.getByRole("button", { name: "Continue" }).click();
  const repeat = page.getByLabel("Repeat password");
  await expect(repeat).toHaveAttribute("aria-invalid", "true");
  await expect(repeat).toHaveAccessibleDescription("Passwords do not match.");
  await checkPage(page, "Create your account");

  await page.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await repeat.fill(PASSWORD);
  await page.getByRole("button", { name: "Continue" }).click();
  await checkCodeStep(page, email);
  await page.getByLabel("Code").fill(await codeFromMailbox(email));
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByTestId("signed-in-as")).toHaveText(email);
  // The app applied the person's theme, and wrote it where the sign-in pages read it.
  await expect.poll(async () => (await context.cookies()).find((c) => c.name === "theme")?.value).toBe("system");
  await context.close();
});

test("password, a wrong one, the forgotten-password steps, then the emailed-code sign-in", async ({ browser }) => {
  const email = freshEmail("reset-pages");
  const signUp = await browser.newContext({ baseURL: origin() });
  const first = await openStart(signUp);
  await first.getByRole("link", { name: "Create an account" }).click();
  await first.getByLabel("Email").fill(email);
  await first.getByLabel("Password", { exact: true }).fill(PASSWORD);
  await first.getByLabel("Repeat password").fill(PASSWORD);
  await first.getByRole("button", { name: "Continue" }).click();
  await first.getByLabel("Code").fill(await codeFromMailbox(email));
  await first.getByRole("button", { name: "Continue" }).click();
  await expect(first.getByTestId("signed-in-as")).toHaveText(email);
  await signUp.close();

  const context = await browser.newContext({ baseURL: origin() });
  const page = await openStart(context);
  await page.getByRole("link", { name: "Continue with password" }).click();
  await checkPage(page, "Sign in to Edge Identity");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill("not my password at all");
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByLabel("Password")).toHaveAttribute("aria-invalid", "true");
  await checkPage(page, "Sign in to Edge Identity");

  await page.getByRole("link", { name: "Forgot password?" }).click();
  await checkPage(page, "Reset your password");
  await page.getByLabel("Email").fill(email);
  await page.getByRole("button", { name: "Continue" }).click();
  await checkCodeStep(page, email);
  await page.getByLabel("Code").fill(await codeFromMailbox(email));
  await page.getByRole("button", { name: "Continue" }).click();
  await checkPage(page, "Choose a new password");
  const newPassword = "a newer and longer passphrase";
  await page.getByLabel("Password", { exact: true }).fill(newPassword);
  await page.getByLabel("Repeat password").fill(newPassword);
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByTestId("signed-in-as")).toHaveText(email);
  await context.close();

  const byCode = await browser.newContext({ baseURL: origin() });
  const codePage = await openStart(byCode);
  await codePage.getByRole("link", { name: "Continue with code" }).click();
  await checkPage(codePage, "Sign in to Edge Identity");
  await codePage.getByLabel("Email").fill(email);
  await codePage.getByRole("button", { name: "Continue" }).click();
  await checkCodeStep(codePage, email);
  await codePage.getByLabel("Code").fill(await codeFromMailbox(email));
  await codePage.getByRole("button", { name: "Continue" }).click();
  await expect(codePage.getByTestId("signed-in-as")).toHaveText(email);
  await byCode.close();
});

test("the step-up after too many wrong passwords, and a refused sign-in link, are notices", async ({ browser }) => {
  const email = freshEmail("step-up-pages");
  // Ten wrong passwords from elsewhere spend the account's budget (an unknown address steps up all the same).
  for (let attempt = 0; attempt < 10; attempt++) {
    const elsewhere = new FormBrowser(origin());
    await startAuthorization(elsewhere, "password");
    await elsewhere.post("/password/authorize", { email, password: `wrong guess ${attempt}` });
  }
  const context = await browser.newContext({ baseURL: origin() });
  const page = await openStart(context);
  await page.getByRole("link", { name: "Continue with password" }).click();
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByRole("status").filter({ hasText: "One more step" })).toBeVisible();
  await checkPage(page, `Enter the code we sent to ${email[0]}…@example.com`);

  await page.goto("/authorize?client_id=unknown-app&redirect_uri=https://elsewhere.example/cb&response_type=code");
  await expect(page.getByRole("alert")).toContainText("not known");
  await checkPage(page, "This sign-in link is not valid");
  await context.close();
});

test("the pages open in the theme the app wrote in its cookie, else the device's", async ({ browser }) => {
  // Read once the stylesheet is in (it is a file of its own: before it loads, the surface is transparent).
  const surface = async (page: Page) => {
    await page.waitForLoadState("load");
    return page.evaluate(() => getComputedStyle(document.querySelector("main") as Element).backgroundColor);
  };
  const device = await browser.newContext({ baseURL: origin(), colorScheme: "dark" });
  const dark = await openStart(device);
  expect(await surface(dark)).toBe("rgb(27, 33, 41)");
  await device.close();

  const chosen = await browser.newContext({ baseURL: origin(), colorScheme: "dark" });
  await chosen.addCookies([{ name: "theme", value: "light", url: origin() }]);
  const light = await openStart(chosen);
  await expect(light.locator("html")).toHaveAttribute("data-theme", "light");
  expect(await surface(light)).toBe("rgb(255, 255, 255)");
  await chosen.close();
});

test("the second factor: its own page, a wrong code beside the field", async ({ browser }) => {
  const { page, email, context } = await signedUpPage(browser, "second-factor-page");
  await page.goto("/settings/security");
  await page.getByRole("button", { name: "Set up two-factor authentication" }).click();
  const secret = (await page.getByTestId("two-factor-secret").textContent()) ?? "";
  await page.getByLabel("Then enter the 6-digit code it shows").fill(totpCode(secret));
  await page.getByRole("button", { name: "Turn on" }).click();
  await page.getByRole("button", { name: "I have saved them" }).click();
  await page.getByRole("button", { name: "Sign out" }).click();

  await page.getByRole("button", { name: "Sign in" }).first().click();
  await signInWithPassword(page, email);
  await checkPage(page, "Enter your verification code");
  await page.getByLabel("Code").fill("000000");
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByLabel("Code")).toHaveAttribute("aria-invalid", "true");
  await checkPage(page, "Enter your verification code");
  await page.getByLabel("Code").fill(totpCode(secret, 1));
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByTestId("signed-in-as")).toHaveText(email);
  await context.close();
});
