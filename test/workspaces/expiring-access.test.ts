/**
 * Expiring access (decision 0028): an owner sets `expires_at`; the object's alarm mails the person a day before and
 * removes them on time (audited, pushed live, mailed, the D1 index updated); a second run removes nothing more.
 */
import { runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { Workspace } from "../../src/workspace/workspace";
import { call, newUser, type User } from "../support/http";
import { openLive, typesOf } from "../support/live";
import { mailbox } from "../support/sign-in";
import {
  addMember,
  createWorkspace,
  expectRefused,
  invitationToken,
  snapshot,
  stubOf,
  team,
} from "../support/workspaces";

const DAY = 24 * 60 * 60 * 1000;
const inMs = (ms: number) => new Date(Date.now() + ms).toISOString();
const alarmOf = (id: string) => runInDurableObject(stubOf(id), (_i, state) => state.storage.getAlarm());
const setExpiry = (owner: User, id: string, user: User, expires_at: string | null) =>
  call(owner, "PATCH", `/workspaces/${id}/members/${user.id}`, { expires_at });
const memberIds = async (actor: User, id: string) =>
  ((await call(actor, "GET", `/workspaces/${id}/members`)).body.members as { user_id: string }[]).map((m) => m.user_id);
const listed = async (user: User) =>
  ((await call(user, "GET", "/workspaces")).body.workspaces as { id: string }[]).map((w) => w.id);
const expiryMail = async (user: User) =>
  (await mailbox(user.email)).map((message) => message.subject).filter((subject) => subject.startsWith("Your access"));

/** Runs the alarm if it is still pending (the runtime may already have run it) and waits for `until`. */
async function alarmUntil(id: string, until: () => Promise<unknown>, expected: unknown) {
  await runDurableObjectAlarm(stubOf(id));
  await expect.poll(until, { timeout: 10_000 }).toEqual(expected);
}

describe("expiring access", () => {
  it("is shown in the member list and arms the alarm a day before the end; null clears both", async () => {
    const { owner, viewer, id } = await team();
    const end = inMs(3 * DAY);
    const set = await setExpiry(owner, id, viewer, end);
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({ user_id: viewer.id, expires_at: end });
    const members = (await call(owner, "GET", `/workspaces/${id}/members`)).body.members as Record<string, unknown>[];
    expect(members.map((m) => [m.user_id, m.expires_at])).toContainEqual([viewer.id, end]);
    expect(members.find((m) => m.role === "owner")?.expires_at).toBeNull();
    expect(await alarmOf(id)).toBe(Date.parse(end) - DAY);
    const cleared = await setExpiry(owner, id, viewer, null);
    expect(cleared.body.expires_at).toBeNull();
    expect(await alarmOf(id)).toBeNull();
  });

  it("mails a day before, then removes on time: audited, pushed, mailed, indexed; a second run removes nothing", async () => {
    const { owner, editor, viewer, id } = await team();
    const [editorLive, viewerLive] = [await openLive(editor, id), await openLive(viewer, id)];
    const end = inMs(4_000);
    expect((await setExpiry(owner, id, viewer, end)).status).toBe(200);
    // Within a day of the end: the warning is due at once, and the alarm then waits for the end itself.
    await alarmUntil(id, () => expiryMail(viewer), ["Your access to a workspace ends tomorrow"]);
    expect(await memberIds(owner, id)).toContain(viewer.id);
    expect(await alarmOf(id)).toBe(Date.parse(end));

    await new Promise((resolve) => setTimeout(resolve, Date.parse(end) - Date.now() + 50));
    await alarmUntil(id, async () => (await listed(viewer)).includes(id), false);
    expect(await memberIds(owner, id)).not.toContain(viewer.id);
    expect(await expiryMail(viewer)).toEqual([
      "Your access to a workspace has ended",
      "Your access to a workspace ends tomorrow",
    ]);
    const audit = await call(owner, "GET", `/workspaces/${id}/audit?action=member_expired`);
    expect(audit.body.events).toEqual([
      expect.objectContaining({
        action: "member_expired",
        target: viewer.id,
        details: expect.objectContaining({ role: "viewer", expires_at: end }),
      }),
    ]);
    expect(typesOf(await editorLive.waitFor(1))).toEqual(["member_expired"]);
    expect(editorLive.frames[0]).toMatchObject({ user_id: viewer.id, role: "viewer" });
    expect((await viewerLive.closed).code).toBe(4403);

    // Alarms run at least once: a repeat finds nothing to do and changes nothing.
    const before = await snapshot(id);
    await runInDurableObject(stubOf(id), async (instance: Workspace) => {
      await instance.alarm();
      await instance.alarm();
    });
    expect(await snapshot(id)).toEqual(before);
  });

  it("is granted by an invitation and given to the member who accepts it", async () => {
    const owner = await newUser("owner");
    const guest = await newUser("guest");
    const id = await createWorkspace(owner);
    const end = inMs(2 * DAY);
    const invited = await call(owner, "POST", `/workspaces/${id}/invitations`, {
      email: guest.email,
      role: "viewer",
      expires_at: end,
    });
    expect(invited.status).toBe(201);
    expect(invited.body.access_expires_at).toBe(end);
    expect(
      (await call(guest, "POST", "/invitations/accept", { token: await invitationToken(guest.email) })).status,
    ).toBe(200);
    const members = (await call(owner, "GET", `/workspaces/${id}/members`)).body.members as Record<string, unknown>[];
    expect(members.find((m) => m.user_id === guest.id)?.expires_at).toBe(end);
    expect(await alarmOf(id)).toBe(Date.parse(end) - DAY);
  });

  it("is refused, changing nothing: owners never expire (409), only owners set it (403), bad times (400)", async () => {
    const { owner, editor, viewer, id } = await team();
    const path = (user: User) => `/workspaces/${id}/members/${user.id}`;
    const later = inMs(2 * DAY);
    await expectRefused(owner, "PATCH", path(owner), 409, "last_owner", { expires_at: later });
    // A second owner cannot be given one either: either owner could demote the other.
    expect((await call(owner, "PATCH", path(editor), { role: "owner" })).status).toBe(200);
    await expectRefused(owner, "PATCH", path(editor), 409, "last_owner", { expires_at: later });
    await expectRefused(owner, "PATCH", path(viewer), 409, "last_owner", { role: "owner", expires_at: later });
    await expectRefused(editor, "PATCH", path(owner), 409, "last_owner", { expires_at: later });
    expect((await call(owner, "PATCH", path(editor), { role: "editor" })).status).toBe(200);
    await expectRefused(editor, "PATCH", path(viewer), 403, "forbidden", { expires_at: later });
    await expectRefused(viewer, "PATCH", path(viewer), 403, "forbidden", { expires_at: null });
    for (const expires_at of [inMs(-1_000), "tomorrow", inMs(11 * 365 * DAY), 5]) {
      await expectRefused(owner, "PATCH", path(viewer), 400, "validation_failed", { expires_at });
    }
    await expectRefused(owner, "PATCH", path(viewer), 400, "validation_failed", {});
    const invitations = `/workspaces/${id}/invitations`;
    const email = "expiring@example.com";
    await expectRefused(owner, "POST", invitations, 409, "last_owner", { email, role: "owner", expires_at: later });
    await expectRefused(editor, "POST", invitations, 403, "forbidden", { email, role: "viewer", expires_at: later });
    await expectRefused(owner, "POST", invitations, 400, "validation_failed", {
      email,
      role: "viewer",
      expires_at: inMs(-1),
    });
  });

  it("ends when the member is made an owner", async () => {
    const owner = await newUser("owner");
    const member = await newUser("member");
    const id = await createWorkspace(owner);
    await addMember(owner, id, member, "editor");
    expect((await setExpiry(owner, id, member, inMs(2 * DAY))).status).toBe(200);
    const promoted = await call(owner, "PATCH", `/workspaces/${id}/members/${member.id}`, { role: "owner" });
    expect(promoted.body).toMatchObject({ role: "owner", expires_at: null });
    expect(await alarmOf(id)).toBeNull();
  });
});
