import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { call, newUser } from "../support/http";
import { createWorkspace, expectRefused, invite, stubOf, team } from "../support/workspaces";

describe("POST /api/workspaces/:id/invitations says what a re-invitation replaces", () => {
  it("answers replaced: null for a first invitation", async () => {
    const owner = await newUser("owner");
    const id = await createWorkspace(owner);
    const answer = await invite(owner, id, "first@example.com", "viewer");
    expect(answer.status).toBe(201);
    expect(answer.body.replaced).toBeNull();
  });

  it("names the pending invitation it replaced: its id, role, sender and when it was sent", async () => {
    const { owner, editor, id } = await team();
    const first = await invite(editor, id, "again@example.com", "viewer");
    const second = await invite(owner, id, "Again@Example.com", "editor");
    expect(second.status).toBe(201);
    expect(second.body.replaced).toEqual({
      id: first.body.id,
      role: "viewer",
      status: "pending",
      invited_by: editor.id,
      created_at: first.body.created_at,
    });
    const pending = (await call(owner, "GET", `/workspaces/${id}/invitations`)).body.invitations as { id: string }[];
    expect(pending.map((invitation) => invitation.id)).toEqual([second.body.id]);
  });

  it("says an expired invitation it replaced was expired (its link had stopped working already)", async () => {
    const owner = await newUser("owner");
    const id = await createWorkspace(owner);
    const first = await invite(owner, id, "late@example.com", "viewer");
    await runInDurableObject(stubOf(id), (_instance, state) => {
      state.storage.sql.exec(
        "update invitations set expires_at = ? where id = ?",
        "2020-01-01T00:00:00.000Z",
        first.body.id,
      );
    });
    const second = await invite(owner, id, "late@example.com", "viewer");
    expect(second.body.replaced).toMatchObject({ id: first.body.id, status: "expired" });
  });

  it("refuses a replacement its sender could not have sent, and changes nothing", async () => {
    const { owner, editor, id } = await team();
    expect((await invite(owner, id, "boss@example.com", "owner")).status).toBe(201);
    await expectRefused(editor, "POST", `/workspaces/${id}/invitations`, 403, "forbidden", {
      email: "boss@example.com",
      role: "viewer",
    });
  });
});
