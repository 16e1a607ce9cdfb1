/**
 * `npm run test:e2e`: the web app in Debian's Chromium (no browser download) against a real `npm run dev` on a
 * free port, started by global-setup.ts. Screenshots of the main pages go to test-results/screenshots/.
 */
import { defineConfig } from "@playwright/test";

export default defineConfig({
  testDir: ".",
  globalSetup: "./global-setup.ts",
  outputDir: "../../test-results/playwright",
  // Baselines of toHaveScreenshot beside their spec (screenshots.spec.ts-snapshots/), named without the platform
  // Playwright adds by default, so CI on a fresh machine finds the committed ones.
  snapshotPathTemplate: "{testDir}/{testFilePath}-snapshots/{arg}{ext}",
  // Three dev servers (the shared one, the screenshot and axe specs' own) share two cores in CI: a journey of several
  // sign-ins needs more than a minute and a half there, though it takes well under one on an idle machine.
  timeout: 180_000,
  expect: { timeout: 15_000 },
  workers: 2,
  reporter: process.env.CI ? "list" : [["list"]],
  use: {
    launchOptions: {
      executablePath: "/usr/bin/chromium",
      args: ["--headless", "--no-sandbox", "--disable-gpu"],
    },
    viewport: { width: 1280, height: 800 },
    trace: "retain-on-failure",
  },
});
