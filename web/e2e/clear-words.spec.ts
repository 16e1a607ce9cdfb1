/**
 * Issue 16, "clear words", in a real browser: refusals beside their field in plain words, counters on limited
 * names, an avatar refused for its real reason, what a re-invitation replaces, a failed invitation email that stands
 * out with a retry, what leaving cancels, and the page that says why one is signed out. Each state is axe-checked
 * in the light and the dark theme.
 */
import { crc32, deflateSync } from "node:zlib";
import type { Page } from "@playwright/test";
import { expect, expectAccessible, freshEmail, latestMessage, origin, signedUpPage, test } from "./fixtures";
import { apiOfExisting, must } from "./people";

/** Axe in both themes (the app follows the device's scheme until a person picks one). */
async function accessibleInBothThemes(page: Page) {
  for (const colorScheme of ["light", "dark"] as const) {
    await page.emulateMedia({ colorScheme });
    await expectAccessible(page);
  }
  await page.emulateMedia({ colorScheme: "light" });
}

/** A whole, valid grayscale PNG of `width` × `height` pixels: small in bytes, whatever its size in pixels. */
function png(width: number, height: number): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, "latin1"), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth; colour type 0 (grayscale), compression, filter and interlace 0
  const rows = Buffer.alloc((width + 1) * height); // each row: filter byte 0, then black pixels
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  return Buffer.concat([
    signature,
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(rows)),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

test("refusals are said beside their field in plain words, and limited names count their characters", async ({
  browser,
}) => {
  const { page, context } = await signedUpPage(browser, "words");
  const name = page.getByLabel("New workspace name");
  await name.fill("x".repeat(60));
  await expect(page.getByTestId("character-count")).toHaveCount(0);
  await name.fill("x".repeat(97));
  await expect(page.getByTestId("character-count")).toHaveText(/^97\/100/);
  await name.fill("x".repeat(101));
  await expect(page.getByTestId("character-count")).toHaveText(/^101\/100/);
  await page.getByRole("button", { name: "Create workspace" }).click();
  await expect(page.locator("#workspace-name-error")).toHaveText("Use at most 100 characters.");
  await expect(name).toHaveAttribute("aria-invalid", "true");
  await accessibleInBothThemes(page);

  await name.fill("Plain Words");
  await page.getByRole("button", { name: "Create workspace" }).click();
  await page.getByRole("link", { name: "Invitations" }).click();
  // The browser takes this address; the server does not (no dot in the domain), and says so in words.
  await page.getByLabel("Email").fill("ann@localhost");
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expect(page.locator("#invite-email-error")).toHaveText("Enter an email address like name@example.com.");
  await expect(page.getByText(/must be an email address/)).toHaveCount(0);
  await accessibleInBothThemes(page);

  await page.goto("/settings/profile");
  await page.getByLabel("First name").fill("y".repeat(97));
  await expect(page.getByTestId("character-count")).toHaveText(/^97\/100/);
  await context.close();
});

test("an avatar is refused for its real reason: not an image, or too many pixels", async ({ browser }) => {
  const { page, context } = await signedUpPage(browser, "avatar-words");
  await page.goto("/settings/profile");
  const file = page.getByLabel(/Choose an image/);
  // Named and typed as a PNG, so only the server, reading the bytes, can tell.
  await file.setInputFiles({ name: "cat.png", mimeType: "image/png", buffer: Buffer.from("<html>not a cat</html>") });
  await page.getByRole("button", { name: "Save avatar" }).click();
  await expect(page.locator("#avatar-file-error")).toHaveText(
    "This file is not a PNG, JPEG or WebP image. Choose another file.",
  );
  await accessibleInBothThemes(page);

  await file.setInputFiles({ name: "banner.png", mimeType: "image/png", buffer: png(5000, 1) });
  await page.getByRole("button", { name: "Save avatar" }).click();
  await expect(page.locator("#avatar-file-error")).toHaveText(
    "This image is 5000 × 1 pixels, which is too many. Choose one of at most 4096 × 4096 pixels.",
  );

  await file.setInputFiles({ name: "small.png", mimeType: "image/png", buffer: png(64, 64) });
  await page.getByRole("button", { name: "Save avatar" }).click();
  await expect(page.getByRole("button", { name: "Remove avatar" })).toBeVisible();
  await context.close();
});

test("a re-invitation says what it replaces, and a failed invitation email stands out with a retry", async ({
  browser,
}) => {
  const { page, context } = await signedUpPage(browser, "inviter");
  await page.getByLabel("New workspace name").fill("Invites");
  await page.getByRole("button", { name: "Create workspace" }).click();
  await page.getByRole("link", { name: "Invitations" }).click();
  const email = freshEmail("twice");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Role").selectOption("viewer");
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expect(page.getByRole("status").filter({ hasText: `Invitation sent to ${email}.` })).toBeVisible();
  await expect(page.getByTestId("invitation").filter({ hasText: email })).toBeVisible();

  await page.getByLabel("Email").fill(email);
  await expect(page.getByText(`${email} already has a pending invitation as Viewer.`)).toBeVisible();
  await page.getByLabel("Role").selectOption("editor");
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expect(page.getByRole("status")).toContainText(
    `Invitation sent to ${email}. It replaces the invitation as Viewer that you sent on`,
  );
  await expect(page.getByRole("status")).toContainText("Its link no longer works.");

  // `@refused.invalid`: the development mailbox refuses it for good, as a provider would a bad address.
  const unreachable = freshEmail("bounced").replace(/@.*$/, "@refused.invalid");
  await page.getByLabel("Email").fill(unreachable);
  await page.getByRole("button", { name: "Send invitation" }).click();
  const failed = page.getByTestId("invitation").filter({ hasText: unreachable });
  await expect(failed.getByText("Email not delivered")).toBeVisible({ timeout: 20_000 });
  await expect(failed).toHaveClass(/invitation-failed/);
  await expect(page.getByTestId("failed-deliveries")).toHaveText(
    "One invitation email could not be delivered. Check the address, then retry sending.",
  );
  await accessibleInBothThemes(page);
  const retry = failed.getByRole("button", { name: `Retry sending the invitation to ${unreachable}` });
  const [resent] = await Promise.all([
    page.waitForResponse((response) => response.url().endsWith("/resend") && response.request().method() === "POST"),
    retry.click(),
  ]);
  expect(resent.status()).toBe(200);
  await expect(failed.getByText("Email not delivered")).toBeVisible({ timeout: 20_000 });
  await context.close();
});

test("leaving names the pending invitations it cancels", async ({ browser }) => {
  const owner = await signedUpPage(browser, "stays");
  const leaver = await signedUpPage(browser, "leaves");
  const ownerApi = await apiOfExisting(owner.email);
  const leaverApi = await apiOfExisting(leaver.email);
  const workspace = must(await ownerApi.POST("/workspaces", { body: { name: "Left Behind" } }), "create");
  const path = { id: workspace.id };
  must(
    await ownerApi.POST("/workspaces/{id}/invitations", {
      params: { path },
      body: { email: leaver.email, role: "editor" },
    }),
    "invite the leaver",
  );
  const mail = await latestMessage(leaver.email, /invited to join a workspace/);
  const token = /\/invite#([^\s"<>]+)/.exec(mail.text)?.[1] ?? "";
  must(await leaverApi.POST("/invitations/accept", { body: { token } }), "accept");
  const sent = [freshEmail("cancelled-one"), freshEmail("cancelled-two")];
  for (const email of sent) {
    const body = { email, role: "viewer" as const };
    must(await leaverApi.POST("/workspaces/{id}/invitations", { params: { path }, body }), "leaver invites");
  }

  const page = leaver.page;
  await page.goto(`/workspaces/${workspace.id}/settings`);
  await page.getByRole("button", { name: "Leave this workspace" }).click();
  const dialog = page.getByRole("dialog", { name: "Leave Left Behind" });
  await expect(dialog.getByTestId("leaving-cancels")).toContainText(
    "Your 2 pending invitations are cancelled; their links stop working:",
  );
  await expect(dialog.getByRole("listitem")).toHaveText([...sent].reverse());
  await accessibleInBothThemes(page);
  await dialog.getByRole("button", { name: "Leave Left Behind" }).click();
  await expect(page).toHaveURL(/\/workspaces$/);
  const pending = must(await ownerApi.GET("/workspaces/{id}/invitations", { params: { path } }), "list");
  expect(pending.invitations.map((invitation) => invitation.email)).not.toContain(sent[0]);
  await owner.context.close();
  await leaver.context.close();
});

test("signing out and an ended session land on a page that says why, reachable signed out", async ({ browser }) => {
  const first = await signedUpPage(browser, "leaving-now");
  await first.page.getByRole("button", { name: "Sign out" }).click();
  await expect(first.page).toHaveURL(/\/signed-out\?reason=signed-out&from=%2Fworkspaces$/);
  await expect(first.page.getByRole("heading", { name: "You are signed out" })).toBeVisible();
  await expect(first.page.getByRole("button", { name: "Sign in again" })).toBeVisible();
  await accessibleInBothThemes(first.page);

  const second = await signedUpPage(browser, "ended-elsewhere");
  const elsewhere = await apiOfExisting(second.email);
  const ended = await elsewhere.DELETE("/me/sessions", { params: { query: { others: "true" } } });
  expect(ended.response.status).toBe(204);
  await second.page.getByRole("link", { name: "My account" }).click();
  await expect(second.page).toHaveURL(/\/signed-out\?reason=session-ended&from=/);
  await expect(second.page.getByRole("heading", { name: "Your session ended" })).toBeVisible();
  await accessibleInBothThemes(second.page);

  // A fresh browser, never signed in, can open each landing page.
  const stranger = await browser.newContext({ baseURL: origin() });
  const page = await stranger.newPage();
  await page.goto("/signed-out?reason=deactivated");
  await expect(page.getByRole("heading", { name: "Your account is deactivated" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Sign in again" })).toHaveCount(0);
  await accessibleInBothThemes(page);
  await stranger.close();
  await first.context.close();
  await second.context.close();
});
