/**
 * A 401 from the session check says why in `reason` (docs/api.md, Errors), so an app can land the person on a page
 * that says whether their session ended or an admin deactivated the account, without reading `detail`.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { signInAdmin } from "../support/admin";
import { call, newUser, type User } from "../support/http";

let admin: User;

beforeAll(async () => {
  admin = await signInAdmin();
});

describe("the reason of a refused session", () => {
  it("is account_deactivated once an admin deactivated the account", async () => {
    const person = await newUser("deactivated");
    expect((await call(admin, "PATCH", `/admin/users/${person.id}`, { is_active: false })).status).toBe(200);
    const refused = await call(person, "GET", "/me");
    expect(refused.status).toBe(401);
    expect(refused.body).toMatchObject({ code: "unauthorized", reason: "account_deactivated" });
    const write = await call(person, "POST", "/workspaces", { name: "Still here?" });
    expect(write.body).toMatchObject({ code: "unauthorized", reason: "account_deactivated" });
  });

  it("is session_ended after signing out or when another device ended the session", async () => {
    const person = await newUser("signed-out");
    const other = await newUser("revoked");
    expect((await call(person, "POST", "/me/sign-out")).status).toBe(204);
    expect((await call(person, "GET", "/me")).body).toMatchObject({ code: "unauthorized", reason: "session_ended" });
    const sessions = (await call(other, "GET", "/me/sessions")).body.sessions as { id: string }[];
    expect(sessions.length).toBeGreaterThan(0);
    for (const session of sessions) await call(other, "DELETE", `/me/sessions/${session.id}`);
    expect((await call(other, "GET", "/me")).body).toMatchObject({ code: "unauthorized", reason: "session_ended" });
  });

  it("is absent when no valid token was sent (nothing is known about a session)", async () => {
    const answer = await call({ id: "", email: "", token: "not-a-token" }, "GET", "/me");
    expect(answer.status).toBe(401);
    expect(answer.body.reason).toBeUndefined();
  });
});
