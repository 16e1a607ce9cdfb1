import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { call, indexedMembers, newUser, snapshot, stubOf, team } from "./helpers";

describe("two-step ownership transfer", () => {
  it("makes the nominee owner and the nominating owner editor, only when the nominee accepts", async () => {
    const { owner, editor, id } = await team();
    const nominated = await call(owner, "POST", `/workspaces/${id}/transfer`, { user_id: editor.id });
    expect(nominated.status).toBe(202);
    expect(nominated.body).toMatchObject({ user_id: editor.id, nominated_by: owner.id });
    // Nothing changes until the nominee accepts.
    expect((await call(owner, "GET", `/workspaces/${id}/permissions`)).body.role).toBe("owner");
    expect((await call(editor, "GET", `/workspaces/${id}/permissions`)).body.role).toBe("editor");
    const accepted = await call(editor, "POST", `/workspaces/${id}/transfer/accept`);
    expect(accepted.status).toBe(200);
    expect((await call(editor, "GET", `/workspaces/${id}/permissions`)).body.role).toBe("owner");
    expect((await call(owner, "GET", `/workspaces/${id}/permissions`)).body.role).toBe("editor");
    expect(await indexedMembers(id)).toMatchObject({ [editor.id]: "owner", [owner.id]: "editor" });
  });

  it("refuses anyone but the nominee accepting, and a second acceptance", async () => {
    const { owner, editor, viewer, id } = await team();
    await call(owner, "POST", `/workspaces/${id}/transfer`, { user_id: editor.id });
    const before = await snapshot(id);
    expect((await call(viewer, "POST", `/workspaces/${id}/transfer/accept`)).body.code).toBe("forbidden");
    expect((await call(owner, "POST", `/workspaces/${id}/transfer/accept`)).body.code).toBe("forbidden");
    expect(await snapshot(id)).toEqual(before);
    expect((await call(editor, "POST", `/workspaces/${id}/transfer/accept`)).status).toBe(200);
    expect((await call(editor, "POST", `/workspaces/${id}/transfer/accept`)).status).toBe(403);
  });

  it("lets only an owner nominate, only a member who is not already owner", async () => {
    const { owner, editor, viewer, id } = await team();
    const outsider = await newUser("x");
    const before = await snapshot(id);
    expect((await call(editor, "POST", `/workspaces/${id}/transfer`, { user_id: viewer.id })).body.code).toBe(
      "forbidden",
    );
    expect((await call(owner, "POST", `/workspaces/${id}/transfer`, { user_id: outsider.id })).body.code).toBe(
      "not_found",
    );
    expect((await call(owner, "POST", `/workspaces/${id}/transfer`, { user_id: owner.id })).body.code).toBe("conflict");
    expect((await call(owner, "POST", `/workspaces/${id}/transfer`, {})).status).toBe(400);
    expect(await snapshot(id)).toEqual(before);
  });

  it("forgets a nomination when the nominee leaves", async () => {
    const { owner, viewer, id } = await team();
    await call(owner, "POST", `/workspaces/${id}/transfer`, { user_id: viewer.id });
    await call(viewer, "DELETE", `/workspaces/${id}/members/${viewer.id}`);
    expect((await snapshot(id)).nomination).toEqual([]);
  });
});

describe("the audit log", () => {
  it("records every change with actor, target and details, newest first, for editors and owners", async () => {
    const { owner, editor, viewer, id } = await team();
    await call(owner, "PATCH", `/workspaces/${id}/members/${viewer.id}`, { role: "editor" });
    await call(owner, "PATCH", `/workspaces/${id}`, { name: "Renamed" });
    const log = await call(editor, "GET", `/workspaces/${id}/audit`);
    expect(log.status).toBe(200);
    const events = log.body.events as {
      action: string;
      actor_id: string;
      target: string;
      details: Record<string, unknown>;
    }[];
    expect(events.map((e) => e.action)).toEqual([
      "workspace_renamed",
      "role_changed",
      "invitation_accepted",
      "invitation_created",
      "invitation_accepted",
      "invitation_created",
      "workspace_created",
    ]);
    expect(events[1]).toMatchObject({
      actor_id: owner.id,
      target: viewer.id,
      details: { from: "viewer", to: "editor" },
    });
    expect(events[0]?.details).toEqual({ from: "Acme", to: "Renamed" });
    const page = await call(editor, "GET", `/workspaces/${id}/audit?limit=3`);
    const rest = await call(editor, "GET", `/workspaces/${id}/audit?limit=10&cursor=${page.body.next_cursor}`);
    expect((rest.body.events as unknown[]).length).toBe(4);
  });

  it("is hidden from viewers", async () => {
    const { viewer, id } = await team();
    expect((await call(viewer, "GET", `/workspaces/${id}/audit`)).body.code).toBe("forbidden");
  });

  it("lets an owner verify the hash chain, and detects tampering", async () => {
    const { owner, editor, id } = await team();
    const verdict = await call(owner, "GET", `/workspaces/${id}/audit/verify`);
    expect(verdict.body).toEqual({ valid: true, events_checked: 5 });
    expect((await call(editor, "GET", `/workspaces/${id}/audit/verify`)).body.code).toBe("forbidden");
    await runInDurableObject(stubOf(id), (_i, state) => {
      state.storage.sql.exec(`update audit_events set details = '{"role":"owner"}' where seq = 2`);
    });
    expect((await call(owner, "GET", `/workspaces/${id}/audit/verify`)).body).toMatchObject({ valid: false });
  });

  it("writes nothing for a refused change", async () => {
    const { editor, viewer, id } = await team();
    const before = (await snapshot(id)).audit;
    await call(viewer, "PATCH", `/workspaces/${id}`, { name: "Nope" });
    await call(editor, "DELETE", `/workspaces/${id}/members/${editor.id}x`);
    expect((await snapshot(id)).audit).toEqual(before);
  });
});
