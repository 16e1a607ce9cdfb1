/** POST and PATCH /api/admin/users and DELETE …/sessions: what changes, what is refused, and the last-admin rule. */
import { env } from "cloudflare:test";
import { drizzle } from "drizzle-orm/d1";
import { beforeAll, describe, expect, it } from "vitest";
import { changeUser } from "../../src/admin/user-admin";
import { ApiError } from "../../src/lib/problem";
import { expectAdminRefused, latestAdminEvent, makeAdmin, signInAdmin, userRow } from "../support/admin";
import { Browser } from "../support/browser";
import { call, newUser, type User } from "../support/http";
import { nextEmail } from "../support/people";
import { mailbox, signInWithPassword } from "../support/sign-in";
import { addMember, createWorkspace } from "../support/workspaces";

let admin: User;

/** Two new admins, and every other admin demoted by the first of them: they are the only two left. */
async function twoLastAdmins(): Promise<[User, User]> {
  const one = await newUser("one");
  const two = await newUser("two");
  await makeAdmin(admin, one);
  await makeAdmin(admin, two);
  const admins = await call(admin, "GET", "/admin/users?platform_role=admin");
  for (const other of admins.body.users as { id: string }[]) {
    if (other.id !== one.id && other.id !== two.id) {
      expect((await call(one, "PATCH", `/admin/users/${other.id}`, { platform_role: "user" })).status).toBe(200);
    }
  }
  return [one, two];
}

beforeAll(async () => {
  admin = await signInAdmin();
});

describe("POST /api/admin/users", () => {
  it("creates an unverified account and mails its owner a link to choose a password and sign in", async () => {
    const email = nextEmail("new");
    const created = await call(admin, "POST", "/admin/users", {
      email: `  ${email.toUpperCase()} `,
      first_name: "Nia",
      last_name: "New",
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      email,
      first_name: "Nia",
      last_name: "New",
      platform_role: "user",
      status: "active",
      last_sign_in_at: null,
      two_factor_enabled: false,
    });
    expect((await userRow(String(created.body.id)))?.email_verified_at).toBeNull();

    const [mail] = await mailbox(email);
    const link = /(http:\/\/localhost\/password\/change\?\S+)/.exec(mail?.text ?? "")?.[1];
    expect(link).toBeDefined();

    // The link opens the forgotten-password flow: the code it mails proves the address, then the password is set.
    const browser = new Browser();
    expect((await browser.get(String(link))).status).toBe(200);
    expect((await browser.post("/password/change", { action: "code", email })).status).toBe(200);
    const code = /\b(\d{6})\b/.exec((await mailbox(email))[0]?.text ?? "")?.[1] ?? "";
    expect((await browser.post("/password/change", { action: "verify", code })).status).toBe(200);
    const password = "a long enough passphrase 42";
    const done = await browser.post("/password/change", { action: "update", password, repeat: password });
    expect(done.status).toBe(302);
    expect(done.headers.get("location")).toBe("http://localhost/");

    const tokens = await signInWithPassword(email, password);
    const me = await call({ id: "", email, token: tokens.access_token }, "GET", "/me");
    expect(me.body).toMatchObject({ email, first_name: "Nia", last_name: "New" });
    const row = await userRow(String(created.body.id));
    expect(row?.email_verified_at).not.toBeNull();
    expect(row?.last_sign_in_at).not.toBeNull();
  });

  it("creates an admin when asked", async () => {
    const email = nextEmail("new-admin");
    const created = await call(admin, "POST", "/admin/users", { email, platform_role: "admin" });
    expect(created.status).toBe(201);
    expect(created.body.platform_role).toBe("admin");
  });

  it("refuses an email that has an account with 409 conflict, whatever its case", async () => {
    const existing = await newUser("existing");
    await expectAdminRefused(admin, "POST", "/admin/users", 409, "conflict", {
      body: { email: existing.email.toUpperCase() },
    });
  });

  it.each([
    ["no email", {}],
    ["an invalid email", { email: "not an email" }],
    ["an unknown role", { email: "x@example.com", platform_role: "owner" }],
    ["an empty name", { email: "x@example.com", first_name: "  " }],
    ["a name with a control character", { email: "x@example.com", last_name: "A\u0007" }],
    ["an unknown field", { email: "x@example.com", is_active: false }],
  ])("refuses %s with 400 validation_failed", async (_what, body) => {
    await expectAdminRefused(admin, "POST", "/admin/users", 400, "validation_failed", { body });
  });
});

