/**
 * Faults: the mail provider fails (an error, a 429, no answer in time) while a workspace sends invitations. The
 * real Resend client talks to a scripted provider; afterwards every invitation mail has gone out under one
 * idempotency key (the provider's own guard against a repeat), nothing is left to retry, and the index, which
 * never waited for the mail, equals the object's members.
 */
import { describe, expect, it } from "vitest";
import { objectState, providerAnswer, providerAnswers, providerKeysFor, useScriptedProvider } from "../support/faults";
import { call, newUser } from "../support/http";
import { deliverDueNow } from "../support/outbox";
import { nextEmail } from "../support/people";
import { received } from "../support/webhooks";
import { addMember, createWorkspace, indexedMembers, invite } from "../support/workspaces";

/** Runs the outbox until nothing is left in it (each pass: every row due now is tried once). */
async function drain(workspaceId: string, passes = 12) {
  for (let pass = 0; pass < passes && (await objectState(workspaceId)).outbox > 0; pass++)
    await deliverDueNow(workspaceId);
}

/** The invitation link in the last mail the provider received for `to`. */
async function linkSentTo(to: string): Promise<string> {
  const bodies = (await received("emails")).map((request) => JSON.parse(request.body) as { to: string; text: string });
  const text = bodies.filter((body) => body.to === to).at(-1)?.text ?? "";
  const token = /\/invite#([^\s"<]+)/.exec(text)?.[1];
  if (!token) throw new Error(`no invitation link reached the provider for ${to}`);
  return token;
}

describe("invitation mail while the provider fails", () => {
  it("goes out once the provider takes it after a 500, a 429 and a timeout, under one idempotency key", async () => {
    const owner = await newUser("owner");
    const member = await newUser("member");
    const guest = await newUser("guest");
    const id = await createWorkspace(owner);
    await addMember(owner, id, member, "viewer");
    await useScriptedProvider(id, 300);
    await providerAnswers([
      providerAnswer(500, "internal_server_error"),
      providerAnswer(429, "rate_limit_exceeded"),
      // Taken, but too late: the client gave up after 300 ms, so it must try again with the same key.
      providerAnswer(200, "ok", 1_500),
      providerAnswer(200),
    ]);

    expect((await invite(owner, id, guest.email, "editor")).status).toBe(201);
    // The index does not wait behind the mail.
    expect((await call(owner, "PATCH", `/workspaces/${id}/members/${member.id}`, { role: "editor" })).status).toBe(200);
    expect(await indexedMembers(id)).toEqual({ [owner.id]: "owner", [member.id]: "editor" });
    const invitationOfGuest = async () => (await objectState(id)).invitations.filter((i) => i.email === guest.email);
    expect(await invitationOfGuest()).toEqual([{ email: guest.email, status: "pending", delivery: "pending" }]);

    await drain(id);
    const keys = await providerKeysFor(guest.email);
    expect(keys).toHaveLength(4);
    expect(new Set(keys).size).toBe(1);
    const after = await objectState(id);
    expect(after).toMatchObject({ outbox: 0, alarm: null });
    expect(await invitationOfGuest()).toEqual([{ email: guest.email, status: "pending", delivery: "sent" }]);

    // Later passes send nothing more; the link that went out works, once.
    await deliverDueNow(id);
    expect(await providerKeysFor(guest.email)).toHaveLength(4);
    const token = await linkSentTo(guest.email);
    expect((await call(guest, "POST", "/invitations/accept", { token })).status).toBe(200);
    expect((await call(guest, "POST", "/invitations/accept", { token })).status).toBeGreaterThanOrEqual(400);
    const converged = await objectState(id);
    expect(await indexedMembers(id)).toEqual(converged.members);
    expect(converged.members).toEqual({ [owner.id]: "owner", [member.id]: "editor", [guest.id]: "editor" });
  });

  it("sends each of several invitations made at once exactly one mail key after the provider recovers", async () => {
    const owner = await newUser("owner");
    const id = await createWorkspace(owner);
    await useScriptedProvider(id, 300);
    await providerAnswers([providerAnswer(429, "rate_limit_exceeded")]);
    const guests = [nextEmail("a"), nextEmail("b"), nextEmail("c"), nextEmail("d")];
    const answers = await Promise.all(guests.map((email) => invite(owner, id, email, "viewer")));
    expect(answers.map((answer) => answer.status)).toEqual([201, 201, 201, 201]);
    // Refused again on the first retry: still nothing lost.
    await deliverDueNow(id);
    expect((await objectState(id)).outbox).toBe(guests.length);

    await providerAnswers([providerAnswer(200)]);
    await drain(id);
    const state = await objectState(id);
    expect(state).toMatchObject({ outbox: 0, alarm: null });
    expect(state.invitations).toEqual(
      [...guests].sort().map((email) => ({ email, status: "pending", delivery: "sent" })),
    );
    const keysByGuest = await Promise.all(guests.map((email) => providerKeysFor(email)));
    for (const keys of keysByGuest) {
      expect(keys.length).toBeGreaterThanOrEqual(3);
      expect(new Set(keys).size).toBe(1);
    }
    // No two invitations share a key: each mail is its own.
    expect(new Set(keysByGuest.map((keys) => keys[0])).size).toBe(guests.length);
  });
});
