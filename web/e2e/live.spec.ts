/**
 * Issue 17, live workspaces in a real browser: two people on one workspace, each in a browser of their own. The
 * other invites someone, and the owner's audit log shows it; the owner changes the other's role and then removes
 * them; the other's page follows each change and then says they were removed, with no reload. And an owner sets
 * and clears a member's access end date, confirmed like a role change.
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
