/**
 * Decision 0020: `DELETE /api/me` and the admin delete share one deletion module whose last-admin guard is in
 * the same D1 statement as the write, so two admins deleting themselves (or each other) at once leave one admin.
 * A file of its own: its storage starts empty, so the two admins made here are the only ones counted.
 */
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { deleteAccount } from "../../src/account/deletion";
import { ApiError } from "../../src/lib/problem";
import { servicesOf } from "../../src/services";
import { makeAdmin, signInAdmin } from "../support/admin";
import { call, newUser, type User } from "../support/http";

/** Two admins who can act, and the ADMIN_EMAILS admin demoted: they are the only two counted. */
async function twoLastAdmins(): Promise<[User, User]> {
  const listed = await signInAdmin();
  const one = await makeAdmin(listed, await newUser("race-one"));
  const two = await makeAdmin(listed, await newUser("race-two"));
  const admins = await call(one, "GET", "/admin/users?platform_role=admin&limit=100");
  for (const other of admins.body.users as { id: string }[]) {
    if (other.id !== one.id && other.id !== two.id) {
      expect((await call(one, "PATCH", `/admin/users/${other.id}`, { platform_role: "user" })).status).toBe(200);
    }
  }
  return [one, two];
}

const actingAdmins = async () =>
  (
    await env.DB.prepare(
      "select id from users where platform_role = 'admin' and is_active = 1 and deleted_at is null",
    ).all<{ id: string }>()
  ).results.map((row) => row.id);

describe("two last admins deleting at once", () => {
  it("deleting themselves at once (two DELETE /api/me): one is deleted, the other is 409 last_admin", async () => {
    const [one, two] = await twoLastAdmins();
    const answers = await Promise.all(
      [one, two].map((admin) => call(admin, "DELETE", "/me", { confirm: admin.email })),
    );
    expect(answers.map((answer) => answer.status).sort()).toEqual([202, 409]);
    expect(answers.find((answer) => answer.status === 409)?.body.code).toBe("last_admin");
    const survivor = answers[0]?.status === 409 ? one : two;
    expect(await actingAdmins()).toEqual([survivor.id]);
    expect((await call(survivor, "GET", "/admin/users")).status).toBe(200);
    // The deleted one's mark is in D1 and in their Account object alike.
    const deleted = survivor === one ? two : one;
    expect((await call(deleted, "GET", "/me")).status).toBe(401);
    // Bring the other back, for the next test.
    expect((await call(survivor, "POST", `/admin/users/${deleted.id}/restore`)).status).toBe(200);
  });

  it("deleting each other at once (two admin deletes): one is deleted, the other is refused", async () => {
    const [one, two] = await twoLastAdmins();
    const answers = await Promise.all([
      call(one, "DELETE", `/admin/users/${two.id}`),
      call(two, "DELETE", `/admin/users/${one.id}`),
    ]);
    // The later one is refused: 409 last_admin if decided before the other's write, else 403 (no longer an admin
    // who can act) or 401 (its session ended).
    expect(answers.filter((answer) => answer.status === 202)).toHaveLength(1);
    const refused = answers.find((answer) => answer.status !== 202);
    expect([401, 403, 409]).toContain(refused?.status);
    expect(await actingAdmins()).toHaveLength(1);
    const survivor = answers[0]?.status === 202 ? one : two;
    const deleted = survivor === one ? two : one;
    expect((await call(survivor, "POST", `/admin/users/${deleted.id}/restore`)).status).toBe(200);
  });
});

describe("the guard in the deletion's write", () => {
  it("lets only one of two self-deletions decided on the same read through; the other is last_admin", async () => {
    const [one, two] = await twoLastAdmins();
    // Both read before either writes (each await yields to the other): only the guard in the UPDATE tells them apart.
    const outcomes = await Promise.allSettled(
      [one, two].map((admin) => deleteAccount(servicesOf(env), { by: "self", userId: admin.id })),
    );
    expect(outcomes.map((outcome) => outcome.status).sort()).toEqual(["fulfilled", "rejected"]);
    const refused = outcomes.find((outcome) => outcome.status === "rejected") as PromiseRejectedResult;
    expect(refused.reason).toBeInstanceOf(ApiError);
    expect((refused.reason as ApiError).code).toBe("last_admin");
    expect(await actingAdmins()).toHaveLength(1);
  });
});
