/**
 * Consent in the browser (issue 20), on a server of this spec's own with the terms and privacy notice configured
 * (the shared server has none, so every other spec signs up without the step): a sign-up asks for both documents and
 * offers news by email before the account exists; the Privacy page lists what was given, withdraws the news, keeps
 * the record of both; the downloaded export holds that history.
 */
import { readFileSync } from "node:fs";
import type { Page } from "@playwright/test";
import { type DevServer, startDevServer } from "../../test/node/dev-server";
import { latestCode } from "../../test/support/sign-in-client";
import { expect, expectAccessible, freshEmail, PASSWORD, test } from "./fixtures";

const DOCUMENTS = {
  TERMS_VERSION: "2026-12",
  TERMS_URL: "https://example.com/terms",
  PRIVACY_VERSION: "4",
  PRIVACY_URL: "https://example.com/privacy",
};

let server: DevServer | undefined;
const origin = () => {
  if (!server) throw new Error("the spec's server did not start");
  return server.origin;
};

test.describe.configure({ mode: "serial" });
test.beforeAll(async () => {
  test.setTimeout(300_000);
  server = await startDevServer(240_000, DOCUMENTS);
});
test.afterAll(async () => server?.stop());

/** The password sign-up through the issuer's pages, up to the consent step. */
async function signUpToConsent(page: Page, email: string) {
  await page.goto("/");
  await page.getByRole("button", { name: "Create an account" }).click();
  await page.getByRole("link", { name: "Create an account" }).click();
  await page.getByPlaceholder("Email").fill(email);
  await page.getByPlaceholder("Password", { exact: true }).fill(PASSWORD);
  await page.getByPlaceholder("Repeat password").fill(PASSWORD);
  await page.getByRole("button", { name: "Continue" }).click();
  await page.getByPlaceholder("Code").fill(await latestCode(origin(), email));
  await page.getByRole("button", { name: "Continue" }).click();
  await expect(page.getByRole("heading", { name: "Before we create your account" })).toBeVisible();
}

interface ExportedConsent {
  document: string;
  version: string;
  how: string;
  withdrawn_at: string | null;
}

test("sign-up accepts the documents; the Privacy page withdraws news by email; the export holds the record", async ({
  browser,
}) => {
  const email = freshEmail("consent");
  const context = await browser.newContext({ baseURL: origin() });
  const page = await context.newPage();
  await signUpToConsent(page, email);
  await expectAccessible(page);
  await page.getByLabel(/Terms of service/).check();
  await page.getByLabel(/Privacy notice/).check();
  await page.getByLabel(/news and offers/).check();
  await page.getByRole("button", { name: "Accept and continue" }).click();
  await expect(page).toHaveURL(/\/workspaces$/);

  await page.goto("/settings/profile");
  await page.getByRole("navigation", { name: "My account" }).getByRole("link", { name: "Privacy" }).click();
  await expect(page).toHaveURL(/\/settings\/privacy$/);
  const news = page.getByTestId("marketing-consent");
  await expect(news).toContainText("you agreed to receive them");
  const records = page.getByTestId("consent");
  await expect(records).toHaveCount(3);
  await expect(records.filter({ hasText: "Terms of service" })).toContainText("Version 2026-12");
  await expect(records.filter({ hasText: "Privacy notice" })).toContainText("when you signed up with a password");

  await page.getByRole("button", { name: "Stop news and offers" }).click();
  await expect(news).toContainText("you do not receive them");
  await expect(records.filter({ hasText: "News and offers" })).toContainText("Withdrawn");
  await expect(records).toHaveCount(3);
  await expectAccessible(page);

  const download = page.waitForEvent("download");
  await page.getByRole("button", { name: "Download your data" }).click();
  const file = await download;
  const exported: { consents: ExportedConsent[] } = JSON.parse(readFileSync(await file.path(), "utf8"));
  const byDocument = Object.fromEntries(exported.consents.map((record) => [record.document, record]));
  expect(byDocument.terms).toMatchObject({ version: "2026-12", how: "password_sign_up", withdrawn_at: null });
  expect(byDocument.privacy).toMatchObject({ version: "4", how: "password_sign_up", withdrawn_at: null });
  expect(byDocument.marketing?.withdrawn_at).toEqual(expect.any(String));
  await context.close();
});
