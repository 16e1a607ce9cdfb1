/**
 * Decision 0020, through HTTP: an admin resets a person's two-factor (audited, mailed); a deletion an admin made
 * is restored only by an admin; every restore is audited; a deleted account's session can sign out. Every
 * refusal changes nothing (D1, the Account objects, the audit log, the mailbox).
 */
import { beforeAll, describe, expect, it } from "vitest";
import { signInAgain } from "../support/account-lifecycle";
import { expectAdminRefused, latestAdminEvent, signInAdmin, userRow } from "../support/admin";
import { call, newUser, type User } from "../support/http";
import { expectSecurityMail } from "../support/step-up";
import { totpAt, turnOnTwoFactor } from "../support/two-factor";

let admin: User;

beforeAll(async () => {
  admin = await signInAdmin();
});

describe("DELETE /api/admin/users/:id/2fa", () => {
  it("turns the person's two-factor off, records it and mails them; they can set it up again", async () => {
    const person = await newUser("lost-phone");
    const { secret } = await turnOnTwoFactor(person);
    expect((await call(admin, "DELETE", `/admin/users/${person.id}/2fa`)).status).toBe(204);
    expect((await call(person, "GET", "/me")).body.two_factor_enabled).toBe(false);
    expect((await userRow(person.id))?.two_factor_enabled).toBe(0);
    expect((await call(admin, "GET", `/admin/users/${person.id}`)).body.two_factor_enabled).toBe(false);
    expect(await latestAdminEvent(admin)).toMatchObject({
      actor_id: admin.id,
      action: "two_factor_reset",
      target: person.id,
      details: { before: { two_factor_enabled: true }, after: { two_factor_enabled: false } },
    });
    await expectSecurityMail(person.email, /administrator reset your two-factor/i, "an unknown device");
    // The old authenticator no longer confirms anything; a new setup works.
    expect((await call(person, "DELETE", "/me/2fa", { code: totpAt(secret, 1) })).status).toBe(409);
    expect((await call(person, "POST", "/me/2fa")).status).toBe(200);
  });

  it("refuses an unknown person (404), one without two-factor (409), one's own (403) and a non-admin (403)", async () => {
    const plain = await newUser("no-2fa");
    await expectAdminRefused(admin, "DELETE", "/admin/users/usr_nobody/2fa", 404, "not_found");
    await expectAdminRefused(admin, "DELETE", `/admin/users/${plain.id}/2fa`, 409, "conflict", { watch: [plain.id] });
    await expectAdminRefused(admin, "DELETE", `/admin/users/${admin.id}/2fa`, 403, "forbidden");
    const person = await newUser("has-2fa");
    await turnOnTwoFactor(person);
    await expectAdminRefused(plain, "DELETE", `/admin/users/${person.id}/2fa`, 403, "forbidden", {
      watch: [person.id],
    });
    expect((await call(person, "GET", "/me")).body.two_factor_enabled).toBe(true);
  });
});

describe("restoring a deleted account", () => {
  it("refuses the person's own restore of a deletion an admin made (403 restore_by_admin_only), changing nothing", async () => {
    const person = await newUser("removed");
    expect((await call(admin, "DELETE", `/admin/users/${person.id}`)).status).toBe(202);
    const again = await signInAgain(person);
    const refused = await expectAdminRefused(again, "POST", "/me/restore", 403, "restore_by_admin_only", {
      watch: [person.id],
    });
    expect(refused.body.detail).toMatch(/admin/);
    expect((await userRow(person.id))?.deleted_at).toBeTruthy();
  });

  it("lets an admin restore it, and records the restore", async () => {
    const person = await newUser("brought-back");
    expect((await call(admin, "DELETE", `/admin/users/${person.id}`)).status).toBe(202);
    const restored = await call(admin, "POST", `/admin/users/${person.id}/restore`);
    expect(restored.status).toBe(200);
    expect(restored.body).toMatchObject({ id: person.id, status: "active" });
    expect((await userRow(person.id))?.deleted_at).toBeNull();
    expect(await latestAdminEvent(admin)).toMatchObject({
      actor_id: admin.id,
      action: "user_restored",
      target: person.id,
      details: { after: { deleted_at: null }, by: "admin" },
    });
    const again = await signInAgain(person);
    expect((await call(again, "GET", "/workspaces")).status).toBe(200);
  });

  it("lets a person restore their own deletion, and records it with them as the actor", async () => {
    const person = await newUser("changed-mind");
    expect((await call(person, "DELETE", "/me", { confirm: person.email })).status).toBe(202);
    const again = await signInAgain(person);
    expect((await call(again, "POST", "/me/restore")).status).toBe(200);
    expect(await latestAdminEvent(admin)).toMatchObject({
      actor_id: person.id,
      action: "user_restored",
      target: person.id,
      details: { after: { deleted_at: null }, by: "self" },
    });
  });

  it("refuses an admin restore of an unknown person (404) or one not deleted (409)", async () => {
    const person = await newUser("not-deleted");
    await expectAdminRefused(admin, "POST", "/admin/users/usr_nobody/restore", 404, "not_found");
    await expectAdminRefused(admin, "POST", `/admin/users/${person.id}/restore`, 409, "conflict", {
      watch: [person.id],
    });
  });
});

describe("a deleted account's session", () => {
  it("can sign out", async () => {
    const person = await newUser("leaving");
    expect((await call(person, "DELETE", "/me", { confirm: person.email })).status).toBe(202);
    const again = await signInAgain(person);
    expect((await call(again, "GET", "/me")).status).toBe(200);
    expect((await call(again, "POST", "/me/sign-out")).status).toBe(204);
    expect((await call(again, "GET", "/me")).status).toBe(401);
  });
});
