/**
 * Issue 17, live workspaces in a real browser: two people on one workspace, each in a browser of their own. The
 * other invites someone, and the owner's audit log shows it; the owner changes the other's role and then removes
 * them; the other's page follows each change and then says they were removed, with no reload. An owner sets and
 * clears a member's access end date, confirmed like a role change. And the other's open page says so, without a
 * reload, when the owner deletes the workspace, and when their access ends (the workspace object's own alarm).
 */
import type { Page } from "@playwright/test";
import { expect, expectAccessible, freshEmail, origin, signedUpPage, test } from "./fixtures";
import { apiOfExisting, must, sharedWorkspace, signInWithPassword } from "./people";

/** Marks the page's document: the mark is gone after any reload or navigation that loads a new document. */
async function markDocument(page: Page) {
  await page.evaluate(() => {
    (window as unknown as { liveMark: boolean }).liveMark = true;
  });
  return async () => page.evaluate(() => (window as unknown as { liveMark?: boolean }).liveMark === true);
}

/** The owner's page and API, and a workspace where an editor named Eddie (signed up through HTTP) is a member. */
async function ownerWithEddie(browser: Parameters<typeof signedUpPage>[0], name: string) {
  const owner = await signedUpPage(browser, "live-owner");
  const { workspace, member } = await sharedWorkspace(await apiOfExisting(owner.email), name);
  must(await member.api.PATCH("/me", { body: { first_name: "Eddie" } }), "name Eddie");
  await owner.page.goto(`/workspaces/${workspace.id}`);
  const eddieRow = owner.page.getByTestId("member").filter({ hasText: member.email });
  await expect(eddieRow).toContainText("Eddie");
  return { owner, workspace, member, eddieRow };
}

/** Someone signed in by password in a browser of their own, on `path`. */
async function signedInElsewhere(browser: Parameters<typeof signedUpPage>[0], email: string, path: string) {
  const context = await browser.newContext({ baseURL: origin() });
  const page = await context.newPage();
  await page.goto(path);
  await page.getByRole("button", { name: "Sign in" }).first().click();
  await signInWithPassword(page, email);
  await expect(page).toHaveURL(new RegExp(`${path}$`));
  return { context, page };
}

/** Changes are pushed only to an open socket: waits until the page's is. */
const liveOpen = (page: Page) =>
  expect(page.locator("h1[data-live-status]")).toHaveAttribute("data-live-status", "open");

