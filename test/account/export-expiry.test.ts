/**
 * `GET /api/me/export` shows, for each workspace membership, when the person's access ends (`expires_at`, decision
 * 0028), whichever way an owner set it (on the member, or on the invitation they accepted), and null when it does
 * not end or once the owner cleared it.
 */
import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { call, newUser, type User } from "../support/http";
import { addMember, createWorkspace, invitationToken, snapshot } from "../support/workspaces";

const DAY = 24 * 60 * 60 * 1000;
const inDays = (days: number) => new Date(Date.now() + days * DAY).toISOString();

type Exported = { workspaces: { workspace: { id: string }; membership: { expires_at: string | null } | null }[] };

/** Per workspace in the export: its membership's `expires_at`, or "no membership" (left, only invited). */
async function accessEnds(user: User): Promise<Record<string, string | null>> {
  const response = await SELF.fetch("http://localhost/api/me/export", {
    headers: { authorization: `Bearer ${user.token}` },
  });
  expect(response.status).toBe(200);
  const document = (await response.json()) as Exported;
  return Object.fromEntries(
    document.workspaces.map((entry) => [
      entry.workspace.id,
      entry.membership ? entry.membership.expires_at : "no membership",
    ]),
  );
}

/** `me` is a viewer of the first owner's workspace, joined the second's by an invitation that ends, and owns one. */
async function personWithThreeMemberships() {
  const [me, first, second] = [await newUser("export-expiry"), await newUser("owner-a"), await newUser("owner-b")];
  const [setOnMember, setOnInvitation, owned] = [
    await createWorkspace(first, "Set on the member"),
    await createWorkspace(second, "Set on the invitation"),
    await createWorkspace(me, "Mine"),
  ];
  await addMember(first, setOnMember, me, "viewer");
  const memberEnd = inDays(30);
  const set = await call(first, "PATCH", `/workspaces/${setOnMember}/members/${me.id}`, { expires_at: memberEnd });
  expect(set.status).toBe(200);
  const invitationEnd = inDays(60);
  const invited = await call(second, "POST", `/workspaces/${setOnInvitation}/invitations`, {
    email: me.email,
    role: "editor",
    expires_at: invitationEnd,
  });
  expect(invited.status).toBe(201);
  const accepted = await call(me, "POST", "/invitations/accept", { token: await invitationToken(me.email) });
  expect(accepted.status).toBe(200);
  return { me, first, setOnMember, setOnInvitation, owned, memberEnd, invitationEnd };
}

describe("the export's access end per membership", () => {
  it("shows each membership's expires_at, set on the member or on the invitation, and null when none", async () => {
    const { me, setOnMember, setOnInvitation, owned, memberEnd, invitationEnd } = await personWithThreeMemberships();
    expect(await accessEnds(me)).toEqual({
      [setOnMember]: memberEnd,
      [setOnInvitation]: invitationEnd,
      [owned]: null,
    });
  });

  it("is the same asked again and asked twice at once, and asking changes nothing", async () => {
    const { me, setOnMember, setOnInvitation } = await personWithThreeMemberships();
    const before = [await snapshot(setOnMember), await snapshot(setOnInvitation)];
    const once = await accessEnds(me);
    expect(await accessEnds(me)).toEqual(once);
    expect(await Promise.all([accessEnds(me), accessEnds(me)])).toEqual([once, once]);
    expect([await snapshot(setOnMember), await snapshot(setOnInvitation)]).toEqual(before);
  });

  it("is null again once the owner clears it, and the membership is gone once the person leaves", async () => {
    const { me, first, setOnMember, setOnInvitation, owned } = await personWithThreeMemberships();
    const cleared = await call(first, "PATCH", `/workspaces/${setOnMember}/members/${me.id}`, { expires_at: null });
    expect(cleared.status).toBe(200);
    const left = await call(me, "DELETE", `/workspaces/${setOnInvitation}/members/${me.id}`);
    expect(left.status).toBe(204);
    // A workspace left still names the person (its audit events), with no membership and so no access end.
    expect(await accessEnds(me)).toEqual({ [setOnMember]: null, [setOnInvitation]: "no membership", [owned]: null });
  });
});
