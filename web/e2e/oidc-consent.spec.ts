/**
 * Another app signs people in with OpenID Connect (decision 0036), in a real browser: an admin registers it as a
 * third-party client; it sends a person to /authorize with PKCE; the consent screen appears the first time only; the
 * person's settings list the app and take it back, and the next sign-in asks again. Then the admin pages: register
 * a confidential app (the secret shown once), edit it, rotate its secret, delete it.
 *
 * On a dev server of its own (private-app.ts): the admin there has two-factor on already, and the app's callback is
 * a tiny node:http server on a free port (loopback http is registrable).
 */
import { createServer, type Server } from "node:http";
import type { Page } from "@playwright/test";
import { freePort } from "../../test/node/dev-server";
import {
  awaitMail,
  mailbox,
  pkcePair,
  signInWithPassword,
  signUpWithPassword,
} from "../../test/support/sign-in-client";
import { expect, expectAccessible, freshEmail, PASSWORD, test } from "./fixtures";
import { ADMIN, contextOf, sharedPrivateApp, withPage } from "./private-app";

const world = sharedPrivateApp();
const APP_NAME = "Partner Notes";

test.describe.configure({ timeout: 240_000 });

/** The relying party's callback: answers a small page, so the browser has somewhere to land. */
async function startCallbackServer(): Promise<{ redirectUri: string; server: Server }> {
  const port = await freePort();
  const server = createServer((_request, response) => {
    response.writeHead(200, { "content-type": "text/html; charset=utf-8" });
    response.end('<!doctype html><html lang="en"><title>Partner Notes</title><h1>Back in Partner Notes</h1></html>');
  });
  await new Promise<void>((resolve) => server.listen(port, "127.0.0.1", resolve));
  return { redirectUri: `http://127.0.0.1:${port}/callback`, server };
}

/** The admin's API token on the private server (each sign-in spends one of the seeded backup codes). */
async function adminToken(): Promise<string> {
  const secondFactor = () => world().adminBackupCodes.shift() ?? "";
  return (await signInWithPassword(world().origin, ADMIN.email, PASSWORD, { secondFactor })).access_token;
}

async function registerThirdParty(redirectUri: string): Promise<string> {
  const response = await fetch(`${world().origin}/api/admin/clients`, {
    method: "POST",
    headers: { authorization: `Bearer ${await adminToken()}`, "content-type": "application/json" },
    body: JSON.stringify({ name: APP_NAME, type: "public", first_party: false, redirect_uris: [redirectUri] }),
  });
  expect(response.status, await response.clone().text()).toBe(201);
  return ((await response.json()) as { client_id: string }).client_id;
}

/** A new code for `email`: the first in a message that arrived after `before` messages. */
function newCode(email: string, before: number): Promise<string> {
  return awaitMail(world().origin, email, (messages) =>
    messages
      .slice(0, Math.max(0, messages.length - before))
      .map((message) => /\b(\d{6})\b/.exec(message.text)?.[1])
      .find(Boolean),
  );
}

const mailCount = async (email: string) => (await mailbox(world().origin, email)).length;

interface AppSignIn {
  verifier: string;
  state: string;
}

/** The app sends the browser to /authorize (PKCE S256, state, nonce); the person signs in by emailed code. */
async function signInThroughTheApp(page: Page, clientId: string, redirectUri: string, email: string) {
  const { verifier, challenge } = await pkcePair();
  const state = crypto.randomUUID();
  const url = new URL("/authorize", world().origin);
  const params = {
    client_id: clientId,
    redirect_uri: redirectUri,
    response_type: "code",
    scope: "openid email profile",
    state,
    nonce: crypto.randomUUID(),
    code_challenge: challenge,
    code_challenge_method: "S256",
    provider: "code",
  };
  for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
  await page.goto(url.toString());
  const before = await mailCount(email);
  await page.getByPlaceholder("Email").fill(email);
  await page.getByRole("button", { name: "Continue" }).click();
  await page.getByPlaceholder("Code").fill(await newCode(email, before));
  await page.getByRole("button", { name: "Continue" }).click();
  return { verifier, state } satisfies AppSignIn;
}

/** The app's side at its callback: the state it sent, and a code that its verifier exchanges for an id_token. */
async function expectBackInTheApp(page: Page, redirectUri: string, clientId: string, signIn: AppSignIn) {
  await page.waitForURL((url) => url.toString().startsWith(`${redirectUri}?`));
  const callback = new URL(page.url());
  expect(callback.searchParams.get("state")).toBe(signIn.state);
  const token = await fetch(`${world().origin}/token`, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      grant_type: "authorization_code",
      client_id: clientId,
      redirect_uri: redirectUri,
      code: callback.searchParams.get("code") ?? "",
      code_verifier: signIn.verifier,
    }),
  });
  expect(token.status).toBe(200);
  expect(((await token.json()) as { id_token?: string }).id_token).toEqual(expect.any(String));
}

