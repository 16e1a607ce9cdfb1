import {
  expect,
  expectAccessible,
  freshEmail,
  latestMessage,
  origin,
  screenshots,
  signedUpPage,
  signInWithCode,
  test,
} from "./fixtures";

/** The path and fragment of the invitation link in the newest invitation email to `email` (`/invite#<token>`). */
async function invitationLink(email: string, workspace: string): Promise<string> {
  const message = await latestMessage(email, /invited to join a workspace/);
  if (!message.text.includes(`“${workspace}”`)) throw new Error(`no invitation to ${workspace} in: ${message.text}`);
  const link = /https?:\/\/\S+\/invite#\S+/.exec(message.text)?.[0];
  if (!link) throw new Error(`no invitation link in: ${message.text}`);
  const { pathname, hash } = new URL(link);
  return `${pathname}${hash}`;
}

test("an owner invites a new person, who signs up by code and accepts; a role change reaches them and the audit log", async ({
  browser,
}) => {
  const owner = await signedUpPage(browser, "owner");
  const inviteeEmail = freshEmail("invitee");

  // Create a workspace: the owner lands on it.
  await owner.page.getByLabel("New workspace name").fill("Field Notes");
  await owner.page.getByRole("button", { name: "Create workspace" }).click();
  await expect(owner.page.getByRole("heading", { level: 1, name: "Field Notes" })).toBeVisible();
  await expect(owner.page.getByTestId("my-role")).toHaveText("owner");
  const workspacePath = new URL(owner.page.url()).pathname;

  // Invite a second address as viewer; the list shows its delivery.
  await owner.page.getByRole("link", { name: "Invitations" }).click();
  await owner.page.getByLabel("Email").fill(inviteeEmail);
  await owner.page.getByLabel("Role").selectOption("viewer");
  await owner.page.getByRole("button", { name: "Send invitation" }).click();
  const invitationRow = owner.page.getByTestId("invitation").filter({ hasText: inviteeEmail });
  await expect(invitationRow).toContainText("Viewer");
  await expect(invitationRow).toContainText("Email sent");
  await expectAccessible(owner.page);
  await screenshots(owner.page, "workspace-invitations");

  // The invitee, in a browser of their own, opens the link and sees the invitation before signing in.
  const inviteeContext = await browser.newContext({ baseURL: origin() });
  const invitee = await inviteeContext.newPage();
  await invitee.goto(await invitationLink(inviteeEmail, "Field Notes"));
  await expect(invitee.getByRole("heading", { name: "Join Field Notes" })).toBeVisible();
  const facts = invitee.locator("dl");
  await expect(facts).toContainText(inviteeEmail);
  await expect(facts).toContainText("Viewer");
  await expect(facts).toContainText("Invited by");
  await expectAccessible(invitee);
  await screenshots(invitee, "invitation");

  // They sign up by emailed code and land back on the invitation, then accept.
  await invitee.getByRole("button", { name: "Continue with an emailed code" }).click();
  await signInWithCode(invitee, inviteeEmail);
  await expect(invitee.getByRole("heading", { name: "Join Field Notes" })).toBeVisible();
  await invitee.getByRole("button", { name: "Accept and join" }).click();
  await expect(invitee).toHaveURL(new RegExp(`${workspacePath}$`));
  await expect(invitee.getByTestId("my-role")).toHaveText("viewer");
  // A viewer is offered no invitations tab, no role change and no removal of others.
  await expect(invitee.getByRole("link", { name: "Invitations" })).toHaveCount(0);
  await expect(invitee.getByRole("combobox")).toHaveCount(0);

  // The owner makes them an editor, and sees the change in the audit log, whose chain verifies.
  await owner.page.getByRole("link", { name: "Members" }).click();
  const inviteeRow = owner.page.getByTestId("member").filter({ hasText: inviteeEmail });
  await inviteeRow.getByRole("combobox").selectOption("editor");
  await inviteeRow.getByRole("button", { name: /^Save the role of/ }).click();
  await expect(inviteeRow.getByRole("button", { name: /^Save the role of/ })).toHaveCount(0);
  await expect(inviteeRow.getByRole("combobox")).toHaveValue("editor");
  await expectAccessible(owner.page);
  await screenshots(owner.page, "workspace-members");
  // Pointing at a tab already asks for its data, so opening it does not wait for its code and then its data.
  const auditTab = owner.page.getByRole("link", { name: "Audit log" });
  const auditAsked = owner.page.waitForRequest((request) => /\/api\/workspaces\/[^/]+\/audit/.test(request.url()));
  await auditTab.hover();
  await auditAsked;
  await auditTab.click();
  // Told as a sentence naming both people (names, else emails), never their ids.
  const roleChange = owner.page.getByTestId("audit-event").first();
  await expect(roleChange).toContainText(`${owner.email} changed ${inviteeEmail}'s role from viewer to editor`);
  await owner.page.getByRole("button", { name: "Verify the log" }).click();
  await expect(owner.page.getByText(/The log is intact: \d+ events checked/)).toBeVisible();
  await expectAccessible(owner.page);
  await screenshots(owner.page, "workspace-audit");

  // The invitee's page shows the new role.
  await invitee.reload();
  await expect(invitee.getByTestId("my-role")).toHaveText("editor");
  await expect(invitee.getByRole("link", { name: "Invitations" })).toBeVisible();

  await inviteeContext.close();
  await owner.context.close();
});

test("an owner offers ownership, cancels, offers again; the nominee accepts and the owner becomes editor", async ({
  browser,
}) => {
  const owner = await signedUpPage(browser, "handover");
  await owner.page.getByLabel("New workspace name").fill("Lighthouse");
  await owner.page.getByRole("button", { name: "Create workspace" }).click();
  await owner.page.getByRole("link", { name: "Invitations" }).click();
  const nominee = await signedUpPage(browser, "nominee");
  await owner.page.getByLabel("Email").fill(nominee.email);
  await owner.page.getByLabel("Role").selectOption("editor");
  await owner.page.getByRole("button", { name: "Send invitation" }).click();
  await nominee.page.goto(await invitationLink(nominee.email, "Lighthouse"));
  await nominee.page.getByRole("button", { name: "Accept and join" }).click();
  await expect(nominee.page.getByTestId("my-role")).toHaveText("editor");

  // Offer, cancel, offer again.
  await owner.page.getByRole("link", { name: "Settings" }).click();
  await owner.page.getByLabel("New owner").selectOption({ label: nominee.email });
  await owner.page.getByRole("button", { name: "Ask them" }).click();
  await expect(owner.page.getByRole("region", { name: "Ownership transfer" })).toBeVisible();
  await expectAccessible(owner.page);
  await screenshots(owner.page, "workspace-settings-transfer");
  await owner.page.getByRole("button", { name: "Cancel the transfer" }).click();
  await expect(owner.page.getByRole("region", { name: "Ownership transfer" })).toHaveCount(0);
  await owner.page.getByLabel("New owner").selectOption({ label: nominee.email });
  await owner.page.getByRole("button", { name: "Ask them" }).click();

  // The nominee sees the offer on the workspace and accepts.
  await nominee.page.reload();
  await expect(nominee.page.getByText("You have been asked to become an owner")).toBeVisible();
  await nominee.page.getByRole("button", { name: "Accept ownership" }).click();
  await expect(nominee.page.getByTestId("my-role")).toHaveText("owner");
  await owner.page.reload();
  await expect(owner.page.getByTestId("my-role")).toHaveText("editor");

  await nominee.context.close();
  await owner.context.close();
});