describe("PATCH /api/admin/users/:id", () => {
  it("changes names, in every workspace of the person too, and records before and after", async () => {
    const owner = await newUser("owner");
    const person = await newUser("person", { first: "Old", last: "Name" });
    const workspace = await createWorkspace(owner);
    await addMember(owner, workspace, person, "viewer");

    const changed = await call(admin, "PATCH", `/admin/users/${person.id}`, { first_name: " New " });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ first_name: "New", last_name: "Name" });
    const members = await call(owner, "GET", `/workspaces/${workspace}/members`);
    expect(members.body.members).toContainEqual(expect.objectContaining({ user_id: person.id, first_name: "New" }));
    expect((await call(admin, "GET", "/admin/users?q=new")).body.users).toContainEqual(
      expect.objectContaining({ id: person.id }),
    );
    expect(await latestAdminEvent(admin)).toMatchObject({
      actor_id: admin.id,
      action: "user_updated",
      target: person.id,
      details: { before: { first_name: "Old" }, after: { first_name: "New" } },
    });
  });

  it("grants and removes the admin role", async () => {
    const person = await newUser("person");
    expect((await call(admin, "PATCH", `/admin/users/${person.id}`, { platform_role: "admin" })).body).toMatchObject({
      platform_role: "admin",
    });
    expect((await call(person, "GET", "/me")).body.platform_role).toBe("admin");
    expect((await call(admin, "PATCH", `/admin/users/${person.id}`, { platform_role: "user" })).status).toBe(200);
    expect((await call(person, "GET", "/me")).body.platform_role).toBe("user");
  });

  it("records nothing when nothing changes", async () => {
    const person = await newUser("person");
    const before = await latestAdminEvent(admin);
    expect((await call(admin, "PATCH", `/admin/users/${person.id}`, { platform_role: "user" })).status).toBe(200);
    expect((await latestAdminEvent(admin)).id).toBe(before.id);
  });

  it("refuses an unknown user with 404", async () => {
    await expectAdminRefused(admin, "PATCH", "/admin/users/usr_nobody", 404, "not_found", {
      body: { first_name: "X" },
    });
  });

  it.each([
    ["an empty change", {}],
    ["an unknown role", { platform_role: "root" }],
    ["a standing that is not a boolean", { is_active: "no" }],
    ["a name too long", { first_name: "x".repeat(101) }],
    ["an email, which only its owner changes", { email: "other@example.com" }],
  ])("refuses %s with 400 validation_failed", async (_what, body) => {
    const person = await newUser("person");
    await expectAdminRefused(admin, "PATCH", `/admin/users/${person.id}`, 400, "validation_failed", {
      body,
      watch: [person.id],
    });
  });
});

