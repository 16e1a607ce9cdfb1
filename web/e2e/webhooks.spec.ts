/**
 * Issue 21 in a real browser: an owner adds a webhook endpoint (a refused address said beside its field first), sees
 * its secret once and copies it; a member's role change reaches a receiver on this machine, which verifies it with
 * the `standardwebhooks` package, and the delivery log shows it; a test ping, a rotation (both secrets sign), a
 * failing receiver (its attempt logged as failing, then Retry delivers the same message), turning it off and on,
 * editing and deleting it (confirmed in a dialog). An editor is offered no webhooks.
 */
import type { Locator } from "@playwright/test";
import { expect, expectAccessible, latestMessage, origin, screenshots, signedUpPage, test } from "./fixtures";
import { apiOfExisting, must } from "./people";
import { receivedOf, sharedReceiver, verifiedWith } from "./webhook-receiver";

const receiver = sharedReceiver();

/** The log's newest row, once it is of `type` and shows `status` (the log is refreshed until it does). */
async function newestDelivery(row: Locator, type: string, status: RegExp) {
  const newest = row.getByTestId("webhook-delivery").first();
  await expect(async () => {
    await row.getByRole("button", { name: "Refresh" }).click({ timeout: 5_000 });
    await expect(newest.locator('td[data-label="Event"]')).toHaveText(type, { timeout: 2_000 });
    await expect(newest.getByTestId("delivery-status")).toHaveText(status, { timeout: 2_000 });
  }).toPass({ timeout: 30_000 });
  return newest;
}

