/**
 * Readable audit logs (issue 16) in a real browser: each event a sentence naming people, filters by person and
 * action answered by the server, and downloads as JSON and CSV of the events shown.
 */
import { readFile } from "node:fs/promises";
import type { Download } from "@playwright/test";
import { expect, expectAccessible, signedUpPage, test } from "./fixtures";
import { apiOfExisting, must, sharedWorkspace } from "./people";

const text = async (download: Download) => readFile((await download.path()) ?? "", "utf8");

test("the audit tab tells each change as a sentence, filters by person and action, and downloads JSON and CSV", async ({
  browser,
}) => {
  const owner = await signedUpPage(browser, "audit-owner");
  const ownerApi = await apiOfExisting(owner.email);
  const { workspace, member } = await sharedWorkspace(ownerApi, "Audit Works");
  // The role change is set up through the API: what this test reads is the log (workspaces.spec.ts makes one in the page).
  const path = { path: { id: workspace.id, user_id: member.id } };
  must(await ownerApi.PATCH("/workspaces/{id}/members/{user_id}", { params: path, body: { role: "viewer" } }), "role");

  await owner.page.goto(`/workspaces/${workspace.id}/audit`);
  const events = owner.page.getByTestId("audit-event");
  const sentence = `${owner.email} changed ${member.email}'s role from editor to viewer`;
  await expect(events.first()).toContainText(sentence);
  await expect(events.filter({ hasText: `${owner.email} invited ${member.email} as an editor` })).toHaveCount(1);
  await expect(
    events.filter({ hasText: `${member.email} accepted the invitation and joined as an editor` }),
  ).toHaveCount(1);
  await expect(owner.page.getByRole("list", { name: "Audit events" })).not.toContainText(/usr_|inv_|ws_/);
  await expectAccessible(owner.page);

  // By action: only the role change; by person: only what the member did.
  await owner.page.getByLabel("Action", { exact: true }).selectOption({ label: "Role changed" });
  await expect(events).toHaveCount(1);
  await expect(events.first()).toContainText(sentence);
  await owner.page.getByLabel("Action", { exact: true }).selectOption({ label: "Any action" });
  await owner.page.getByLabel("Done by").selectOption({ label: member.email });
  await expect(events).toHaveCount(1);
  await expect(events.first()).toContainText(`${member.email} accepted the invitation`);
  await owner.page.getByLabel("Done by").selectOption({ label: owner.email });
  await expect(events).toHaveCount(3);

  // The downloads hold the events shown (the owner's three), as the page words them.
  const [json] = await Promise.all([
    owner.page.waitForEvent("download"),
    owner.page.getByRole("button", { name: "Download JSON" }).click(),
  ]);
  expect(json.suggestedFilename()).toBe("audit-Audit-Works.json");
  const downloaded = JSON.parse(await text(json)) as { action: string; actor: { email: string }; sentence: string }[];
  expect(downloaded.map((event) => event.action)).toEqual(["role_changed", "invitation_created", "workspace_created"]);
  expect(downloaded[0]?.sentence).toBe(sentence);
  expect(downloaded.every((event) => event.actor.email === owner.email)).toBe(true);

  const [csv] = await Promise.all([
    owner.page.waitForEvent("download"),
    owner.page.getByRole("button", { name: "Download CSV" }).click(),
  ]);
  expect(csv.suggestedFilename()).toBe("audit-Audit-Works.csv");
  const lines = (await text(csv)).trimEnd().split("\r\n");
  expect(lines[0]).toBe("at,action,actor_id,actor_name,actor_email,subject_id,subject_name,subject_email,sentence");
  expect(lines).toHaveLength(4);
  expect(lines[1]).toContain(`,role_changed,`);
  expect(lines[1]).toContain(`,${member.id},,${member.email},${sentence}`);
  expect(lines[3]).toContain(`workspace_created,${(await ownerApi.GET("/me")).data?.id},`);
  await owner.context.close();
});