describe("the last admin", () => {
  it("cannot be demoted or deactivated, even by themself; nothing changes", async () => {
    const admins = await call(admin, "GET", "/admin/users?platform_role=admin&status=active");
    // Demote every other admin this file made, so `admin` is the last one.
    for (const other of admins.body.users as { id: string }[]) {
      if (other.id !== admin.id) await call(admin, "PATCH", `/admin/users/${other.id}`, { platform_role: "user" });
    }
    for (const body of [{ platform_role: "user" }, { is_active: false }, { platform_role: "user", first_name: "X" }]) {
      await expectAdminRefused(admin, "PATCH", `/admin/users/${admin.id}`, 409, "last_admin", { body });
    }
    expect((await call(admin, "GET", "/admin/users")).status).toBe(200);
  });

  it("can be demoted once another admin can act, and then the other one is the last", async () => {
    const second = await makeAdmin(admin, await newUser("second"));
    expect((await call(second, "PATCH", `/admin/users/${admin.id}`, { platform_role: "user" })).status).toBe(200);
    await expectAdminRefused(second, "PATCH", `/admin/users/${second.id}`, 409, "last_admin", {
      body: { is_active: false },
    });
    // A deactivated admin does not count as one who can act.
    await call(second, "PATCH", `/admin/users/${admin.id}`, { platform_role: "admin", is_active: false });
    await expectAdminRefused(second, "PATCH", `/admin/users/${second.id}`, 409, "last_admin", {
      body: { platform_role: "user" },
    });
    await call(second, "PATCH", `/admin/users/${admin.id}`, { is_active: true });
    admin = await signInAdmin();
  });

  it("holds when two admins demote each other at once: one of them stays admin", async () => {
    const [one, two] = await twoLastAdmins();
    const [a, b] = await Promise.all([
      call(one, "PATCH", `/admin/users/${two.id}`, { platform_role: "user" }),
      call(two, "PATCH", `/admin/users/${one.id}`, { platform_role: "user" }),
    ]);
    // The later one is refused: 403 if the earlier one finished before it was checked, else 409 last_admin.
    expect([a.status, b.status].sort()).toContainEqual(200);
    expect([a.status, b.status].filter((status) => status === 200)).toHaveLength(1);
    const left = await env.DB.prepare(
      "select count(*) as n from users where platform_role = 'admin' and is_active = 1 and deleted_at is null",
    ).first<{ n: number }>();
    expect(left?.n).toBe(1);
    const survivor = a.status === 200 ? one : two;
    await call(survivor, "PATCH", `/admin/users/${admin.id}`, { platform_role: "admin" });
  });
});

describe("the last-admin guard under concurrency", () => {
  it("lets only one of two demotions decided on the same read through; the other is last_admin", async () => {
    const services = { db: drizzle(env.DB), accounts: env.ACCOUNT };
    const [one, two] = await twoLastAdmins();
    // Both read before either writes (each await yields to the other): only the guard can tell them apart.
    const outcomes = await Promise.allSettled([
      changeUser(services, one.id, two.id, { platformRole: "user" }),
      changeUser(services, two.id, one.id, { platformRole: "user" }),
    ]);
    expect(outcomes.map((outcome) => outcome.status).sort()).toEqual(["fulfilled", "rejected"]);
    const refused = outcomes.find((outcome) => outcome.status === "rejected") as PromiseRejectedResult;
    expect(refused.reason).toBeInstanceOf(ApiError);
    expect((refused.reason as ApiError).code).toBe("last_admin");
    const survivor = outcomes[0]?.status === "fulfilled" ? one : two;
    await changeUser(services, survivor.id, admin.id, { platformRole: "admin" });
  });
});

describe("DELETE /api/admin/users/:id/sessions", () => {
  it("ends every session of the person at once", async () => {
    const person = await newUser("person");
    expect((await call(person, "GET", "/me")).status).toBe(200);
    expect((await call(admin, "DELETE", `/admin/users/${person.id}/sessions`)).status).toBe(204);
    expect((await call(person, "GET", "/me")).status).toBe(401);
    expect(await latestAdminEvent(admin)).toMatchObject({
      actor_id: admin.id,
      action: "sessions_revoked",
      target: person.id,
      details: { before: { sessions: 1 }, after: { sessions: 0 } },
    });
  });

  it("refuses an unknown user with 404", async () => {
    await expectAdminRefused(admin, "DELETE", "/admin/users/usr_nobody/sessions", 404, "not_found");
  });
});

describe("GET /api/admin/users/:id", () => {
  it("shows the account with its workspaces and its sessions", async () => {
    const person = await newUser("person", { first: "Pia", last: "Page" });
    const workspace = await createWorkspace(person, "Pia's");
    const detail = await call(admin, "GET", `/admin/users/${person.id}`);
    expect(detail.status).toBe(200);
    expect(detail.body).toMatchObject({
      id: person.id,
      email: person.email,
      first_name: "Pia",
      status: "active",
      email_verified: true,
      deleted_at: null,
      memberships: [{ workspace_id: workspace, workspace_name: "Pia's", role: "owner" }],
      sessions: [{ id: expect.stringMatching(/^ses_/), user_agent: "test-browser/1.0" }],
    });
  });

  it("refuses an unknown user with 404", async () => {
    await expectAdminRefused(admin, "GET", "/admin/users/usr_nobody", 404, "not_found");
  });
});
