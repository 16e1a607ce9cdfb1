/**
 * Connected accounts in the browser (issue 22, decision 0038), against a local OpenID Connect upstream
 * (oauth2-mock-server) on a dev server of this spec's own that is configured with it: a person signed in by password
 * connects the upstream account on the Security page (the browser goes to the upstream and back), signs in with it
 * from the start page, and disconnects it; a person whose only way in is the upstream is refused the disconnect in
 * words. The upstream signs in whoever `upstreamPerson` says: it adds those claims to the tokens it issues.
 */
import type { Browser, Page } from "@playwright/test";
import { OAuth2Server } from "oauth2-mock-server";
import { type DevServer, freePort, startDevServer } from "../../test/node/dev-server";
import { signUpWithPassword } from "../../test/support/sign-in-client";
import { expect, expectAccessible, freshEmail, PASSWORD, test } from "./fixtures";
import { signInWithPassword } from "./people";

/** Who the upstream says the person is, for the next sign-in there. */
let upstreamPerson: { sub: string; email: string; email_verified: boolean } | undefined;

const newUpstreamPerson = (label: string) => ({
  sub: `upstream-${crypto.randomUUID()}`,
  email: freshEmail(label),
  email_verified: true,
});

let upstream: OAuth2Server | undefined;
let server: DevServer | undefined;

test.describe.configure({ mode: "serial" });

test.beforeAll(async () => {
  test.setTimeout(300_000);
  upstream = new OAuth2Server();
  await upstream.issuer.keys.generate("RS256");
  upstream.service.on("beforeTokenSigning", (token: { payload: Record<string, unknown> }) => {
    if (upstreamPerson) Object.assign(token.payload, upstreamPerson);
  });
  const port = await freePort();
  upstream.issuer.url = `http://127.0.0.1:${port}`;
  await upstream.start(port, "127.0.0.1");
  server = await startDevServer(240_000, {
    CONNECT_OIDC_ISSUER: upstream.issuer.url,
    CONNECT_OIDC_CLIENT_ID: "edge-identity-e2e",
    CONNECT_OIDC_CLIENT_SECRET: "e2e-upstream-secret",
  });
});

test.afterAll(async () => {
  await server?.stop();
  await upstream?.stop();
});

const origin = () => {
  if (!server) throw new Error("the spec's dev server did not start");
  return server.origin;
};

async function newPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ baseURL: origin() });
  return context.newPage();
}

/** From the app's front page: the start page's "Continue with single sign-on", through the upstream and back. */
async function signInThroughUpstream(page: Page) {
  await page.getByRole("button", { name: "Sign in" }).first().click();
  await page.getByRole("link", { name: "Continue with single sign-on" }).click();
}

/** Fails when the page is wider than the window at 375 px (a small phone). */
async function expectNoSidewaysScroll(page: Page, what: string) {
  const desktop = page.viewportSize() ?? { width: 1280, height: 800 };
  await page.setViewportSize({ width: 375, height: 740 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow, `${what} scrolls sideways at 375 px`).toBeLessThanOrEqual(0);
  await page.setViewportSize(desktop);
}

test("a person signed in by password connects the upstream, signs in with it, and disconnects it", async ({
  browser,
}) => {
  const email = freshEmail("connects");
  await signUpWithPassword(origin(), email, PASSWORD);
  const page = await newPage(browser);
  await page.goto("/");
  await page.getByRole("button", { name: "Sign in" }).first().click();
  await signInWithPassword(page, email);
  await expect(page.getByTestId("signed-in-as")).toHaveText(email);

  await page.goto("/settings/security");
  const section = page.getByRole("region", { name: "Connected accounts" });
  await expect(section.getByText("No connected accounts yet.")).toBeVisible();
  await expect(section.getByTestId("connection")).toHaveCount(0);
  upstreamPerson = newUpstreamPerson("corp-account");
  await section.getByRole("button", { name: "Connect Single sign-on", exact: true }).click();
  // The server's page names the account before anything happens, then goes to the upstream.
  await expect(page.getByText(email)).toBeVisible();
  await page.getByRole("button", { name: "Continue to your organisation's account" }).click();

  await expect(page).toHaveURL(/\/settings\/security\?connected=oidc$/);
  await expect(section.getByRole("status")).toHaveText("Single sign-on is connected: you can now sign in with it.");
  const row = section.getByTestId("connection");
  await expect(row).toHaveCount(1);
  await expect(row).toContainText("Single sign-on");
  await expect(row).toContainText(upstreamPerson.email);
  await expect(row).toContainText(/Connected .+ · last used /);
  await expect(section.getByRole("button", { name: "Connect Single sign-on", exact: true })).toHaveCount(0);
  await expectAccessible(page);
  await expectNoSidewaysScroll(page, "the Security page with a connected account");
  // And in the dark theme: the section's row, its texts and buttons keep their contrast.
  await page.emulateMedia({ colorScheme: "dark" });
  await expectAccessible(page);
  await page.emulateMedia({ colorScheme: "light" });

  await page.getByRole("button", { name: "Sign out", exact: true }).click();
  await signInThroughUpstream(page);
  await expect(page.getByTestId("signed-in-as")).toHaveText(email);
  await page.goto("/settings/security");
  await expect(page.getByTestId("sign-in-event").first()).toContainText("Connected account");

  await row.getByRole("button", { name: "Disconnect Single sign-on" }).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog).toContainText(`You can no longer sign in with Single sign-on (${upstreamPerson.email})`);
  await dialog.getByRole("button", { name: "Disconnect Single sign-on" }).click();
  await expect(row).toHaveCount(0);
  await expect(section.getByRole("button", { name: "Connect Single sign-on", exact: true })).toBeVisible();
  await page.reload();
  await expect(section.getByText("No connected accounts yet.")).toBeVisible();
  await page.context().close();
});

test("a person whose only way in is the upstream is refused the disconnect, in words, and it stays", async ({
  browser,
}) => {
  upstreamPerson = newUpstreamPerson("upstream-only");
  const page = await newPage(browser);
  await page.goto("/");
  // The first sign-in with a verified email the service does not know makes the account.
  await signInThroughUpstream(page);
  await expect(page.getByTestId("signed-in-as")).toHaveText(upstreamPerson.email);

  await page.goto("/settings/security");
  const row = page.getByTestId("connection");
  await expect(row).toContainText(upstreamPerson.email);
  await row.getByRole("button", { name: "Disconnect Single sign-on" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Disconnect Single sign-on" }).click();
  await expect(row.getByRole("alert")).toHaveText(
    "This is your only way to sign in: set a password (Password, above) or add a passkey first, then disconnect it.",
  );
  await expectAccessible(page);
  await page.reload();
  await expect(page.getByTestId("connection")).toHaveCount(1);
  await expect(page.getByTestId("connection")).toContainText(upstreamPerson.email);
  await page.context().close();
});
