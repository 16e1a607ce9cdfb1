/**
 * The quickstart's example app (examples/quickstart, docs/quickstart.md) on an origin of its own, signed in against
 * the dev server with @edge-identity/client as built for publishing. global-setup.ts registered its origin in
 * ALLOWED_ORIGINS and its client id in OAUTH_CLIENT_IDS, as the quickstart tells a developer to.
 */
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect, expectAccessible, freshEmail, origin, registerWithPassword, test } from "./fixtures";

const EXAMPLE_DIR = "examples/quickstart";
const REFRESH_TOKEN_KEY = "edge-identity.refresh-token";

function exampleOrigin(): string {
  const value = process.env.E2E_EXAMPLE_ORIGIN;
  if (!value) throw new Error("E2E_EXAMPLE_ORIGIN is not set: run the tests with `npm run test:e2e`");
  return value;
}

/** Builds the package and the example (pointed at the dev server), then serves it with `vite preview`. */
async function serveExample(outDir: string): Promise<ChildProcess> {
  const env = { ...process.env, VITE_ISSUER_URL: origin() };
  execFileSync("npm", ["run", "build:client"], { stdio: "pipe", env });
  execFileSync("npx", ["vite", "build", EXAMPLE_DIR, "--outDir", outDir, "--logLevel", "warn"], { stdio: "pipe", env });
  const { hostname, port } = new URL(exampleOrigin());
  const preview = spawn(
    "npx",
    ["vite", "preview", EXAMPLE_DIR, "--outDir", outDir, "--host", hostname, "--port", port, "--strictPort"],
    { env, stdio: "ignore", detached: true },
  );
  for (let attempt = 0; attempt < 120; attempt++) {
    const answered = await fetch(exampleOrigin()).then(
      (response) => response.ok,
      () => false,
    );
    if (answered) return preview;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`vite preview did not answer on ${exampleOrigin()}`);
}

let preview: ChildProcess | undefined;
const outDir = mkdtempSync(join(tmpdir(), "edge-identity-quickstart-"));

test.beforeAll(async () => {
  test.setTimeout(180_000);
  preview = await serveExample(outDir);
});

test.afterAll(() => {
  if (preview?.pid && preview.exitCode === null) process.kill(-preview.pid, "SIGTERM");
  rmSync(outDir, { recursive: true, force: true });
});

test("the quickstart app on another origin signs in through the issuer, shows the person and signs out", async ({
  page,
}) => {
  const email = freshEmail("quickstart");
  await page.goto(exampleOrigin());
  await page.getByRole("button", { name: "Sign in" }).click();
  // The issuer's own pages, on the service's origin.
  await expect(page).toHaveURL(new RegExp(`^${origin()}/`));
  await page.getByRole("link", { name: "Continue with password" }).click();
  await registerWithPassword(page, email);

  // Back on the app's origin, signed in: GET /api/me answered the quickstart client's token across origins.
  await expect(page.getByText(`Signed in as ${email}`)).toBeVisible();
  expect(new URL(page.url()).origin).toBe(exampleOrigin());
  expect(new URL(page.url()).search).toBe("");
  for (const colorScheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme });
    await expectAccessible(page);
  }

  // A reload keeps the person signed in: the refresh token outlives the page, the access token does not.
  await page.reload();
  await expect(page.getByText(`Signed in as ${email}`)).toBeVisible();

  const refreshToken = await page.evaluate((key) => localStorage.getItem(key), REFRESH_TOKEN_KEY);
  expect(refreshToken).toBeTruthy();
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page.getByRole("button", { name: "Sign in" })).toBeVisible();
  expect(await page.evaluate((key) => localStorage.getItem(key), REFRESH_TOKEN_KEY)).toBeNull();

  // The session ended on the server too: its refresh token no longer works.
  const refresh = await fetch(`${origin()}/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      grant_type: "refresh_token",
      refresh_token: refreshToken ?? "",
      client_id: "quickstart",
    }),
  });
  expect(refresh.status).toBeGreaterThanOrEqual(400);
  expect(refresh.status).toBeLessThan(500);
});
