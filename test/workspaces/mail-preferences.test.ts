/**
 * The notification preferences decide which mail is sent, through HTTP: an invited person whose account turned
 * invitation mail off gets none (the invitation stands, marked `withheld`), on the invitation and on every resend;
 * an address with no account always gets it; turning the mail back on lets the next resend through. Security
 * changes are mailed whatever the preferences say (test/account/security-mail.test.ts).
 */
import { describe, expect, it } from "vitest";
import { call, newUser, type User } from "../support/http";
import { mailbox } from "../support/sign-in";
import { createWorkspace, invite } from "../support/workspaces";

async function setInvitationMail(user: User, on: boolean) {
  const changed = await call(user, "PATCH", "/me", { preferences: { notifications: { invitations: on } } });
  expect(changed.status).toBe(200);
  expect(changed.body.preferences).toMatchObject({ notifications: { invitations: on } });
}

async function invitationOf(owner: User, workspaceId: string, email: string) {
  const listed = await call(owner, "GET", `/workspaces/${workspaceId}/invitations`);
  expect(listed.status).toBe(200);
  return (listed.body.invitations as { id: string; email: string; delivery: string }[]).find((i) => i.email === email);
}

describe("invitation mail and the invited person's preference", () => {
  it("sends none to an account that turned invitation mail off, on inviting and on resending", async () => {
    const owner = await newUser("pref-owner");
    const quiet = await newUser("pref-quiet");
    await setInvitationMail(quiet, false);
    const id = await createWorkspace(owner, "Quiet Co");
    const mailsBefore = (await mailbox(quiet.email)).length;

    const invited = await invite(owner, id, quiet.email, "viewer");
    expect(invited.status).toBe(201);
    expect(invited.body).toMatchObject({ status: "pending", delivery: "withheld" });
    expect((await invitationOf(owner, id, quiet.email))?.delivery).toBe("withheld");

    const resent = await call(owner, "POST", `/workspaces/${id}/invitations/${invited.body.id}/resend`);
    expect(resent.status).toBe(200);
    expect(resent.body.delivery).toBe("withheld");
    expect((await mailbox(quiet.email)).length).toBe(mailsBefore);
  });

  it("sends the next resend once the person turns invitation mail back on", async () => {
    const owner = await newUser("pref-owner");
    const quiet = await newUser("pref-again");
    await setInvitationMail(quiet, false);
    const id = await createWorkspace(owner, "Second Thoughts");
    const invited = await invite(owner, id, quiet.email, "editor");
    expect(invited.body.delivery).toBe("withheld");
    const mailsBefore = (await mailbox(quiet.email)).length;

    await setInvitationMail(quiet, true);
    const resent = await call(owner, "POST", `/workspaces/${id}/invitations/${invited.body.id}/resend`);
    expect(resent.status).toBe(200);
    expect((await invitationOf(owner, id, quiet.email))?.delivery).toBe("sent");
    const mails = await mailbox(quiet.email);
    expect(mails.length).toBe(mailsBefore + 1);
    expect(mails[0]?.subject).toBe("You are invited to join a workspace");
  });

  it("mails an account that left the preference alone or turned it on, and an address with no account", async () => {
    const owner = await newUser("pref-owner");
    const untouched = await newUser("pref-default");
    const keen = await newUser("pref-keen");
    await setInvitationMail(keen, true);
    const stranger = `pref-stranger-${crypto.randomUUID().slice(0, 8)}@example.com`;
    const id = await createWorkspace(owner, "Open Door");
    for (const email of [untouched.email, keen.email, stranger]) {
      const before = (await mailbox(email)).length;
      const invited = await invite(owner, id, email, "viewer");
      expect(invited.status).toBe(201);
      expect((await invitationOf(owner, id, email))?.delivery).toBe("sent");
      expect((await mailbox(email)).length).toBe(before + 1);
    }
  });
});
