/**
 * What the end-to-end tests share: the dev server's origin as baseURL, fresh addresses, the development mailbox,
 * sign-up through the real sign-in pages, the accessibility check and screenshots at desktop and phone width.
 */
import AxeBuilder from "@axe-core/playwright";
import { type Browser, test as base, expect, type Page } from "@playwright/test";
import { awaitMail, latestCode, type MailboxMessage } from "../../test/support/sign-in-client";

export { expect };

/** Every test's pages open the dev server that global-setup.ts started. */
export const test = base.extend({
  baseURL: async ({ baseURL: _configured }, use) => use(process.env.E2E_ORIGIN ?? _configured),
});

export const origin = () => {
  const value = process.env.E2E_ORIGIN;
  if (!value) throw new Error("E2E_ORIGIN is not set: run the tests with `npm run test:e2e`");
  return value;
};

export const PASSWORD = "correct horse battery staple";

/** An address no other test (or earlier run against the same state) has used. */
export function freshEmail(label: string): string {
  return `${label}-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}@example.com`;
}

/** The 6-digit code in the newest message the development mailbox holds for `email`. */
export function codeFromMailbox(email: string): Promise<string> {
  return latestCode(origin(), email);
}

/**
 * The newest message to `email` with a matching subject, waiting briefly for delivery. `unlike` skips messages whose
 * text holds it: to wait for a second mail while the first is still the newest (mail is sent after the answer).
 */
export function latestMessage(email: string, subject: RegExp, unlike?: string): Promise<MailboxMessage> {
  return awaitMail(origin(), email, (messages) =>
    messages.find((m) => subject.test(m.subject) && !(unlike && m.text.includes(unlike))),
  );
}

/** From the issuer's password sign-in form: register, enter the emailed code; ends back in the app. */
export async function registerWithPassword(page: Page, email: string, password = PASSWORD) {
  await page.getByRole("link", { name: "Create an account" }).click();
  await page.getByPlaceholder("Email").fill(email);
  await page.getByPlaceholder("Password", { exact: true }).fill(password);
  await page.getByPlaceholder("Repeat password").fill(password);
  await page.getByRole("button", { name: "Continue" }).click();
  await page.getByPlaceholder("Code").fill(await codeFromMailbox(email));
  await page.getByRole("button", { name: "Continue" }).click();
}

/** From the issuer's emailed-code form: sign in (or up) with the code from the mailbox; ends back in the app. */
export async function signInWithCode(page: Page, email: string) {
  await page.getByPlaceholder("Email").fill(email);
  await page.getByRole("button", { name: "Continue" }).click();
  await page.getByPlaceholder("Code").fill(await codeFromMailbox(email));
  await page.getByRole("button", { name: "Continue" }).click();
}

/** A fresh person signed up by password in a browser context of their own, on their workspaces page. */
export async function signedUpPage(browser: Browser, label: string) {
  const email = freshEmail(label);
  const context = await browser.newContext({ baseURL: origin() });
  const page = await context.newPage();
  await page.goto("/");
  await page.getByRole("button", { name: "Create an account" }).click();
  await registerWithPassword(page, email);
  await expect(page).toHaveURL(/\/workspaces$/);
  await expect(page.getByTestId("signed-in-as")).toHaveText(email);
  return { email, context, page };
}

/** Fails on any serious or critical accessibility violation axe finds on the page as it is now. */
export async function expectAccessible(page: Page) {
  const results = await new AxeBuilder({ page }).analyze();
  const serious = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  expect(
    serious.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`),
    `accessibility violations on ${page.url()}`,
  ).toEqual([]);
}

/** A screenshot at desktop width and at 375 px (a small phone), checking the page has no sideways scroll there. */
export async function screenshots(page: Page, name: string) {
  const desktop = page.viewportSize() ?? { width: 1280, height: 800 };
  await page.screenshot({ path: `test-results/screenshots/${name}-desktop.png`, fullPage: true });
  await page.setViewportSize({ width: 375, height: 740 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, `${name} scrolls sideways at 375 px`).toBeLessThanOrEqual(0);
  await page.screenshot({ path: `test-results/screenshots/${name}-phone.png`, fullPage: true });
  await page.setViewportSize(desktop);
}