test("the other page follows a role change and then shows the removal, without a reload", async ({ browser }) => {
  const { owner, workspace, member, eddieRow } = await ownerWithEddie(browser, "Live Works");
  const { context: eddieContext, page: eddie } = await signedInElsewhere(
    browser,
    member.email,
    `/workspaces/${workspace.id}`,
  );
  await expect(eddie.getByTestId("my-role")).toHaveText("editor");
  const invitationsTab = eddie
    .getByRole("navigation", { name: "Workspace" })
    .getByRole("link", { name: "Invitations" });
  await expect(invitationsTab).toBeVisible();
  await liveOpen(eddie);
  const sameDocument = await markDocument(eddie);

  // Eddie invites someone (through the API): the owner's audit log, open in the other browser, shows it at once.
  await owner.page.goto(`/workspaces/${workspace.id}/audit`);
  await liveOpen(owner.page);
  const ownerSameDocument = await markDocument(owner.page);
  const invitee = freshEmail("live-invitee");
  const invitation = { email: invitee, role: "viewer" as const };
  const params = { path: { id: workspace.id } };
  must(await member.api.POST("/workspaces/{id}/invitations", { params, body: invitation }), "invite");
  await expect(owner.page.getByTestId("audit-event").filter({ hasText: invitee })).toHaveCount(1);
  expect(await ownerSameDocument()).toBe(true);
  await owner.page.getByRole("navigation", { name: "Workspace" }).getByRole("link", { name: "Members" }).click();

  // The owner makes Eddie a viewer: Eddie's page says so, and drops the tab a viewer may not see.
  await eddieRow.getByRole("combobox", { name: "Role of Eddie" }).selectOption("viewer");
  await eddieRow.getByRole("button", { name: "Save the role of Eddie" }).click();
  await expect(eddie.getByTestId("my-role")).toHaveText("viewer");
  await expect(invitationsTab).toHaveCount(0);
  await expect(eddie.getByTestId("member").filter({ hasText: member.email })).toContainText("Viewer");
  expect(await sameDocument()).toBe(true);

  // The owner removes Eddie: Eddie's page shows why the workspace is gone, and nothing of it.
  await eddieRow.getByRole("button", { name: "Remove Eddie", exact: true }).click();
  await owner.page
    .getByRole("dialog", { name: "Remove Eddie from Live Works" })
    .getByRole("button", { name: "Remove Eddie from Live Works" })
    .click();
  const removed = eddie.getByRole("heading", { name: "You were removed from “Live Works”" });
  await expect(removed).toBeVisible();
  await expect(removed).toBeFocused();
  await expect(eddie.getByTestId("member")).toHaveCount(0);
  await expect(eddie).toHaveURL(new RegExp(`/workspaces/${workspace.id}$`));
  expect(await sameDocument()).toBe(true);
  await eddie.emulateMedia({ colorScheme: "light" });
  await expectAccessible(eddie);
  await eddie.emulateMedia({ colorScheme: "dark" });
  await expectAccessible(eddie);

  // Back to the list, where the workspace is no longer offered.
  await eddie.getByRole("link", { name: "Back to your workspaces" }).click();
  await expect(eddie).toHaveURL(/\/workspaces$/);
  await expect(eddie.getByRole("link", { name: "Live Works" })).toHaveCount(0);
  await eddieContext.close();
  await owner.context.close();
});

