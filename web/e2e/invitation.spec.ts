import { expect, expectAccessible, freshEmail, latestMessage, screenshots, signedUpPage, test } from "./fixtures";

/**
 * A workspace of a fresh owner, with an invitation sent to `email`; returns the owner's page and the link as the
 * app opens it (`/invite#<token>`: the secret in the fragment, never sent to a server).
 */
async function invite(browser: import("@playwright/test").Browser, email: string, workspace: string) {
  const owner = await signedUpPage(browser, "inviter");
  await owner.page.getByLabel("New workspace name").fill(workspace);
  await owner.page.getByRole("button", { name: "Create workspace" }).click();
  await owner.page.getByRole("link", { name: "Invitations" }).click();
  await owner.page.getByLabel("Email").fill(email);
  await owner.page.getByRole("button", { name: "Send invitation" }).click();
  await expect(owner.page.getByTestId("invitation").filter({ hasText: email })).toBeVisible();
  // Names stay out of subjects: the workspace is named in the body only.
  const message = await latestMessage(email, /invited to join a workspace/);
  expect(message.text).toContain(`the workspace “${workspace}”`);
  const link = new URL(/https?:\/\/\S+\/invite#\S+/.exec(message.text)?.[0] ?? "");
  expect(link.pathname).toBe("/invite");
  return { owner, path: `${link.pathname}${link.hash}` };
}

test("someone signed in with another email is told so and offered to switch account", async ({ browser }) => {
  const invitedEmail = freshEmail("invited");
  const { owner, path } = await invite(browser, invitedEmail, "Atlas");
  const other = await signedUpPage(browser, "someone-else");
  await other.page.goto(path);
  await expect(other.page.getByRole("heading", { name: "Join Atlas" })).toBeVisible();
  await expect(other.page.getByRole("alert")).toContainText(`This invitation is for ${invitedEmail}`);
  await expect(other.page.getByRole("alert")).toContainText(`signed in as ${other.email}`);
  await expect(other.page.getByRole("button", { name: "Accept and join" })).toHaveCount(0);
  await expect(other.page.getByRole("button", { name: "Switch account" })).toBeVisible();
  await expectAccessible(other.page);
  await screenshots(other.page, "invitation-other-account");
  await other.context.close();
  await owner.context.close();
});

test("a revoked, a replaced and a made-up link each say plainly why they no longer work", async ({ browser }) => {
  const email = freshEmail("revoked");
  const { owner, path: first } = await invite(browser, email, "Harbor");
  // Inviting the same address again replaces the first invitation.
  await owner.page.getByLabel("Email").fill(email);
  await owner.page.getByRole("button", { name: "Send invitation" }).click();
  await expect(owner.page.getByText(`Invitation sent to ${email}`)).toBeVisible();
  // The second mail may land after the page says it was sent: wait for the one that is not the first.
  const message = await latestMessage(email, /invited to join a workspace/, first);
  const secondLink = new URL(/https?:\/\/\S+\/invite#\S+/.exec(message.text)?.[0] ?? "");
  const second = `${secondLink.pathname}${secondLink.hash}`;
  expect(second).not.toBe(first);

  const visitorContext = await browser.newContext({ baseURL: new URL(owner.page.url()).origin });
  const visitor = await visitorContext.newPage();
  await visitor.goto(first);
  await expect(visitor.getByRole("heading", { name: "This invitation is no longer valid" })).toBeVisible();
  await expect(visitor.getByText("replaced by a newer one")).toBeVisible();
  await expectAccessible(visitor);
  await screenshots(visitor, "invitation-replaced");

  // The owner revokes the current one: its link now says it was cancelled.
  await owner.page
    .getByTestId("invitation")
    .filter({ hasText: email })
    .getByRole("button", { name: /^Revoke/ })
    .click();
  await owner.page
    .getByRole("dialog", { name: `Revoke the invitation of ${email} to Harbor` })
    .getByRole("button", { name: `Revoke the invitation of ${email} to Harbor` })
    .click();
  await expect(owner.page.getByText("No pending invitations.")).toBeVisible();
  await visitor.goto(second);
  await expect(visitor.getByRole("heading", { name: "This invitation is no longer valid" })).toBeVisible();
  await expect(visitor.getByText("This invitation was cancelled.")).toBeVisible();

  await visitor.goto("/invite#ws_0123456789abcdefghijkl.not-a-real-secret");
  await expect(visitor.getByRole("heading", { name: "This is not an invitation link" })).toBeVisible();
  // A link mailed before the token moved to the fragment still opens the invitation, and leaves the path.
  await visitor.goto(first.replace("/invite#", "/invite/"));
  await expect(visitor.getByRole("heading", { name: "This invitation is no longer valid" })).toBeVisible();
  await expect(visitor).toHaveURL(/\/invite#ws_/);
  await visitorContext.close();
  await owner.context.close();
});
