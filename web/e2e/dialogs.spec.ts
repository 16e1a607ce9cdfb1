/**
 * Safe changes: a role is changed only by an explicit Save (never by choosing in the select, arrow keys included),
 * making someone an owner names the consequence first, and every destructive action asks in one accessible dialog
 * that names the action and its object, keeps focus inside, and does nothing when dismissed with Escape.
 */
import type { Page } from "@playwright/test";
import { expect, expectAccessible, screenshots, signedUpPage, test } from "./fixtures";
import { apiOfExisting, must, sharedWorkspace } from "./people";

/** An owner on the members tab of `name`, where Eddie (an editor who joined by invitation) is a member. */
async function ownerWithEddie(browser: Parameters<typeof signedUpPage>[0], name: string) {
  const owner = await signedUpPage(browser, "olivia");
  const { workspace, member } = await sharedWorkspace(await apiOfExisting(owner.email), name);
  must(await member.api.PATCH("/me", { body: { first_name: "Eddie" } }), "name Eddie");
  await owner.page.goto(`/workspaces/${workspace.id}`);
  const eddie = owner.page.getByTestId("member").filter({ hasText: member.email });
  await expect(eddie).toContainText("Eddie");
  /** Eddie's role as the server has it now (null once Eddie is no longer a member). */
  const roleOnServer = async () => {
    const answer = await member.api.GET("/workspaces/{id}", { params: { path: { id: workspace.id } } });
    return answer.data?.role ?? null;
  };
  return { owner, workspace, eddie, roleOnServer };
}

/** Counts the role changes the page sends, so a test can say that none went out. */
function countRoleChanges(page: Page) {
  const sent: string[] = [];
  page.on("request", (request) => {
    if (request.method() === "PATCH" && /\/members\//.test(request.url())) sent.push(request.url());
  });
  return sent;
}

test("a role changes only on Save; arrow keys stage it; making an owner says what follows", async ({ browser }) => {
  const { owner, eddie, roleOnServer } = await ownerWithEddie(browser, "Acme");
  const page = owner.page;
  const sent = countRoleChanges(page);
  const select = eddie.getByRole("combobox", { name: "Role of Eddie" });
  const save = eddie.getByRole("button", { name: "Save the role of Eddie" });
  await expect(select).toHaveValue("editor");
  await expect(save).toHaveCount(0);

  // Arrow keys move the choice (owner, editor, viewer) but send nothing.
  await select.focus();
  await page.keyboard.press("ArrowDown");
  await expect(select).toHaveValue("viewer");
  await page.keyboard.press("ArrowUp");
  await page.keyboard.press("ArrowUp");
  await expect(select).toHaveValue("owner");
  await expect(save).toBeVisible();
  await page.waitForTimeout(500); // time for a change to have gone out, had the select sent one
  expect(sent).toEqual([]);
  expect(await roleOnServer()).toBe("editor");
  await expectAccessible(page);

  // Cancel puts the select back; nothing was sent.
  await eddie.getByRole("button", { name: "Cancel the role change of Eddie" }).click();
  await expect(select).toHaveValue("editor");
  await expect(save).toHaveCount(0);
  expect(sent).toEqual([]);

  // Save sends the staged role.
  await select.selectOption("viewer");
  expect(sent).toEqual([]);
  await save.click();
  await expect(save).toHaveCount(0);
  await expect.poll(roleOnServer).toBe("viewer");
  expect(sent).toHaveLength(1);

  // Owner: Save asks first, naming the consequence; Escape leaves the role as it was.
  await select.selectOption("owner");
  await save.click();
  const dialog = page.getByRole("dialog", { name: "Make Eddie an owner of Acme" });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText("Eddie will become an owner and can remove you");
  await page.keyboard.press("Escape");
  await expect(dialog).toHaveCount(0);
  expect(sent).toHaveLength(1);
  expect(await roleOnServer()).toBe("viewer");

  await save.click();
  await dialog.getByRole("button", { name: "Make Eddie an owner of Acme" }).click();
  await expect.poll(roleOnServer).toBe("owner");
  await expect(select).toHaveValue("owner");
  await owner.context.close();
});

test("removing a member asks in a dialog that names them and the workspace, and keeps focus inside", async ({
  browser,
}) => {
  const { owner, eddie, roleOnServer } = await ownerWithEddie(browser, "Acme Works");
  const page = owner.page;
  const remove = eddie.getByRole("button", { name: "Remove Eddie", exact: true });
  await remove.click();
  const dialog = page.getByRole("dialog", { name: "Remove Eddie from Acme Works" });
  await expect(dialog).toBeVisible();
  const cancel = dialog.getByRole("button", { name: "Cancel" });
  const confirm = dialog.getByRole("button", { name: "Remove Eddie from Acme Works" });

  // Focus starts on the harmless choice and Tab cycles between the dialog's two buttons, both ways.
  await expect(cancel).toBeFocused();
  await page.keyboard.press("Tab");
  await expect(confirm).toBeFocused();
  await page.keyboard.press("Tab");
  await expect(cancel).toBeFocused();
  await page.keyboard.press("Shift+Tab");
  await expect(confirm).toBeFocused();
  await expectAccessible(page);
  await screenshots(page, "dialog-remove-member");

  // Escape closes it, acts on nothing, and gives focus back to the button that opened it.
  await page.keyboard.press("Escape");
  await expect(dialog).toHaveCount(0);
  await expect(remove).toBeFocused();
  expect(await roleOnServer()).toBe("editor");

  // Cancel too.
  await remove.click();
  await cancel.click();
  await expect(dialog).toHaveCount(0);
  expect(await roleOnServer()).toBe("editor");

  // Only the confirm button acts.
  await remove.click();
  await confirm.click();
  await expect(eddie).toHaveCount(0);
  expect(await roleOnServer()).toBeNull();
  await owner.context.close();
});

test("deleting a workspace asks first, and Escape keeps it", async ({ browser }) => {
  const { owner, workspace } = await ownerWithEddie(browser, "Doomed Co");
  const page = owner.page;
  const ownerApi = await apiOfExisting(owner.email);
  const exists = async () =>
    (await ownerApi.GET("/workspaces/{id}", { params: { path: { id: workspace.id } } })).response.ok;
  await page.getByRole("link", { name: "Settings" }).click();
  await page.getByRole("button", { name: "Delete this workspace" }).click();
  const dialog = page.getByRole("dialog", { name: "Delete Doomed Co for everyone" });
  await expect(dialog).toContainText("cannot be undone");
  await expectAccessible(page);
  await page.keyboard.press("Escape");
  await expect(dialog).toHaveCount(0);
  expect(await exists()).toBe(true);

  await page.getByRole("button", { name: "Delete this workspace" }).click();
  await dialog.getByRole("button", { name: "Delete Doomed Co for everyone" }).click();
  await expect(page).toHaveURL(/\/workspaces$/);
  expect(await exists()).toBe(false);
  await owner.context.close();
});
