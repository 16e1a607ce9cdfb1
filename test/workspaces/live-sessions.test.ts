/**
 * An ended session's live sockets close within a second in every workspace (decision 0028): the Account object
 * keeps, in its own storage, which workspaces each session took live tickets for, and tells them when it ends.
 */
import { env, evictDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { signInAdmin } from "../support/admin";
import { nextIp } from "../support/auth-inspect";
import { Browser } from "../support/browser";
import { call, newUser, type User } from "../support/http";
import { type LiveClient, openLive, ticketFor, upgrade } from "../support/live";
import { sessionOf } from "../support/sessions";
import { signInWithCode } from "../support/sign-in";
import { addMember, createWorkspace, stubOf } from "../support/workspaces";

/** The same person signed in a second time (another device): another session. */
async function secondSession(user: User): Promise<User> {
  const tokens = await signInWithCode(user.email, new Browser(nextIp()));
  return { ...user, token: tokens.access_token };
}

/** Resolves with the close code if the socket closes within `ms`, else fails. */
async function closedWithin(live: LiveClient, ms: number) {
  const timeout = new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`open after ${ms} ms`)), ms));
  return (await Promise.race([live.closed, timeout])).code;
}

describe("an ended session's live sockets", () => {
  it("close with 4401 within a second in two workspaces when the session is revoked, even after eviction", async () => {
    const laptop = await newUser("laptop");
    const phone = await secondSession(laptop);
    const [one, two] = [await createWorkspace(laptop, "One"), await createWorkspace(laptop, "Two")];
    const laptopSockets = [await openLive(laptop, one), await openLive(laptop, two)];
    const phoneSocket = await openLive(phone, one);
    // What the Account and the workspaces know lives in their storage, not in memory.
    for (const id of [one, two]) await evictDurableObject(stubOf(id));
    await evictDurableObject(env.ACCOUNT.get(env.ACCOUNT.idFromName(laptop.id)));

    const revoked = await call(phone, "DELETE", `/me/sessions/${sessionOf(laptop.token).sessionId}`);
    expect(revoked.status).toBe(204);
    for (const socket of laptopSockets) expect(await closedWithin(socket, 1_000)).toBe(4401);
    expect(phoneSocket.isClosed()).toBe(false);
  });

  it("close when the person signs out, and the session's unused tickets stop working", async () => {
    const user = await newUser("signout");
    const id = await createWorkspace(user);
    const live = await openLive(user, id);
    const unused = await ticketFor(user, id);
    expect((await call(user, "POST", "/me/sign-out")).status).toBe(204);
    expect(await closedWithin(live, 1_000)).toBe(4401);
    expect((await upgrade(id, `?ticket=${unused}`)).status).toBe(401);
  });

  it("close when an administrator deactivates the account", async () => {
    const user = await newUser("deactivated");
    const id = await createWorkspace(user);
    const live = await openLive(user, id);
    const admin = await signInAdmin();
    expect((await call(admin, "PATCH", `/admin/users/${user.id}`, { is_active: false })).status).toBe(200);
    expect(await closedWithin(live, 1_000)).toBe(4401);
  });

  it("close when the account is deleted for good, and the other members see the removal at once", async () => {
    const owner = await newUser("purge-owner");
    const leaving = await newUser("purge-member");
    const id = await createWorkspace(owner);
    await addMember(owner, id, leaving, "viewer");
    const [ownerLive, leavingLive] = [await openLive(owner, id), await openLive(leaving, id)];
    const admin = await signInAdmin();
    expect((await call(admin, "DELETE", `/admin/users/${leaving.id}?hard=true`)).status).toBe(204);
    expect(await closedWithin(leavingLive, 1_000)).toBe(4401);
    const [removed] = await ownerLive.waitFor(1);
    expect(removed).toMatchObject({ type: "member_removed", role: "viewer" });
    expect(removed?.user_id).toMatch(/^deleted_/);
    expect(ownerLive.isClosed()).toBe(false);
  });
});
