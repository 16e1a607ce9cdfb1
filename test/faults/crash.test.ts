/**
 * Faults: an object stops in the middle of a sequence. `abortAllDurableObjects` resets every instance at once, as a
 * crash or a deploy would (in-memory state and requests in flight are lost, storage is kept); `evictDurableObject`
 * is the graceful form. Afterwards the object's members equal the D1 index, each invitation exists once and its
 * mail went out under one key, and each webhook event reached the receiver under one `webhook-id`.
 */
import { abortAllDurableObjects, evictDurableObject, runDurableObjectAlarm } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import {
  invitationMailKeysFor,
  objectState,
  providerAnswer,
  providerAnswers,
  providerKeysFor,
  useScriptedProvider,
} from "../support/faults";
import { call, newUser } from "../support/http";
import { brokenD1, deliverDueNow, setDirectory } from "../support/outbox";
import { deliveryRows, received, setReplies, webhookTo } from "../support/webhooks";
import { addMember, createWorkspace, indexedMembers, invitationToken, invite, stubOf } from "../support/workspaces";

/** The object and the D1 index agree, nothing waits in the outbox, and no membership row is doubled. */
async function expectConverged(workspaceId: string) {
  const state = await objectState(workspaceId);
  expect(state.outbox).toBe(0);
  expect(await indexedMembers(workspaceId)).toEqual(state.members);
  return state;
}

describe("a workspace object that crashes", () => {
  it("while an invitation mail is in flight still sends it, once, from the alarm armed before the send", async () => {
    const owner = await newUser("owner");
    const guest = await newUser("guest");
    const id = await createWorkspace(owner);
    await useScriptedProvider(id, 20_000);
    // The provider holds the request: the object is mid-send when it stops.
    await providerAnswers([providerAnswer(200, "ok", 4_000)]);
    const inviting = invite(owner, id, guest.email, "viewer").catch((error: unknown) => error);
    await expect.poll(() => providerKeysFor(guest.email), { timeout: 10_000, interval: 50 }).toHaveLength(1);
    await abortAllDurableObjects();
    await inviting;

    // The new instance has the configured mailer again (the development mailbox) and nothing of the old one's
    // memory: only storage, where the invitation, its outbox row and the alarm were committed together.
    await runDurableObjectAlarm(stubOf(id));
    await expect.poll(async () => (await objectState(id)).outbox, { timeout: 10_000 }).toBe(0);
    const [providerKey] = await providerKeysFor(guest.email);
    expect(await invitationMailKeysFor(guest.email)).toEqual([providerKey]);
    const invitations = (await objectState(id)).invitations.filter((row) => row.email === guest.email);
    expect(invitations).toEqual([{ email: guest.email, status: "pending", delivery: "sent" }]);

    const token = await invitationToken(guest.email);
    expect((await call(guest, "POST", "/invitations/accept", { token })).status).toBe(200);
    expect((await expectConverged(id)).members).toEqual({ [owner.id]: "owner", [guest.id]: "viewer" });
  });

  it("with index changes queued during a D1 outage delivers them all after the restart, repeatedly", async () => {
    const owner = await newUser("owner");
    const id = await createWorkspace(owner);
    const people = [await newUser("p1"), await newUser("p2"), await newUser("p3")];
    for (const [round, person] of people.entries()) {
      await setDirectory(id, brokenD1);
      await addMember(owner, id, person, "viewer");
      const previous = people[round - 1];
      if (previous) {
        expect(
          (await call(owner, "PATCH", `/workspaces/${id}/members/${previous.id}`, { role: "editor" })).status,
        ).toBe(200);
      }
      expect((await call(owner, "PATCH", `/workspaces/${id}`, { name: `Round ${round}` })).status).toBe(200);
      expect((await objectState(id)).outbox).toBeGreaterThan(0);
      // The outage ends with the crash: the new instance reaches the real D1.
      await abortAllDurableObjects();
      await deliverDueNow(id);
      await expectConverged(id);
    }
    const state = await expectConverged(id);
    expect(state.members).toEqual({
      [owner.id]: "owner",
      [people[0]?.id ?? ""]: "editor",
      [people[1]?.id ?? ""]: "editor",
      [people[2]?.id ?? ""]: "viewer",
    });
    expect(state.invitations.map((row) => row.status)).toEqual(["accepted", "accepted", "accepted"]);
    for (const person of people) expect(await invitationMailKeysFor(person.email)).toHaveLength(1);
  });

  it("evicted between every step of invite, accept, role change and removal ends equal to its index", async () => {
    const owner = await newUser("owner");
    const guest = await newUser("guest");
    const id = await createWorkspace(owner);
    const evict = () => evictDurableObject(stubOf(id));
    expect((await invite(owner, id, guest.email, "viewer")).status).toBe(201);
    await evict();
    const token = await invitationToken(guest.email);
    const accepts = await Promise.all([1, 2, 3].map(() => call(guest, "POST", "/invitations/accept", { token })));
    expect(accepts.filter((answer) => answer.status === 200)).toHaveLength(1);
    await evict();
    expect((await expectConverged(id)).members).toEqual({ [owner.id]: "owner", [guest.id]: "viewer" });
    expect((await call(owner, "PATCH", `/workspaces/${id}/members/${guest.id}`, { role: "editor" })).status).toBe(200);
    await evict();
    expect((await expectConverged(id)).members).toEqual({ [owner.id]: "owner", [guest.id]: "editor" });
    expect((await call(owner, "DELETE", `/workspaces/${id}/members/${guest.id}`)).status).toBe(204);
    await evict();
    expect((await expectConverged(id)).members).toEqual({ [owner.id]: "owner" });
    expect(await invitationMailKeysFor(guest.email)).toHaveLength(1);
  });
});

describe("a webhook endpoint object that crashes mid-delivery", () => {
  it("delivers the event afterwards under the same webhook-id, and each event once", async () => {
    const owner = await newUser("owner");
    const id = await createWorkspace(owner);
    const hook = await webhookTo(owner, id);
    await setReplies(hook.key, [{ status: 204, delayMs: 4_000 }, { status: 204 }]);
    expect((await call(owner, "PATCH", `/workspaces/${id}`, { name: "Renamed" })).status).toBe(200);
    await expect.poll(async () => (await received(hook.key)).length, { timeout: 10_000, interval: 50 }).toBe(1);
    await abortAllDurableObjects();
    // Nothing else happens: the alarm that did not finish runs again (alarms are at least once) and delivers it.
    const statuses = async () => (await deliveryRows(hook.id)).map((row) => row.status);
    await expect.poll(statuses, { timeout: 20_000 }).toEqual(["succeeded"]);

    expect((await call(owner, "PATCH", `/workspaces/${id}`, { name: "Renamed again" })).status).toBe(200);
    await expect.poll(statuses, { timeout: 20_000 }).toEqual(["succeeded", "succeeded"]);
    const rows = await deliveryRows(hook.id);
    const ids = (await received(hook.key)).map((request) => request.headers["webhook-id"]);
    // The first event's request was cut off with the object and sent again: same id, so the receiver drops the copy.
    expect(ids).toEqual([rows[0]?.id, rows[0]?.id, rows[1]?.id]);
  });
});