test("an owner sets a member's access end date, confirmed, and clears it again", async ({ browser }) => {
  const { owner, eddieRow } = await ownerWithEddie(browser, "Expiring Works");
  const page = owner.page;
  const day = eddieRow.getByLabel("Access until (for Eddie)");
  const save = eddieRow.getByRole("button", { name: "Save the access end of Eddie" });
  await expect(day).toHaveValue("");
  await expect(save).toHaveCount(0);
  await expect(eddieRow.getByTestId("access-ends")).toHaveCount(0);
  // The owner's own row has no such control: owners never expire.
  const ownerRow = page.getByTestId("member").filter({ hasText: "(you)" });
  await expect(ownerRow.getByLabel(/Access until/)).toHaveCount(0);

  // Picking a day only stages it; Save asks; Cancel in the dialog sends nothing.
  const next = new Date();
  next.setFullYear(next.getFullYear() + 1);
  const pad = (n: number) => String(n).padStart(2, "0");
  const picked = `${next.getFullYear()}-${pad(next.getMonth() + 1)}-${pad(next.getDate())}`;
  await day.fill(picked);
  await save.click();
  const dialog = page.getByRole("dialog", { name: /^End Eddie's access on / });
  await expect(dialog).toContainText("removed from Expiring Works automatically");
  await expectAccessible(page);
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(eddieRow.getByTestId("access-ends")).toHaveCount(0);

  await save.click();
  await dialog.getByRole("button", { name: /^End Eddie's access on / }).click();
  await expect(eddieRow.getByTestId("access-ends")).toContainText(`access until`);
  await expect(eddieRow.getByTestId("access-ends")).toContainText(String(next.getFullYear()));
  await expect(save).toHaveCount(0);
  await expect(day).toHaveValue(picked);
  // It holds across a reload: the server has it.
  await page.reload();
  await expect(eddieRow.getByTestId("access-ends")).toContainText(String(next.getFullYear()));
  await page.emulateMedia({ colorScheme: "dark" });
  await expectAccessible(page);
  await page.emulateMedia({ colorScheme: "light" });

  // Clearing it is staged and confirmed too.
  await eddieRow.getByRole("button", { name: "No end date for Eddie" }).click();
  await save.click();
  const keep = page.getByRole("dialog", { name: "Keep Eddie in Expiring Works with no end date" });
  await keep.getByRole("button", { name: "Keep Eddie in Expiring Works with no end date" }).click();
  await expect(eddieRow.getByTestId("access-ends")).toHaveCount(0);
  await expect(day).toHaveValue("");
  await owner.context.close();
});

/** Eddie's page on the workspace, in a browser of his own, with its socket open and its document marked. */
async function eddieWatching(browser: Parameters<typeof signedUpPage>[0], email: string, workspaceId: string) {
  const { context, page } = await signedInElsewhere(browser, email, `/workspaces/${workspaceId}`);
  await expect(page.getByTestId("my-role")).toHaveText("editor");
  await liveOpen(page);
  return { context, page, sameDocument: await markDocument(page) };
}

/** The screen that replaces a workspace closed to the person: its heading focused, nothing of the workspace left. */
async function expectGoneScreen(page: Page, heading: string, workspaceId: string, timeout?: number) {
  const gone = page.getByRole("heading", { name: heading });
  await expect(gone).toBeVisible({ timeout });
  await expect(gone).toBeFocused();
  await expect(page.getByTestId("member")).toHaveCount(0);
  await expect(page).toHaveURL(new RegExp(`/workspaces/${workspaceId}$`));
  await expectAccessible(page);
}

test("the other page says the workspace was deleted when its owner deletes it, without a reload", async ({
  browser,
}) => {
  const { owner, workspace, member } = await ownerWithEddie(browser, "Doomed Works");
  const eddie = await eddieWatching(browser, member.email, workspace.id);

  await owner.page.goto(`/workspaces/${workspace.id}/settings`);
  await owner.page.getByRole("button", { name: "Delete this workspace" }).click();
  await owner.page
    .getByRole("dialog", { name: "Delete Doomed Works for everyone" })
    .getByRole("button", { name: "Delete Doomed Works for everyone" })
    .click();
  await expect(owner.page).toHaveURL(/\/workspaces$/);

  await expectGoneScreen(eddie.page, "“Doomed Works” was deleted", workspace.id);
  await expect(eddie.page.getByText("An owner deleted it, with its members and invitations.")).toBeVisible();
  expect(await eddie.sameDocument()).toBe(true);
  await eddie.page.getByRole("link", { name: "Back to your workspaces" }).click();
  await expect(eddie.page.getByRole("link", { name: "Doomed Works" })).toHaveCount(0);
  await eddie.context.close();
  await owner.context.close();
});

test("the other page says their access has ended when the workspace's alarm ends it, without a reload", async ({
  browser,
}) => {
  const { owner, workspace, member } = await ownerWithEddie(browser, "Ending Works");
  const eddie = await eddieWatching(browser, member.email, workspace.id);

  // The app's control sets the end of a day; a few seconds ahead is only reachable through the API the app calls.
  // Nothing else makes it happen: the dev server's workspace object runs its own alarm at that time.
  const ownerApi = await apiOfExisting(owner.email);
  const endsAt = new Date(Date.now() + 5_000).toISOString();
  const path = { id: workspace.id, user_id: member.id };
  must(
    await ownerApi.PATCH("/workspaces/{id}/members/{user_id}", { params: { path }, body: { expires_at: endsAt } }),
    "set the end",
  );
  await expect(eddie.page.getByTestId("workspace-gone")).toHaveCount(0);

  await expectGoneScreen(eddie.page, "Your access to “Ending Works” has ended", workspace.id, 30_000);
  expect(Date.now()).toBeGreaterThanOrEqual(Date.parse(endsAt));
  expect(await eddie.sameDocument()).toBe(true);
  // The owner's open members list drops Eddie too, pushed by the same event.
  await expect(owner.page.getByTestId("member").filter({ hasText: member.email })).toHaveCount(0);
  await eddie.context.close();
  await owner.context.close();
});
