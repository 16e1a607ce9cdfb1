/**
 * Workspace events reach their endpoints (decision 0035): every audited change, once, signed so that the
 * `standardwebhooks` package verifies it, in the order the workspace made them, and only to endpoints that want them.
 */
import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { call, newUser } from "../support/http";
import { join, makeLink } from "../support/share-links";
import { verify, waitForRequests, webhookTo } from "../support/webhooks";
import { addMember, createWorkspace, invitationToken, invite, stubOf } from "../support/workspaces";

/** The workspace's audit event ids, oldest first: the `webhook-id` of each event, in the order they must arrive. */
const auditIds = (workspaceId: string) =>
  runInDurableObject(stubOf(workspaceId), (_i, state) =>
    state.storage.sql
      .exec<{ id: string }>("select id from audit_events order by seq")
      .toArray()
      .map((row) => row.id),
  );

describe("workspace events", () => {
  it("delivers each kind of change once, signed, with ids and no stray email", async () => {
    const owner = await newUser("owner");
    const alice = await newUser("alice");
    const bob = await newUser("bob");
    const carol = await newUser("carol");
    const id = await createWorkspace(owner);
    const hook = await webhookTo(owner, id);
    const before = (await auditIds(id)).length;

    await call(owner, "PATCH", `/workspaces/${id}`, { name: "Acme 2" }); // workspace.renamed
    await addMember(owner, id, alice, "viewer"); // invitation.created, invitation.accepted
    await call(owner, "PATCH", `/workspaces/${id}/members/${alice.id}`, { role: "editor" }); // member.role_changed
    const invited = await invite(owner, id, bob.email, "viewer"); // invitation.created
    await call(owner, "POST", `/workspaces/${id}/invitations/${invited.body.id}/resend`); // invitation.resent
    await call(bob, "POST", "/invitations/decline", { token: await invitationToken(bob.email) }); // invitation.declined
    const again = await invite(owner, id, carol.email, "viewer");
    await call(owner, "DELETE", `/workspaces/${id}/invitations/${again.body.id}`); // invitation.revoked
    const link = await makeLink(owner, id); // link.created
    expect((await join(bob, link.token)).status).toBe(200); // member.joined
    await call(owner, "DELETE", `/workspaces/${id}/links/${link.id}`); // link.revoked
    await call(owner, "DELETE", `/workspaces/${id}/members/${bob.id}`); // member.removed
    await call(owner, "POST", `/workspaces/${id}/transfer`, { user_id: alice.id }); // ownership.offered
    await call(owner, "DELETE", `/workspaces/${id}/transfer`); // ownership.offer_cancelled
    await call(owner, "POST", `/workspaces/${id}/transfer`, { user_id: alice.id });
    await call(alice, "POST", `/workspaces/${id}/transfer/accept`); // ownership.transferred
    await call(owner, "DELETE", `/workspaces/${id}/members/${owner.id}`); // member.left
    await call(alice, "PATCH", `/workspaces/${id}/policy`, { allowed_email_domains: ["example.com"] }); // workspace.policy_changed
    await call(alice, "DELETE", `/workspaces/${id}`); // workspace.deleted

    const expectedIds = (await auditIds(id)).slice(before);
    const requests = await waitForRequests(hook.key, expectedIds.length);
    expect(requests.map((request) => request.headers["webhook-id"])).toEqual(expectedIds);
    const events = requests.map((request) => verify(hook.secret, request));
    expect(events.map((event) => event.type)).toEqual([
      "workspace.renamed",
      "invitation.created",
      "invitation.accepted",
      "member.role_changed",
      "invitation.created",
      "invitation.resent",
      "invitation.declined",
      "invitation.created",
      "invitation.revoked",
      "link.created",
      "member.joined",
      "link.revoked",
      "member.removed",
      "ownership.offered",
      "ownership.offer_cancelled",
      "ownership.offered",
      "ownership.transferred",
      "member.left",
      "workspace.policy_changed",
      "workspace.deleted",
    ]);
    for (const event of events) expect(event.data.workspace_id).toBe(id);
    expect(events[3]?.data).toMatchObject({ actor_id: owner.id, user_id: alice.id, from: "viewer", to: "editor" });
    expect(events[10]?.data).toMatchObject({ user_id: bob.id, via: "link", link_id: link.id });
    // An email only where the event is about an invitation to it.
    for (const event of events) {
      const mentionsEmail = JSON.stringify(event).includes("@");
      expect(mentionsEmail, event.type).toBe(event.type.startsWith("invitation.") && "email" in event.data);
    }
    // Nothing arrives twice, later either.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await waitForRequests(hook.key, 0)).toHaveLength(expectedIds.length);
  });

  it("keeps the workspace's order under a burst of 100 events", async () => {
    const owner = await newUser("owner");
    const id = await createWorkspace(owner);
    const hook = await webhookTo(owner, id);
    const before = (await auditIds(id)).length;
    await Promise.all(
      Array.from({ length: 100 }, (_, n) => call(owner, "PATCH", `/workspaces/${id}`, { name: `Name ${n}` })),
    );
    const expectedIds = (await auditIds(id)).slice(before);
    expect(expectedIds).toHaveLength(100);
    const requests = await waitForRequests(hook.key, 100, 60_000);
    expect(requests.map((request) => request.headers["webhook-id"])).toEqual(expectedIds);
    for (const request of requests) verify(hook.secret, request);
  });

  it("sends an endpoint only the events it asked for, and nothing while it is turned off", async () => {
    const owner = await newUser("owner");
    const member = await newUser("member");
    const id = await createWorkspace(owner);
    const joins = await webhookTo(owner, id, { events: ["invitation.accepted"] });
    const off = await webhookTo(owner, id);
    await call(owner, "PATCH", `/workspaces/${id}/webhooks/${off.id}`, { enabled: false });
    const all = await webhookTo(owner, id);
    await addMember(owner, id, member, "viewer");
    const everything = await waitForRequests(all.key, 2);
    expect(everything.map((request) => verify(all.secret, request).type)).toEqual([
      "invitation.created",
      "invitation.accepted",
    ]);
    const [accepted] = await waitForRequests(joins.key, 1);
    expect(accepted && verify(joins.secret, accepted).type).toBe("invitation.accepted");
    expect(await waitForRequests(joins.key, 0)).toHaveLength(1);
    expect(await waitForRequests(off.key, 0)).toHaveLength(0);
  });
});
