/**
 * Decision 0020, through HTTP: admin power needs two-factor (403 two_factor_required on every admin route, with
 * where to turn it on) and every admin write a sign-in from the last 10 minutes; the last-admin rule counts only
 * admins who signed in and have two-factor on. Every refusal changes nothing.
 */
import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { expectAdminRefused, makeAdmin, signInAdmin, userRow, withTwoFactor } from "../support/admin";
import { call, newUser, type User } from "../support/http";
import { nextEmail } from "../support/people";
import { ageSignIn } from "../support/step-up";

let admin: User;

beforeAll(async () => {
  admin = await signInAdmin();
});

const READS: [string, string][] = [
  ["GET", "/admin/users"],
  ["GET", "/admin/users/{id}"],
  ["GET", "/admin/audit"],
  ["GET", "/admin/audit/verify"],
];

const WRITES: [string, string, unknown?][] = [
  ["POST", "/admin/users", { email: "made-by-a-stale-admin@example.com" }],
  ["PATCH", "/admin/users/{id}", { first_name: "Changed" }],
  ["DELETE", "/admin/users/{id}/sessions"],
  ["DELETE", "/admin/users/{id}"],
  ["POST", "/admin/users/{id}/restore"],
  ["DELETE", "/admin/users/{id}/2fa"],
];

/** An admin (promoted by the ADMIN_EMAILS admin) who has not turned two-factor on. */
async function adminWithoutTwoFactor(label: string): Promise<User> {
  const user = await newUser(label);
  expect((await call(admin, "PATCH", `/admin/users/${user.id}`, { platform_role: "admin" })).status).toBe(200);
  return user;
}

describe("admins need two-factor", () => {
  it.each([...READS, ...WRITES])(
    "refuses %s %s to an admin without two-factor, saying where to turn it on",
    async (method, path, body) => {
      const bare = await adminWithoutTwoFactor("bare-admin");
      const target = await newUser("target");
      const answer = await expectAdminRefused(
        bare,
        method,
        path.replace("{id}", target.id),
        403,
        "two_factor_required",
        {
          body,
          watch: [target.id],
        },
      );
      expect(answer.body.detail).toContain("/settings/security");
      expect(answer.body.setup_path).toBe("/settings/security");
    },
  );

  it("lets the same admin in once two-factor is on: ADMIN_EMAILS and promotion still grant the role", async () => {
    const bare = await adminWithoutTwoFactor("then-on");
    expect((await call(bare, "GET", "/admin/users")).status).toBe(403);
    await withTwoFactor(bare);
    expect((await call(bare, "GET", "/admin/users")).status).toBe(200);
    expect((await userRow(admin.id))?.platform_role).toBe("admin");
  });
});

describe("admin writes need a sign-in from the last 10 minutes", () => {
  it.each(WRITES)("refuses %s %s from an 11-minute-old sign-in, changing nothing", async (method, path, body) => {
    const stale = await makeAdmin(admin, await newUser("stale-admin"));
    const target = await newUser("target");
    await ageSignIn(stale.id, 11);
    await expectAdminRefused(stale, method, path.replace("{id}", target.id), 403, "reauthentication_required", {
      body,
      watch: [target.id],
    });
  });

  it.each(READS)("still answers %s %s from an old sign-in", async (method, path) => {
    const stale = await makeAdmin(admin, await newUser("stale-reader"));
    await ageSignIn(stale.id, 11);
    expect((await call(stale, method, path.replace("{id}", stale.id))).status).toBe(200);
  });
});

describe("the last-admin rule counts admins who signed in and have two-factor on", () => {
  it("refuses the real last admin demoting themself while the other admins have no two-factor or never signed in", async () => {
    const real = await makeAdmin(admin, await newUser("real-last"));
    // Every other counted admin steps down, leaving one admin without two-factor and one who never signed in.
    const admins = await call(real, "GET", "/admin/users?platform_role=admin&limit=100");
    for (const other of admins.body.users as { id: string }[]) {
      if (other.id !== real.id) await call(real, "PATCH", `/admin/users/${other.id}`, { platform_role: "user" });
    }
    const bare = await newUser("bare-other");
    expect((await call(real, "PATCH", `/admin/users/${bare.id}`, { platform_role: "admin" })).status).toBe(200);
    const created = await call(real, "POST", "/admin/users", {
      email: nextEmail("never-signed-in"),
      platform_role: "admin",
    });
    expect(created.status).toBe(201);
    const counted = await env.DB.prepare(
      "select count(*) as n from users where platform_role = 'admin' and is_active = 1 and deleted_at is null",
    ).first<{ n: number }>();
    expect(counted?.n).toBe(3);

    await expectAdminRefused(real, "PATCH", `/admin/users/${real.id}`, 409, "last_admin", {
      body: { platform_role: "user" },
    });
    await expectAdminRefused(real, "DELETE", `/admin/users/${real.id}`, 409, "last_admin");
    await expectAdminRefused(real, "DELETE", "/me", 409, "last_admin", { body: { confirm: real.email } });
    // Hand the role back so the other tests' admin can act.
    expect((await call(real, "PATCH", `/admin/users/${admin.id}`, { platform_role: "admin" })).status).toBe(200);
  });
});
