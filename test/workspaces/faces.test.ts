/**
 * People, not addresses, through HTTP: member lists and the admin list carry each person's avatar (null when they
 * have none, so the app shows initials), and an invitation's preview names who sent it, by name and email.
 */
import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { signIn, signInAdmin } from "../support/admin";
import { call, newUser, type User } from "../support/http";
import { PNG_1X1 } from "../support/images";
import { addMember, createWorkspace, invitationToken, invite } from "../support/workspaces";

async function uploadAvatar(user: User): Promise<string> {
  const response = await SELF.fetch("http://localhost/api/me/avatar", {
    method: "PUT",
    headers: { authorization: `Bearer ${user.token}` },
    body: PNG_1X1,
  });
  expect(response.status).toBe(200);
  return ((await response.json()) as { avatar_url: string }).avatar_url;
}

describe("faces in lists", () => {
  it("lists each member with their avatar, or null when they have none", async () => {
    const owner = await newUser("face-owner", { first: "Olga", last: "Owner" });
    const plain = await newUser("face-plain");
    const id = await createWorkspace(owner, "Faces");
    await addMember(owner, id, plain, "viewer");
    const avatarUrl = await uploadAvatar(owner);

    const listed = await call(owner, "GET", `/workspaces/${id}/members`);
    expect(listed.status).toBe(200);
    const members = listed.body.members as { user_id: string; avatar_url: string | null }[];
    expect(members.find((m) => m.user_id === owner.id)?.avatar_url).toBe(avatarUrl);
    expect(members.find((m) => m.user_id === plain.id)?.avatar_url).toBeNull();
    expect((await SELF.fetch(`http://localhost${avatarUrl}`)).status).toBe(200);
  });

  it("shows the admin each account's avatar, or null", async () => {
    const admin = await signInAdmin();
    const pictured = await signIn(`face-admin-${crypto.randomUUID().slice(0, 8)}@example.com`);
    const avatarUrl = await uploadAvatar(pictured);
    const plain = await signIn(`face-admin-${crypto.randomUUID().slice(0, 8)}@example.com`);
    const avatarOf = async (email: string) => {
      const page = await call(admin, "GET", `/admin/users?q=${encodeURIComponent(email)}`);
      expect(page.status).toBe(200);
      return (page.body.users as { email: string; avatar_url: string | null }[]).find((u) => u.email === email)
        ?.avatar_url;
    };
    expect(await avatarOf(pictured.email)).toBe(avatarUrl);
    expect(await avatarOf(plain.email)).toBeNull();
  });
});

describe("POST /api/invitations/lookup", () => {
  it("names the inviter by name and email, and by email alone when they have no name", async () => {
    const named = await newUser("face-named", { first: "Nora", last: "Named" });
    const nameless = await newUser("face-nameless");
    const id = await createWorkspace(named, "Introductions");
    await addMember(named, id, nameless, "editor");

    await invite(named, id, "face-guest-1@example.com", "viewer");
    const fromNamed = await call(null, "POST", "/invitations/lookup", {
      token: await invitationToken("face-guest-1@example.com"),
    });
    expect(fromNamed.body.invited_by).toEqual({ first_name: "Nora", last_name: "Named", email: named.email });

    await invite(nameless, id, "face-guest-2@example.com", "viewer");
    const fromNameless = await call(null, "POST", "/invitations/lookup", {
      token: await invitationToken("face-guest-2@example.com"),
    });
    expect(fromNameless.body.invited_by).toEqual({ first_name: "", last_name: "", email: nameless.email });
  });
});
