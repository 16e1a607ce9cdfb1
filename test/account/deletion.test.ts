/**
 * `DELETE /api/me` and `POST /api/me/restore` through HTTP: each refusal (no recent sign-in, wrong confirmation,
 * sole owner) changes nothing; a deletion ends every session, limits the next sign-in to seeing, exporting and
 * restoring, and a restore brings everything back but the ended sessions.
 */
import { env, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { accountTables, ageDeletion, deleteAccount, runAccountAlarm, signInAgain } from "../support/account-lifecycle";
import { Browser } from "../support/browser";
import { call, newUser, type User } from "../support/http";
import { refresh, signInWithCode } from "../support/sign-in";
import { accountStub, inAccount } from "../support/two-factor";
import { addMember, createWorkspace } from "../support/workspaces";

/** What a refused deletion must leave alone: the person's D1 row, their Account object whole, and its alarm. */
async function accountState(user: User) {
  const row = await env.DB.prepare("select * from users where id = ?").bind(user.id).first();
  return { row, object: await accountTables(user.id) };
}

async function expectDeletionRefused(user: User, body: unknown, status: number, code: string) {
  const before = await accountState(user);
  const answer = await call(user, "DELETE", "/me", body);
  expect([answer.status, answer.body.code], JSON.stringify(answer.body)).toEqual([status, code]);
  expect(await accountState(user)).toEqual(before);
  expect((await call(user, "GET", "/me")).status).toBe(200);
  return answer;
}

const DAY_MS = 24 * 60 * 60 * 1000;

describe("DELETE /api/me: refused", () => {
  it("needs a sign-in from the last 10 minutes", async () => {
    const user = await newUser("del-stale");
    const at = new Date(Date.now() - 11 * 60_000).toISOString();
    await inAccount(user.id, (sql) => sql.exec("UPDATE sessions SET authenticated_at = ?", at));
    await expectDeletionRefused(user, { confirm: user.email }, 403, "reauthentication_required");
  });

  it("needs the own email typed out: another one, none, or extra fields are 400", async () => {
    const user = await newUser("del-confirm");
    const other = await newUser("del-other");
    const wrong = await expectDeletionRefused(user, { confirm: other.email }, 400, "validation_failed");
    expect(wrong.body.errors).toEqual([{ path: "confirm", message: "Type the account's own email to confirm." }]);
    await expectDeletionRefused(user, {}, 400, "validation_failed");
    await expectDeletionRefused(user, { confirm: user.email, hard: true }, 400, "validation_failed");
    await expectDeletionRefused(user, undefined, 400, "validation_failed");
  });

  it("is 409 sole_owner listing each workspace the person alone owns while others remain", async () => {
    const owner = await newUser("del-sole");
    const colleague = await newUser("del-colleague");
    const shared = await createWorkspace(owner, "Shared");
    const alone = await createWorkspace(owner, "Alone");
    const coOwned = await createWorkspace(owner, "Co-owned");
    await addMember(owner, shared, colleague, "viewer");
    await addMember(owner, coOwned, colleague, "owner");
    const refused = await expectDeletionRefused(owner, { confirm: owner.email }, 409, "sole_owner");
    expect(refused.body.workspaces).toEqual([{ id: shared, name: "Shared", member_count: 2 }]);
    expect(alone).toBeTruthy();
  });

  it("is 401 without a token", async () => {
    expect((await call(null, "DELETE", "/me", { confirm: "x@example.com" })).status).toBe(401);
  });
});

describe("DELETE /api/me: allowed", () => {
  it("ends every session at once and answers when the purge happens", async () => {
    const user = await newUser("del-ok");
    const second = await signInAgain(user);
    const before = Date.now();
    const answer = await call(user, "DELETE", "/me", { confirm: user.email.toUpperCase() });
    expect(answer.status).toBe(202);
    const purgeAfter = Date.parse(answer.body.purge_after as string);
    expect(purgeAfter).toBeGreaterThanOrEqual(before + 30 * DAY_MS);
    expect(purgeAfter).toBeLessThanOrEqual(Date.now() + 30 * DAY_MS);
    for (const session of [user, second]) {
      const refused = await call(session, "GET", "/me");
      expect(refused.status).toBe(401);
    }
    const revoked = await inAccount(user.id, (sql) =>
      sql
        .exec("SELECT revoked_reason FROM sessions")
        .toArray()
        .map((row) => row.revoked_reason),
    );
    expect(revoked).toEqual(["account_deleted", "account_deleted"]);
  });

  it("ends refresh tokens too", async () => {
    const user = await newUser("del-refresh");
    const tokens = await signInWithCode(user.email, new Browser("10.250.1.1"));
    await deleteAccount({ ...user, token: tokens.access_token });
    expect((await refresh(tokens.refresh_token)).status).toBe(400);
  });

  it("lets the person sign in again only to see the account, restore it, and nothing else", async () => {
    const user = await newUser("del-limited");
    const workspaceId = await createWorkspace(user, "Mine");
    const purgeAfter = await deleteAccount(user);
    const again = await signInAgain(user);
    const me = await call(again, "GET", "/me");
    expect(me.status).toBe(200);
    expect(me.body.purge_after).toBe(purgeAfter);
    expect(Date.parse(me.body.deleted_at as string)).toBe(Date.parse(purgeAfter) - 30 * DAY_MS);
    for (const [method, path, body] of [
      ["PATCH", "/me", { first_name: "New" }],
      ["DELETE", "/me", { confirm: user.email }],
      ["GET", "/me/sessions", undefined],
      ["POST", "/me/2fa", undefined],
      ["GET", "/workspaces", undefined],
      ["GET", `/workspaces/${workspaceId}`, undefined],
      ["POST", "/workspaces", { name: "Another" }],
    ] as const) {
      const refused = await call(again, method, path, body);
      expect([refused.status, refused.body.code], `${method} ${path}`).toEqual([403, "account_deleted"]);
    }
    expect((await call(again, "GET", "/me")).body.first_name).toBe(me.body.first_name);

    const restored = await call(again, "POST", "/me/restore");
    expect(restored.status).toBe(200);
    expect(restored.body.deleted_at).toBeUndefined();
    expect(restored.body.purge_after).toBeUndefined();
    expect((await call(again, "GET", "/workspaces")).body.workspaces).toHaveLength(1);
    expect((await call(user, "GET", "/me")).status).toBe(401); // the sessions the deletion ended stay ended
    expect(await env.DB.prepare("select deleted_at from users where id = ?").bind(user.id).first("deleted_at")).toBe(
      null,
    );
    expect(await runAccountAlarm(user.id)).toBe(false); // no purge is waiting
  });

  it("two deletions at once keep one date", async () => {
    const user = await newUser("del-twice");
    const second = await signInAgain(user);
    const answers = await Promise.all(
      [user, second].map((session) => call(session, "DELETE", "/me", { confirm: user.email })),
    );
    const accepted = answers.filter((answer) => answer.status === 202);
    expect(accepted.length).toBeGreaterThanOrEqual(1);
    expect(new Set(accepted.map((answer) => answer.body.purge_after)).size).toBe(1);
    for (const answer of answers.filter((answer) => answer.status !== 202)) expect(answer.status).toBe(401);
  });
});

describe("POST /api/me/restore", () => {
  it("is 409 for an account that is not deleted, and changes nothing", async () => {
    const user = await newUser("restore-none");
    const before = await accountState(user);
    const answer = await call(user, "POST", "/me/restore");
    expect([answer.status, answer.body.code]).toEqual([409, "conflict"]);
    expect(await accountState(user)).toEqual(before);
  });

  it("is too late once the purge has begun", async () => {
    const user = await newUser("restore-late");
    await deleteAccount(user);
    const again = await signInAgain(user);
    await ageDeletion(user.id, 31);
    // A purge that stopped after its first step (its record exists) cannot be undone.
    await runInDurableObject(accountStub(user.id), (_i, state) =>
      state.storage.kv.put("purge", {
        person: { userId: user.id, email: user.email, pseudonym: "deleted_x" },
        done: ["workspaces"],
        failures: 0,
      }),
    );
    const answer = await call(again, "POST", "/me/restore");
    expect([answer.status, answer.body.code]).toEqual([409, "conflict"]);
    expect((await call(again, "GET", "/me")).body.deleted_at).toBeTruthy();
  });

  it("is 401 without a token", async () => {
    expect((await call(null, "POST", "/me/restore")).status).toBe(401);
  });
});
