/**
 * `npm run docs:pictures`: refreshes the README's pictures (docs/workspace-page.png, docs/sign-in.png) from the
 * running app, on a server of its own with fixed people (docs-pictures.ts). Not part of `npm run test:e2e`: it
 * writes files in docs/ instead of checking anything.
 */
import { defineConfig } from "@playwright/test";
import base from "./playwright.config";

export default defineConfig({
  ...base,
  globalSetup: undefined,
  testMatch: "docs-pictures.ts",
  timeout: 300_000,
  workers: 1,
});
