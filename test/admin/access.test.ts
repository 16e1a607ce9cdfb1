/** Who may use /api/admin: platform admins only, made so by ADMIN_EMAILS at sign-in or by another admin. */
import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { expectAdminRefused, latestAdminEvent, makeAdmin, signIn, signInAdmin, userRow } from "../support/admin";
import { call, newUser, type User } from "../support/http";
import { nextEmail } from "../support/people";

let admin: User;
let person: User;

beforeAll(async () => {
  admin = await signInAdmin();
  person = await newUser("person");
});

const ROUTES: [string, string, unknown?][] = [
  ["GET", "/admin/users"],
  ["GET", "/admin/users/{id}"],
  ["POST", "/admin/users", { email: "made-by-nobody@example.com" }],
  ["PATCH", "/admin/users/{id}", { platform_role: "admin" }],
  ["DELETE", "/admin/users/{id}/sessions"],
  ["GET", "/admin/audit"],
  ["GET", "/admin/audit/verify"],
];

describe("who may use the admin routes", () => {
  it.each(ROUTES)("refuses %s %s to a signed-in non-admin with 403, changing nothing", async (method, path, body) => {
    const target = await newUser("target");
    const other = await newUser("other");
    await expectAdminRefused(other, method, path.replace("{id}", target.id), 403, "forbidden", {
      body,
      watch: [target.id],
    });
  });

  it.each(ROUTES)("refuses %s %s without a token with 401", async (method, path, body) => {
    await expectAdminRefused(null, method, path.replace("{id}", person.id), 401, "unauthorized", { body });
  });

  it.each(ROUTES)("lets an admin use %s %s", async (method, path, body) => {
    const target = await newUser("target");
    const answer = await call(admin, method, path.replace("{id}", target.id), body);
    expect(answer.status).toBeLessThan(300);
  });

  it("refuses an admin whose role was taken away, from their next call", async () => {
    const second = await makeAdmin(admin, await newUser("second-admin"));
    expect((await call(second, "GET", "/admin/users")).status).toBe(200);
    expect((await call(admin, "PATCH", `/admin/users/${second.id}`, { platform_role: "user" })).status).toBe(200);
    await expectAdminRefused(second, "GET", "/admin/users", 403, "forbidden");
  });
});

describe("ADMIN_EMAILS", () => {
  it("stores admin for a listed, verified email at its sign-in, recorded with no actor", async () => {
    const row = await userRow(admin.id);
    expect(row?.platform_role).toBe("admin");
    const me = await call(admin, "GET", "/me");
    expect(me.body.platform_role).toBe("admin");
  });

  it("grants admin again at the next sign-in of a listed email that was demoted", async () => {
    const colleague = await makeAdmin(admin, await newUser("colleague"));
    await call(colleague, "PATCH", `/admin/users/${admin.id}`, { platform_role: "user" });
    expect((await userRow(admin.id))?.platform_role).toBe("user");
    expect((await call(admin, "GET", "/admin/users")).status).toBe(403);

    const again = await signInAdmin();
    expect((await userRow(admin.id))?.platform_role).toBe("admin");
    const event = await latestAdminEvent(again);
    expect(event).toMatchObject({
      actor_id: null,
      action: "user_updated",
      target: admin.id,
      details: { before: { platform_role: "user" }, after: { platform_role: "admin" }, by: "ADMIN_EMAILS" },
    });
    admin = again;
  });

  it("does not make an unlisted email admin at sign-in", async () => {
    const plain = await signIn(nextEmail("plain"));
    expect((await userRow(plain.id))?.platform_role).toBe("user");
    expect((await call(plain, "GET", "/me")).body.platform_role).toBe("user");
  });

  it("records every sign-in, sign-up included, as last_sign_in_at", async () => {
    const email = nextEmail("signs-in");
    const first = await signIn(email);
    const signedUp = String((await userRow(first.id))?.last_sign_in_at);
    expect(Date.parse(signedUp)).toBeGreaterThan(Date.now() - 60_000);
    await env.DB.prepare("update users set last_sign_in_at = '2026-01-01T00:00:00.000Z' where id = ?")
      .bind(first.id)
      .run();
    await signIn(email);
    expect(String((await userRow(first.id))?.last_sign_in_at) > "2026-01-01T00:00:00.000Z").toBe(true);
  });
});
