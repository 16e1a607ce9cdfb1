/**
 * Issue 21's admin side in a real browser (decision 0037): a platform admin adds an endpoint for account events at
 * /admin/webhooks (the secret shown once), a new person's sign-up and a change of their name reach a receiver on this
 * machine, verified with the `standardwebhooks` package, ids only; the delivery log shows them, a test ping is sent,
 * the endpoint is turned off (then a change sends nothing) and deleted. A person who is not an admin gets no page.
 *
 * On a dev server of its own (private-app.ts), where the admin has two-factor on already.
 */
import { signUpWithPassword } from "../../test/support/sign-in-client";
import { expect, expectAccessible, freshEmail, PASSWORD, screenshots, test } from "./fixtures";
import { ADMIN, contextOf, EDITOR, sharedPrivateApp, withPage } from "./private-app";
import { receivedOf, sharedReceiver, verifiedWith } from "./webhook-receiver";

const world = sharedPrivateApp();
test.describe.configure({ timeout: 240_000 });

const receiver = sharedReceiver();

/** A new person signs up and names themselves through the API (what is tested is what the admin's endpoint hears). */
async function newPersonNamed(firstName: string) {
  const tokens = await signUpWithPassword(world().origin, freshEmail("account-event"), PASSWORD);
  const me = await fetch(`${world().origin}/api/me`, {
    method: "PATCH",
    headers: { authorization: `Bearer ${tokens.access_token}`, "content-type": "application/json" },
    body: JSON.stringify({ first_name: firstName }),
  });
  expect(me.status).toBe(200);
  return ((await me.json()) as { id: string }).id;
}

test("an admin's endpoint gets signed account events, with a log, a test ping, off and delete", async ({ browser }) => {
  await withPage(await contextOf(browser, world(), "light", ADMIN.email), async (page) => {
    await page.goto("/admin/users");
    await page.getByRole("navigation", { name: "Administration" }).getByRole("link", { name: "Webhooks" }).click();
    await expect(page).toHaveURL(/\/admin\/webhooks$/);
    await expect(page.getByText("No endpoints yet.")).toBeVisible();

    // The account events are the ones offered; added for user.created and user.updated.
    await page.getByLabel("Endpoint URL").fill(receiver().url);
    await page.getByLabel("Description (optional)").fill("Directory sync");
    await page.getByLabel("Only the events I choose").check();
    await expect(page.getByLabel("member.role_changed")).toHaveCount(0);
    await page.getByLabel("user.created").check();
    await page.getByLabel("user.updated").check();
    await page.getByRole("button", { name: "Add endpoint" }).click();
    await expect(page.getByTestId("webhook-secret")).toContainText("you will not see it again");
    const secret = await page.getByLabel("Signing secret").inputValue();
    expect(secret).toMatch(/^whsec_/);
    await expectAccessible(page);
    await page.getByRole("button", { name: "I have saved it" }).click();
    const row = page.getByTestId("webhook");
    await expect(row).toContainText("Directory sync");
    await expect(row.getByTestId("webhook-state")).toHaveText("On");

    // A sign-up and a change of name: each delivered once, signed, naming the person by id only.
    const userId = await newPersonNamed("Quinn");
    const [created] = await receivedOf(receiver(), "user.created", 1);
    const [updated] = await receivedOf(receiver(), "user.updated", 1);
    for (const delivery of [created, updated]) {
      expect(delivery && verifiedWith(delivery, secret)).toBe(true);
      expect(delivery?.event.data.user_id).toBe(userId);
      expect(delivery?.body).not.toContain("Quinn");
      expect(delivery?.body).not.toContain("@");
    }
    await row.getByRole("button", { name: "Deliveries", exact: true }).click();
    await expect(async () => {
      await row.getByRole("button", { name: "Refresh" }).click({ timeout: 5_000 });
      await expect(row.getByTestId("webhook-delivery")).toHaveCount(2, { timeout: 2_000 });
    }).toPass({ timeout: 30_000 });
    await expect(row.getByTestId("delivery-status").first()).toHaveText("Delivered");
    // With an endpoint and its log open: nothing scrolls sideways on a phone.
    await screenshots(page, "admin-webhooks");

    // A test ping, signed the same way.
    await row.getByRole("button", { name: "Send a test" }).click();
    const [ping] = await receivedOf(receiver(), "ping", 1);
    expect(ping && verifiedWith(ping, secret)).toBe(true);

    // Off: a new person's sign-up is not sent to it.
    await row.getByRole("button", { name: "Turn off" }).click();
    await expect(row.getByTestId("webhook-state")).toHaveText("Off");
    await newPersonNamed("Rowan");
    await page.waitForTimeout(3_000);
    expect(receiver().received.filter((delivery) => delivery.event?.type === "user.created")).toHaveLength(1);

    // Deleting asks first.
    await row.getByRole("button", { name: `Delete the endpoint ${receiver().url}` }).click();
    const dialog = page.getByRole("dialog", { name: "Delete the endpoint Directory sync" });
    await dialog.getByRole("button", { name: "Delete the endpoint Directory sync" }).click();
    await expect(page.getByText("No endpoints yet.")).toBeVisible();
  });
});

test("a person who is not a platform admin gets no webhooks page", async ({ browser }) => {
  await withPage(await contextOf(browser, world(), "light", EDITOR.email), async (page) => {
    await page.goto("/admin/webhooks");
    await expect(page.getByText("These pages are for platform admins.")).toBeVisible();
    await expect(page.getByRole("button", { name: "Add endpoint" })).toHaveCount(0);
  });
});
