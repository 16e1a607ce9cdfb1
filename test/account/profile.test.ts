/**
 * PATCH /api/me through HTTP: names and preferences change only as sent, refused changes change nothing, new
 * names reach the member lists of every workspace the person belongs to and the next refreshed access token.
 */
import { env } from "cloudflare:test";
import { decodeJwt } from "jose";
import { describe, expect, it } from "vitest";
import { deleteAccount, signInAgain } from "../support/account-lifecycle";
import { nextIp } from "../support/auth-inspect";
import { Browser } from "../support/browser";
import { call, newUser, type User } from "../support/http";
import { nextEmail } from "../support/people";
import { refresh, signInWithCode } from "../support/sign-in";
import { addMember, createWorkspace } from "../support/workspaces";

async function userRow(id: string) {
  return env.DB.prepare("select first_name, last_name, preferences, updated_at from users where id = ?")
    .bind(id)
    .first();
}

describe("PATCH /api/me", () => {
  it("changes only what is sent, and GET /api/me shows it", async () => {
    const user = await newUser("profile", { first: "Ada", last: "Byron" });
    const renamed = await call(user, "PATCH", "/me", { first_name: "  Augusta " });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ id: user.id, email: user.email, first_name: "Augusta", last_name: "Byron" });
    expect(renamed.body.preferences).toEqual({});

    const withPreferences = await call(user, "PATCH", "/me", {
      preferences: { theme: "dark", notifications: { invitations: false } },
    });
    expect(withPreferences.status).toBe(200);
    expect(withPreferences.body).toMatchObject({
      first_name: "Augusta",
      last_name: "Byron",
      preferences: { theme: "dark", notifications: { invitations: false } },
    });

    // Preferences merge: a new key joins, a notification setting joins its sibling.
    await call(user, "PATCH", "/me", { preferences: { locale: "pt-BR", notifications: { security: true } } });
    const me = await call(user, "GET", "/me");
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({
      first_name: "Augusta",
      last_name: "Byron",
      preferences: { theme: "dark", locale: "pt-BR", notifications: { invitations: false, security: true } },
    });
  });

  it("keeps both of two preference changes made at the same moment", async () => {
    const user = await newUser("profile-concurrent");
    const answers = await Promise.all([
      call(user, "PATCH", "/me", { preferences: { theme: "dark" } }),
      call(user, "PATCH", "/me", { preferences: { locale: "de" } }),
      call(user, "PATCH", "/me", { preferences: { notifications: { security: false } } }),
      call(user, "PATCH", "/me", { preferences: { notifications: { invitations: true } } }),
    ]);
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200, 200]);
    expect((await call(user, "GET", "/me")).body.preferences).toEqual({
      theme: "dark",
      locale: "de",
      notifications: { security: false, invitations: true },
    });
  });

  it("refuses empty, unknown or invalid changes with 400 validation_failed, changing nothing", async () => {
    const user = await newUser("profile-refused", { first: "Grace", last: "Hopper" });
    await call(user, "PATCH", "/me", { preferences: { theme: "light" } });
    const before = await userRow(user.id);
    for (const body of [
      {},
      { first_name: "" },
      { first_name: "   " },
      { last_name: "a".repeat(101) },
      { first_name: "Eve\u202Eil" },
      { last_name: "line\nbreak" },
      { first_name: 42 },
      { email: "someone-else@example.com" },
      { preferences: { theme: "neon" } },
      { preferences: { colour: "red" } },
      { preferences: { notifications: { marketing: true } } },
      { preferences: { locale: "x".repeat(36) } },
      { preferences: "dark" },
      { first_name: "Fine", preferences: { theme: "neon" } },
    ]) {
      const answer = await call(user, "PATCH", "/me", body);
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(answer.body.code).toBe("validation_failed");
    }
    expect(await userRow(user.id)).toEqual(before);
  });

  it("is refused to an account waiting for purge (it may only read /api/me)", async () => {
    const user = await newUser("profile-deleted", { first: "Still", last: "Here" });
    await deleteAccount(user);
    const again = await signInAgain(user);
    const before = await userRow(user.id);
    const refused = await call(again, "PATCH", "/me", { first_name: "Changed" });
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe("account_deleted");
    expect(await userRow(user.id)).toEqual(before);
  });

  it("needs a signed-in caller", async () => {
    expect((await call(null, "PATCH", "/me", { first_name: "Nobody" })).status).toBe(401);
  });

  it("shows the new names in the member lists of every workspace the person belongs to", async () => {
    const owner = await newUser("profile-owner");
    const member = await newUser("profile-member", { first: "Old", last: "Name" });
    const first = await createWorkspace(owner, "First");
    const second = await createWorkspace(owner, "Second");
    await addMember(owner, first, member, "editor");
    await addMember(owner, second, member, "viewer");
    const own = await createWorkspace(member, "Own"); // where they are the owner

    const changed = await call(member, "PATCH", "/me", { first_name: "Newfirst", last_name: "Newlast" });
    expect(changed.status).toBe(200);

    for (const [viewer, workspaceId] of [
      [owner, first],
      [owner, second],
      [member, own],
    ] as [User, string][]) {
      const list = await call(viewer, "GET", `/workspaces/${workspaceId}/members`);
      expect(list.status).toBe(200);
      const row = (list.body.members as Record<string, unknown>[]).find((m) => m.user_id === member.id);
      expect(row).toMatchObject({ first_name: "Newfirst", last_name: "Newlast" });
      // The search keys follow: the new name finds them, the old one no longer does.
      const found = await call(viewer, "GET", `/workspaces/${workspaceId}/members?q=newf`);
      expect((found.body.members as { user_id: string }[]).map((m) => m.user_id)).toContain(member.id);
      const stale = await call(viewer, "GET", `/workspaces/${workspaceId}/members?q=old`);
      expect((stale.body.members as { user_id: string }[]).map((m) => m.user_id)).not.toContain(member.id);
    }
  });

  it("still succeeds, and refreshes the others, when the index names a workspace that cannot answer", async () => {
    const owner = await newUser("profile-stale-owner");
    const member = await newUser("profile-stale-member", { first: "Before", last: "Change" });
    const workspaceId = await createWorkspace(owner, "Real");
    await addMember(owner, workspaceId, member, "viewer");
    // An index row for a workspace object that was never created (a stale or bad index entry).
    await env.DB.prepare(
      "insert into memberships (user_id, workspace_id, role, joined_at, version) values (?, ?, ?, ?, ?)",
    )
      .bind(member.id, "ws_AAAAAAAAAAAAAAAAAAAAAA", "viewer", new Date().toISOString(), 1)
      .run();
    const changed = await call(member, "PATCH", "/me", { last_name: "After" });
    expect(changed.status).toBe(200);
    const list = await call(owner, "GET", `/workspaces/${workspaceId}/members`);
    const row = (list.body.members as Record<string, unknown>[]).find((m) => m.user_id === member.id);
    expect(row).toMatchObject({ first_name: "Before", last_name: "After" });
  });

  it("puts the new names in the access token issued at the next refresh", async () => {
    const email = nextEmail("profile-token");
    const tokens = await signInWithCode(email, new Browser(nextIp()));
    const user: User = { id: String(decodeJwt(tokens.access_token).sub), email, token: tokens.access_token };
    expect((await call(user, "PATCH", "/me", { first_name: "Refreshed", last_name: "Person" })).status).toBe(200);

    const refreshed = await refresh(tokens.refresh_token);
    expect(refreshed.status).toBe(200);
    const { access_token } = (await refreshed.json()) as { access_token: string };
    expect(decodeJwt(access_token).properties).toMatchObject({ first_name: "Refreshed", last_name: "Person" });
  });
});
