/**
 * DELETE /api/admin/users/:id: a soft delete as DELETE /api/me does (sole owner and last admin refused, nothing
 * changed), a hard delete through the same purge, both on the platform audit log, which still verifies once the
 * purge has put the pseudonym in place of the person.
 */
import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { accountTables, d1Tables, tracesOf, uploadAvatar } from "../support/account-lifecycle";
import {
  type AuditEventBody,
  expectAdminRefused,
  latestAdminEvent,
  makeAdmin,
  signInAdmin,
  userRow,
} from "../support/admin";
import { call, newUser, type User } from "../support/http";
import { inAccount } from "../support/two-factor";
import { addMember, createWorkspace } from "../support/workspaces";

let admin: User;

beforeAll(async () => {
  admin = await signInAdmin();
});

async function adminEvents(): Promise<AuditEventBody[]> {
  const page = await call(admin, "GET", "/admin/audit?limit=100");
  expect(page.status).toBe(200);
  return page.body.events as AuditEventBody[];
}

describe("DELETE /api/admin/users/:id: refused", () => {
  it("is 403 for a non-admin and 401 without a token, changing nothing", async () => {
    const person = await newUser("adm-del-target");
    const stranger = await newUser("adm-del-stranger");
    await expectAdminRefused(stranger, "DELETE", `/admin/users/${person.id}`, 403, "forbidden", { watch: [person.id] });
    await expectAdminRefused(null, "DELETE", `/admin/users/${person.id}`, 401, "unauthorized", { watch: [person.id] });
  });

  it("is 409 sole_owner, listing the workspaces, as DELETE /api/me is", async () => {
    const owner = await newUser("adm-del-sole");
    const colleague = await newUser("adm-del-colleague");
    const workspaceId = await createWorkspace(owner, "Held");
    await addMember(owner, workspaceId, colleague, "editor");
    for (const path of [`/admin/users/${owner.id}`, `/admin/users/${owner.id}?hard=true`]) {
      const refused = await expectAdminRefused(admin, "DELETE", path, 409, "sole_owner", { watch: [owner.id] });
      expect(refused.body.workspaces).toEqual([{ id: workspaceId, name: "Held", member_count: 2 }]);
    }
  });

  it("is 409 last_admin for the last admin who can act, and 400 for a bad hard or id, 404 for nobody", async () => {
    const only = await makeAdmin(admin, await newUser("adm-del-only"));
    const admins = await call(only, "GET", "/admin/users?platform_role=admin&limit=100");
    for (const other of admins.body.users as { id: string }[]) {
      if (other.id !== only.id) await call(only, "PATCH", `/admin/users/${other.id}`, { platform_role: "user" });
    }
    await expectAdminRefused(only, "DELETE", `/admin/users/${only.id}`, 409, "last_admin", { watch: [only.id] });
    // Deleting one's own account is held to the same rule.
    await expectAdminRefused(only, "DELETE", "/me", 409, "last_admin", {
      body: { confirm: only.email },
      watch: [only.id],
    });
    await expectAdminRefused(only, "DELETE", `/admin/users/${only.id}?hard=yes`, 400, "validation_failed");
    await expectAdminRefused(only, "DELETE", "/admin/users/usr_nobody", 404, "not_found");
    // Hand the role back so the other tests' admin can act.
    expect((await call(only, "PATCH", `/admin/users/${admin.id}`, { platform_role: "admin" })).status).toBe(200);
  });

  it("needs a recent sign-in when an admin deletes themself", async () => {
    const self = await makeAdmin(admin, await newUser("adm-del-self"));
    const at = new Date(Date.now() - 11 * 60_000).toISOString();
    await inAccount(self.id, (sql) => sql.exec("UPDATE sessions SET authenticated_at = ?", at));
    await expectAdminRefused(self, "DELETE", `/admin/users/${self.id}`, 403, "reauthentication_required");
  });
});

describe("DELETE /api/admin/users/:id: allowed", () => {
  it("soft: ends every session, answers when the purge happens, and records it", async () => {
    const person = await newUser("adm-del-soft");
    const answer = await call(admin, "DELETE", `/admin/users/${person.id}`);
    expect(answer.status).toBe(202);
    const purgeAfter = answer.body.purge_after as string;
    expect(Date.parse(purgeAfter) - Date.now()).toBeGreaterThan(29 * 24 * 60 * 60 * 1000);
    expect((await call(person, "GET", "/me")).status).toBe(401);
    expect((await userRow(person.id))?.deleted_at).toBeTruthy();
    const event = await latestAdminEvent(admin);
    expect(event).toMatchObject({ actor_id: admin.id, action: "user_deleted", target: person.id });
    const listed = await call(admin, "GET", `/admin/users?q=${encodeURIComponent(person.email)}&status=deleted`);
    expect((listed.body.users as { id: string }[]).map((user) => user.id)).toEqual([person.id]);
    // Again: the same date.
    const again = await call(admin, "DELETE", `/admin/users/${person.id}`);
    expect([again.status, again.body.purge_after]).toEqual([202, purgeAfter]);
  });

  it("hard: purges at once, leaving the platform audit log naming only the pseudonym, and valid", async () => {
    const person = await newUser("adm-del-hard");
    await uploadAvatar(person);
    const workspaceId = await createWorkspace(person, "Only mine");
    expect((await call(admin, "PATCH", `/admin/users/${person.id}`, { first_name: "Hardy" })).status).toBe(200);
    const answer = await call(admin, "DELETE", `/admin/users/${person.id}?hard=true`);
    expect(answer.status).toBe(204);
    expect(await userRow(person.id)).toBeUndefined();
    expect(tracesOf(await d1Tables(), [person.id, person.email])).toEqual([]);
    expect(await env.DB.prepare("select count(*) as n from workspaces where id = ?").bind(workspaceId).first("n")).toBe(
      0,
    );
    const events = await adminEvents();
    const purged = events.find((event) => event.action === "user_purged");
    expect(purged?.target).toMatch(/^deleted_/);
    expect(events.filter((event) => event.target === purged?.target).map((event) => event.action)).toEqual(
      expect.arrayContaining(["user_purged", "user_purged_now", "user_updated"]),
    );
    expect((await call(admin, "GET", "/admin/audit/verify")).body.valid).toBe(true);
    expect((await call(admin, "GET", `/admin/users/${person.id}`)).status).toBe(404);
  });

  it("two hard deletes at once share one purge: no error, nothing left, the logs valid", async () => {
    const owner = await newUser("adm-del-twice-owner");
    const person = await newUser("adm-del-twice");
    const workspaceId = await createWorkspace(owner, "Twice");
    await addMember(owner, workspaceId, person, "editor");
    const answers = await Promise.all([1, 2].map(() => call(admin, "DELETE", `/admin/users/${person.id}?hard=true`)));
    for (const answer of answers) expect([204, 404], JSON.stringify(answer.body)).toContain(answer.status);
    expect(answers.some((answer) => answer.status === 204)).toBe(true);
    expect(await userRow(person.id)).toBeUndefined();
    expect(await accountTables(person.id)).toEqual({});
    const events = (await call(owner, "GET", `/workspaces/${workspaceId}/audit?limit=100`)).body.events as {
      action: string;
    }[];
    expect(events.filter((event) => event.action === "member_purged")).toHaveLength(1);
    expect((await call(owner, "GET", `/workspaces/${workspaceId}/audit/verify`)).body.valid).toBe(true);
    expect((await call(admin, "GET", "/admin/audit/verify")).body.valid).toBe(true);
  });
});