test("an owner's webhook gets signed, logged deliveries, retried after a failure; an editor sees none", async ({
  browser,
}) => {
  const owner = await signedUpPage(browser, "hook-owner");
  await owner.page.getByLabel("New workspace name").fill("Kestrel");
  await owner.page.getByRole("button", { name: "Create workspace" }).click();
  await expect(owner.page.getByRole("heading", { level: 1, name: "Kestrel" })).toBeVisible();
  const id = new URL(owner.page.url()).pathname.split("/")[2] ?? "";

  // A second member, an editor, who joins by the emailed invitation (through the API: not what is tested here).
  const editor = await signedUpPage(browser, "hook-editor");
  const ownerApi = await apiOfExisting(owner.email);
  const invitation = { email: editor.email, role: "editor" as const };
  must(await ownerApi.POST("/workspaces/{id}/invitations", { params: { path: { id } }, body: invitation }), "invite");
  const mail = await latestMessage(editor.email, /invited to join a workspace/);
  const editorApi = await apiOfExisting(editor.email);
  const token = /\/invite#([^\s"<>]+)/.exec(mail.text)?.[1] ?? "";
  must(await editorApi.POST("/invitations/accept", { body: { token } }), "accept");
  const editorId = must(await editorApi.GET("/me"), "me").id;
  const changeRole = async (role: "viewer" | "editor") =>
    must(
      await ownerApi.PATCH("/workspaces/{id}/members/{user_id}", {
        params: { path: { id, user_id: editorId } },
        body: { role },
      }),
      "role change",
    );

  const page = owner.page;
  await page.getByRole("navigation", { name: "Workspace" }).getByRole("link", { name: "Webhooks" }).click();
  await expect(page.getByText("No endpoints yet.")).toBeVisible();

  // A private address is refused in words beside the field, and nothing is added.
  await page.getByLabel("Endpoint URL").fill("http://10.0.0.1/hooks");
  await page.getByRole("button", { name: "Add endpoint" }).click();
  await expect(page.getByText("Webhooks can only go to https:// addresses on the public internet.")).toBeVisible();
  await expect(page.getByText("No endpoints yet.")).toBeVisible();

  // Added for role changes only: the secret is shown once, and copied.
  await page.getByLabel("Endpoint URL").fill(receiver().url);
  await page.getByLabel("Description (optional)").fill("CRM sync");
  await page.getByLabel("Only the events I choose").check();
  await page.getByLabel("member.role_changed").check();
  await page.getByRole("button", { name: "Add endpoint" }).click();
  const secretBox = page.getByTestId("webhook-secret");
  await expect(secretBox).toContainText("you will not see it again");
  const secret = await page.getByLabel("Signing secret").inputValue();
  expect(secret).toMatch(/^whsec_[A-Za-z0-9+/=]{40,}$/);
  await owner.context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: origin() });
  await page.getByRole("button", { name: "Copy secret" }).click();
  await expect(page.getByText("Copied.")).toBeVisible();
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);
  const row = page.getByTestId("webhook");
  await expect(row).toContainText(receiver().url);
  await expect(row).toContainText("CRM sync");
  await expect(row).toContainText("Only member.role_changed");
  await expect(row.getByTestId("webhook-state")).toHaveText("On");
  await expectAccessible(page);
  await page.getByRole("button", { name: "I have saved it" }).click();
  await expect(secretBox).toHaveCount(0);
  await page.reload();
  await expect(row).toBeVisible();
  expect(await page.content()).not.toContain(secret);

  // A member change: delivered, verified by the receiver, and in the log.
  await changeRole("viewer");
  const [first] = await receivedOf(receiver(), "member.role_changed", 1);
  expect(first && verifiedWith(first, secret)).toBe(true);
  expect(first?.event.data).toMatchObject({ workspace_id: id, user_id: editorId });
  await row.getByRole("button", { name: "Deliveries", exact: true }).click();
  const delivered = await newestDelivery(row, "member.role_changed", /^Delivered$/);
  await expect(delivered.getByTestId("delivery-response")).toHaveText("HTTP 204");
  await expectAccessible(page);
  await screenshots(page, "webhooks");

  // A test ping, signed the same way.
  await row.getByRole("button", { name: "Send a test" }).click();
  const [ping] = await receivedOf(receiver(), "ping", 1);
  expect(ping && verifiedWith(ping, secret)).toBe(true);
  await newestDelivery(row, "ping", /^Delivered$/);

  // Rotation, explained before it is done: the next delivery is signed with both secrets.
  await row.getByRole("button", { name: "Rotate secret" }).click();
  const rotateDialog = page.getByRole("dialog", { name: /^Rotate the signing secret of CRM sync/ });
  await expect(rotateDialog).toContainText("For the next 24 hours every delivery is signed with both");
  await rotateDialog.getByRole("button", { name: "Rotate secret" }).click();
  await expect(secretBox).toContainText("The old secret keeps signing beside it until");
  const newSecret = await page.getByLabel("Signing secret").inputValue();
  expect(newSecret).toMatch(/^whsec_/);
  expect(newSecret).not.toBe(secret);
  await page.getByRole("button", { name: "I have saved it" }).click();
  await changeRole("editor");
  const [, rotated] = await receivedOf(receiver(), "member.role_changed", 2);
  expect(rotated?.signatures).toHaveLength(2);
  expect(rotated && verifiedWith(rotated, secret) && verifiedWith(rotated, newSecret)).toBe(true);

  // A failing receiver: the attempt is logged with its answer and a next attempt; Retry sends the same message.
  receiver().failing = true;
  await changeRole("viewer");
  const [, , failed] = await receivedOf(receiver(), "member.role_changed", 3);
  expect(failed?.answered).toBe(500);
  const failing = await newestDelivery(row, "member.role_changed", /^Failing: 1 attempt so far/);
  await expect(failing.getByTestId("delivery-response")).toHaveText("HTTP 500");
  await expect(failing.locator('td[data-label="Next attempt"]')).not.toHaveText("–");
  await expectAccessible(page);
  receiver().failing = false;
  await failing.getByRole("button", { name: /^Retry the member\.role_changed delivery/ }).click();
  const [, , , retried] = await receivedOf(receiver(), "member.role_changed", 4);
  expect(retried?.id).toBe(failed?.id);
  expect(retried && verifiedWith(retried, newSecret)).toBe(true);
  await newestDelivery(row, "member.role_changed", /^Delivered after 2 attempts$/);

  // Off and on again, and why it is off; an edit.
  await row.getByRole("button", { name: "Turn off" }).click();
  await expect(row.getByTestId("webhook-state")).toHaveText("Off");
  await expect(row.getByTestId("webhook-off-reason")).toContainText("Turned off by an owner");
  await row.getByRole("button", { name: "Turn on" }).click();
  await expect(row.getByTestId("webhook-state")).toHaveText("On");
  await row.getByRole("button", { name: "Edit", exact: true }).click();
  await row.getByLabel("Description (optional)").fill("CRM sync (staging)");
  await row.getByRole("button", { name: "Save endpoint" }).click();
  await expect(row).toContainText("CRM sync (staging)");
  await expect(row.getByRole("button", { name: "Save endpoint" })).toHaveCount(0);

  // The editor (an editor again) is offered no webhooks, and the tab's address tells them why.
  await changeRole("editor");
  await editor.page.goto(`/workspaces/${id}`);
  const tabs = editor.page.getByRole("navigation", { name: "Workspace" });
  await expect(editor.page.getByTestId("my-role")).toHaveText("editor");
  await expect(tabs.getByRole("link", { name: "Members" })).toBeVisible();
  await expect(tabs.getByRole("link", { name: "Webhooks" })).toHaveCount(0);
  await editor.page.goto(`/workspaces/${id}/webhooks`);
  await expect(editor.page.getByTestId("webhooks-owners-only")).toBeVisible();
  await expect(editor.page.getByRole("button", { name: "Add endpoint" })).toHaveCount(0);

  // Paging: 20 more pings (through the API) make 25 deliveries; the log shows 20, then the older ones.
  const webhookId = must(await ownerApi.GET("/workspaces/{id}/webhooks", { params: { path: { id } } }), "list")
    .webhooks[0]?.id;
  for (let ping = 0; ping < 20; ping++) {
    const path = { id, webhook_id: webhookId ?? "" };
    must(await ownerApi.POST("/workspaces/{id}/webhooks/{webhook_id}/test", { params: { path } }), "ping");
  }
  await receivedOf(receiver(), "ping", 21);
  await receivedOf(receiver(), "member.role_changed", 5);
  await newestDelivery(row, "ping", /^Delivered$/);
  await expect(row.getByTestId("webhook-delivery")).toHaveCount(20);
  await row.getByRole("button", { name: "Show older deliveries" }).click();
  await expect(row.getByTestId("webhook-delivery")).toHaveCount(25);
  await expect(row.getByRole("button", { name: "Show older deliveries" })).toHaveCount(0);

  // Deleting asks first.
  await row.getByRole("button", { name: `Delete the endpoint ${receiver().url}` }).click();
  const deleteDialog = page.getByRole("dialog", { name: "Delete the endpoint CRM sync (staging)" });
  await expect(deleteDialog).toContainText("its delivery log is deleted");
  await deleteDialog.getByRole("button", { name: "Delete the endpoint CRM sync (staging)" }).click();
  await expect(page.getByText("No endpoints yet.")).toBeVisible();
});
