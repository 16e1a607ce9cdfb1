/** Live events over real sockets (decision 0028): each type reaches a second member, roles, cut-off, hibernation. */
import { evictDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { call, newUser } from "../support/http";
import { openLive, settle, typesOf } from "../support/live";
import { addMember, createWorkspace, invite, stubOf, team } from "../support/workspaces";

describe("live events", () => {
  it("reach a second member's socket for each event type, in seq order, after each change", async () => {
    const owner = await newUser("owner");
    const second = await newUser("second");
    const id = await createWorkspace(owner);
    await addMember(owner, id, second, "editor");
    const live = await openLive(second, id);
    const [ada, bob] = [await newUser("ada"), await newUser("bob")];

    const invited = await invite(owner, id, "someone@example.com", "viewer");
    expect((await call(owner, "DELETE", `/workspaces/${id}/invitations/${invited.body.id}`)).status).toBe(204);
    await addMember(owner, id, ada, "viewer");
    expect((await call(owner, "PATCH", `/workspaces/${id}/members/${ada.id}`, { role: "editor" })).status).toBe(200);
    await addMember(owner, id, bob, "viewer");
    expect((await call(bob, "DELETE", `/workspaces/${id}/members/${bob.id}`)).status).toBe(204);
    expect((await call(owner, "DELETE", `/workspaces/${id}/members/${ada.id}`)).status).toBe(204);
    expect((await call(owner, "POST", `/workspaces/${id}/transfer`, { user_id: second.id })).status).toBe(202);
    expect((await call(second, "POST", `/workspaces/${id}/transfer/accept`)).status).toBe(200);
    expect((await call(second, "PATCH", `/workspaces/${id}`, { name: "Renamed" })).status).toBe(200);
    expect((await call(second, "DELETE", `/workspaces/${id}`)).status).toBe(204);

    const frames = await live.waitFor(13);
    expect(typesOf(frames)).toEqual([
      "invitation_created",
      "invitation_revoked",
      "invitation_created",
      "member_joined",
      "role_changed",
      "invitation_created",
      "member_joined",
      "member_left",
      "member_removed",
      "ownership_offered",
      "ownership_transferred",
      "workspace_renamed",
      "workspace_deleted",
    ]);
    const first = frames[0]?.seq as number;
    expect(frames.map((frame) => frame.seq)).toEqual(frames.map((_, index) => first + index));
    expect(frames[3]).toMatchObject({ workspace_id: id, user_id: ada.id, role: "viewer" });
    expect(frames[4]).toMatchObject({ user_id: ada.id, role: "editor" });
    expect(frames[8]).toMatchObject({ type: "member_removed", user_id: ada.id, role: "editor" });
    expect(frames[10]).toMatchObject({ user_id: second.id, role: "owner" });
    expect(Object.keys(frames[0] ?? {}).sort()).toEqual(["at", "role", "seq", "type", "user_id", "workspace_id"]);
    expect(JSON.stringify(frames)).not.toContain("someone@example.com");
    // Deleting the workspace cuts every socket off.
    expect((await live.closed).code).toBe(4403);
  });

  it("closes a removed member's sockets with 4403 after telling them, and leaves the others open", async () => {
    const { owner, editor, viewer, id } = await team();
    const ownerLive = await openLive(owner, id);
    const viewerLive = [await openLive(viewer, id), await openLive(viewer, id)];
    expect((await call(owner, "DELETE", `/workspaces/${id}/members/${viewer.id}`)).status).toBe(204);
    for (const socket of viewerLive) {
      expect((await socket.closed).code).toBe(4403);
      expect(socket.frames).toEqual([expect.objectContaining({ type: "member_removed", user_id: viewer.id })]);
    }
    expect(typesOf(await ownerLive.waitFor(1))).toEqual(["member_removed"]);
    expect(ownerLive.isClosed()).toBe(false);
    // A member who leaves is cut off the same way.
    const editorLive = await openLive(editor, id);
    expect((await call(editor, "DELETE", `/workspaces/${id}/members/${editor.id}`)).status).toBe(204);
    expect((await editorLive.closed).code).toBe(4403);
    expect(ownerLive.isClosed()).toBe(false);
  });

  it("sends invitation events to editors and owners only, and stops at once when an editor is demoted", async () => {
    const { owner, editor, viewer, id } = await team();
    const [editorLive, viewerLive] = [await openLive(editor, id), await openLive(viewer, id)];
    expect((await invite(owner, id, "first@example.com", "viewer")).status).toBe(201);
    expect((await call(owner, "PATCH", `/workspaces/${id}/members/${editor.id}`, { role: "viewer" })).status).toBe(200);
    expect((await invite(owner, id, "second@example.com", "viewer")).status).toBe(201);
    expect((await call(owner, "PATCH", `/workspaces/${id}`, { name: "Next" })).status).toBe(200);
    expect(typesOf(await editorLive.waitFor(3))).toEqual(["invitation_created", "role_changed", "workspace_renamed"]);
    expect(editorLive.frames[1]).toMatchObject({ user_id: editor.id, role: "viewer" });
    await settle();
    expect(typesOf(viewerLive.frames)).toEqual(["role_changed", "workspace_renamed"]);
    expect(editorLive.frames).toHaveLength(3);
  });

  it("keeps a socket through hibernation: after eviction it still gets the next event, with its role", async () => {
    const { owner, editor, id } = await team();
    const live = await openLive(editor, id);
    await evictDurableObject(stubOf(id));
    expect((await invite(owner, id, "after-eviction@example.com", "viewer")).status).toBe(201);
    expect(typesOf(await live.waitFor(1))).toEqual(["invitation_created"]);
    await evictDurableObject(stubOf(id));
    expect((await call(owner, "DELETE", `/workspaces/${id}/members/${editor.id}`)).status).toBe(204);
    expect((await live.closed).code).toBe(4403);
  });

  it("answers a client's close, so the closing handshake completes", async () => {
    const { owner, id } = await team();
    const live = await openLive(owner, id);
    live.socket.close(1000, "done");
    expect((await live.closed).code).toBe(1000);
  });

  it("answers ping with pong without an event", async () => {
    const { owner, id } = await team();
    const live = await openLive(owner, id);
    const pong = new Promise((resolve) => live.socket.addEventListener("message", (event) => resolve(event.data)));
    live.socket.send("ping");
    expect(await pong).toBe("pong");
  });
});