async function expectConsentScreen(page: Page) {
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Allow “${APP_NAME}” to use your account?`);
  await expect(page.getByRole("listitem")).toHaveText([
    "Know who you are (your account's identifier)",
    "See your email address",
    "See your name and picture",
  ]);
}

test("a third-party app asks once; the person's settings list it and take it back; then it asks again", async ({
  browser,
}) => {
  const { redirectUri, server } = await startCallbackServer();
  try {
    const clientId = await registerThirdParty(redirectUri);
    const email = freshEmail("oidc-consent");
    await signUpWithPassword(world().origin, email, PASSWORD);
    await withPage(await contextOf(browser, world(), "light", email), async (page) => {
      const first = await signInThroughTheApp(page, clientId, redirectUri, email);
      await expectConsentScreen(page);
      await expectAccessible(page);
      await page.getByRole("button", { name: "Allow" }).click();
      await expectBackInTheApp(page, redirectUri, clientId, first);

      // Remembered: the second sign-in goes straight back to the app.
      const second = await signInThroughTheApp(page, clientId, redirectUri, email);
      await expectBackInTheApp(page, redirectUri, clientId, second);

      await page.goto("/settings/apps");
      const row = page.getByTestId("authorized-app");
      await expect(row).toHaveCount(1);
      await expect(row).toContainText(APP_NAME);
      await expect(row.getByRole("listitem")).toHaveText([
        "Know who you are (your account's identifier)",
        "See your email address",
        "See your name and picture",
      ]);
      await expectAccessible(page);
      await row.getByRole("button", { name: `Take back access of “${APP_NAME}”` }).click();
      const dialog = page.getByRole("dialog", { name: `Take back access of “${APP_NAME}”` });
      await expect(dialog).toBeVisible();
      await expectAccessible(page);
      await dialog.getByRole("button", { name: "Take back access" }).click();
      await expect(page.getByText("You have not allowed any app.")).toBeVisible();
      await expect(row).toHaveCount(0);

      // Taken back: the next sign-in asks again.
      await signInThroughTheApp(page, clientId, redirectUri, email);
      await expectConsentScreen(page);
    });
  } finally {
    server.close();
  }
});

test("the admin registers an app (its secret shown once), edits it, rotates the secret and deletes it", async ({
  browser,
}) => {
  await withPage(await contextOf(browser, world(), "light", ADMIN.email), async (page) => {
    await page.goto("/admin/clients");
    await page.getByText("Register an app").click();
    await page.getByLabel("App name").fill("Billing");
    await page.getByLabel("Addresses to send people back to after signing in").fill("http://billing.example/cb");
    await page.getByRole("button", { name: "Register app" }).click();
    // Refused beside its field, naming the line: http only for localhost.
    await expect(page.getByText("Line 1: Use an https:// address (http:// only for localhost).")).toBeVisible();
    await page
      .getByLabel("Addresses to send people back to after signing in")
      .fill("https://billing.example/cb\nhttps://billing.example/cb2");
    await page.getByRole("button", { name: "Register app" }).click();
    const secret = page.getByTestId("client-secret");
    await expect(secret).toBeVisible();
    await expect(secret.getByLabel("Secret")).toHaveValue(/.{20,}/);
    await expectAccessible(page);
    await secret.getByRole("button", { name: "Done" }).click();
    await expect(secret).toHaveCount(0);

    await page.getByTestId("client-row").getByRole("link", { name: "Billing" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Billing");
    await expectAccessible(page);
    await page.getByLabel("App name").fill("Billing and invoices");
    await page.getByRole("button", { name: "Save changes" }).click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Billing and invoices");
    await expect(page.getByText("Saved.")).toBeVisible();

    await page.getByRole("button", { name: "Make a new secret" }).click();
    await page
      .getByRole("dialog")
      .getByRole("button", { name: /Make a new secret/ })
      .click();
    await expect(page.getByTestId("client-secret").getByLabel("Secret")).toHaveValue(/.{20,}/);

    await page.getByRole("button", { name: "Delete app" }).click();
    const dialog = page.getByRole("dialog", { name: "Delete the app “Billing and invoices”" });
    await expectAccessible(page);
    await dialog.getByRole("button", { name: "Delete app" }).click();
    await expect(page).toHaveURL(/\/admin\/clients$/);
    await expect(page.getByRole("link", { name: "Billing and invoices" })).toHaveCount(0);
  });
});
