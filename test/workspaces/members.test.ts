import { describe, expect, it } from "vitest";
import { call, newUser } from "../support/http";
import { addMember, createWorkspace, expectRefused, indexedMembers, team } from "../support/workspaces";

describe("GET /api/workspaces/:id/members", () => {
  it("lists members oldest first to any member, with their details", async () => {
    const { owner, editor, viewer, id } = await team();
    const list = await call(viewer, "GET", `/workspaces/${id}/members`);
    expect(list.status).toBe(200);
    const members = list.body.members as Record<string, string>[];
    expect(members.map((m) => [m.user_id, m.role])).toEqual([
      [owner.id, "owner"],
      [editor.id, "editor"],
      [viewer.id, "viewer"],
    ]);
    expect(members[1]).toMatchObject({ email: editor.email, first_name: "", last_name: "" });
    expect(members[1]?.joined_at).toMatch(/^\d{4}-/);
    expect(list.body.next_cursor).toBeNull();
  });

  it("pages with a cursor, filters by role, and searches by email or name prefix", async () => {
    const owner = await newUser("owner");
    const id = await createWorkspace(owner);
    const ada = await newUser("ada", { first: "Ada", last: "Lovelace" });
    const grace = await newUser("grace", { first: "Grace", last: "Hopper" });
    const alan = await newUser("alan", { first: "Alan", last: "Turing" });
    for (const user of [ada, grace, alan]) await addMember(owner, id, user, "viewer");

    const page1 = await call(owner, "GET", `/workspaces/${id}/members?limit=2`);
    const page2 = await call(owner, "GET", `/workspaces/${id}/members?limit=2&cursor=${page1.body.next_cursor}`);
    const ids = [...(page1.body.members as { user_id: string }[]), ...(page2.body.members as { user_id: string }[])];
    expect(ids.map((m) => m.user_id)).toEqual([owner.id, ada.id, grace.id, alan.id]);
    expect(page2.body.next_cursor).toBeNull();

    const search = async (q: string) =>
      (
        (await call(owner, "GET", `/workspaces/${id}/members?q=${encodeURIComponent(q)}`)).body.members as {
          user_id: string;
        }[]
      ).map((m) => m.user_id);
    expect(await search("a")).toEqual([ada.id, alan.id]);
    expect(await search("HOP")).toEqual([grace.id]);
    expect(await search("lovel")).toEqual([ada.id]);
    expect(await search(grace.email.slice(0, 8))).toEqual([grace.id]);
    expect(await search("zzz")).toEqual([]);

    const owners = await call(owner, "GET", `/workspaces/${id}/members?role=owner`);
    expect((owners.body.members as { user_id: string }[]).map((m) => m.user_id)).toEqual([owner.id]);
  });

  it("clamps a limit above 200 and refuses a bad limit, role or cursor with 400", async () => {
    const { owner, id } = await team();
    expect((await call(owner, "GET", `/workspaces/${id}/members?limit=1000`)).status).toBe(200);
    for (const query of ["limit=0", "limit=-1", "limit=abc", "role=admin", "cursor=not-a-cursor"]) {
      const answer = await call(owner, "GET", `/workspaces/${id}/members?${query}`);
      expect(answer.status, query).toBe(400);
      expect(answer.body.code).toBe("validation_failed");
    }
  });
});

describe("PATCH /api/workspaces/:id/members/:user_id (change role)", () => {
  it("lets an owner change any role, including granting owner", async () => {
    const { owner, viewer, id } = await team();
    const promoted = await call(owner, "PATCH", `/workspaces/${id}/members/${viewer.id}`, { role: "editor" });
    expect(promoted.status).toBe(200);
    expect(promoted.body).toMatchObject({ user_id: viewer.id, role: "editor" });
    expect((await call(owner, "PATCH", `/workspaces/${id}/members/${viewer.id}`, { role: "owner" })).status).toBe(200);
    expect((await indexedMembers(id))[viewer.id]).toBe("owner");
  });

  it("refuses editors and viewers with 403", async () => {
    const { editor, viewer, id } = await team();
    await expectRefused(editor, "PATCH", `/workspaces/${id}/members/${viewer.id}`, 403, "forbidden", {
      role: "editor",
    });
    await expectRefused(viewer, "PATCH", `/workspaces/${id}/members/${viewer.id}`, 403, "forbidden", { role: "owner" });
    await expectRefused(editor, "PATCH", `/workspaces/${id}/members/${editor.id}`, 403, "forbidden", { role: "owner" });
  });

  it("refuses to demote the last owner, even by themself", async () => {
    const { owner, id } = await team();
    await expectRefused(owner, "PATCH", `/workspaces/${id}/members/${owner.id}`, 409, "last_owner", { role: "editor" });
  });

  it("lets one of two owners step down", async () => {
    const { owner, editor, id } = await team();
    await call(owner, "PATCH", `/workspaces/${id}/members/${editor.id}`, { role: "owner" });
    expect((await call(owner, "PATCH", `/workspaces/${id}/members/${owner.id}`, { role: "viewer" })).status).toBe(200);
  });

  it("answers 404 for a target who is not a member, and 400 for an unknown role", async () => {
    const { owner, id } = await team();
    const outsider = await newUser("x");
    await expectRefused(owner, "PATCH", `/workspaces/${id}/members/${outsider.id}`, 404, "not_found", {
      role: "viewer",
    });
    await expectRefused(owner, "PATCH", `/workspaces/${id}/members/${owner.id}`, 400, "validation_failed", {
      role: "god",
    });
  });
});

describe("DELETE /api/workspaces/:id/members/:user_id (remove or leave)", () => {
  it("lets an owner remove an editor and a viewer", async () => {
    const { owner, editor, viewer, id } = await team();
    expect((await call(owner, "DELETE", `/workspaces/${id}/members/${editor.id}`)).status).toBe(204);
    expect((await call(owner, "DELETE", `/workspaces/${id}/members/${viewer.id}`)).status).toBe(204);
    expect((await call(editor, "GET", `/workspaces/${id}`)).status).toBe(404);
    expect(await indexedMembers(id)).toEqual({ [owner.id]: "owner" });
  });

  it("lets an editor remove viewers only", async () => {
    const { owner, editor, viewer, id } = await team();
    const other = await newUser("other-editor");
    await addMember(owner, id, other, "editor");
    await expectRefused(editor, "DELETE", `/workspaces/${id}/members/${other.id}`, 403, "forbidden");
    await expectRefused(editor, "DELETE", `/workspaces/${id}/members/${owner.id}`, 403, "forbidden");
    expect((await call(editor, "DELETE", `/workspaces/${id}/members/${viewer.id}`)).status).toBe(204);
  });

  it("lets a viewer remove nobody else", async () => {
    const { editor, viewer, id } = await team();
    await expectRefused(viewer, "DELETE", `/workspaces/${id}/members/${editor.id}`, 403, "forbidden");
  });

  it("lets anyone leave", async () => {
    const { editor, viewer, id } = await team();
    expect((await call(viewer, "DELETE", `/workspaces/${id}/members/${viewer.id}`)).status).toBe(204);
    expect((await call(editor, "DELETE", `/workspaces/${id}/members/${editor.id}`)).status).toBe(204);
    expect((await call(viewer, "GET", "/workspaces")).body.workspaces).toEqual([]);
  });

  it("refuses the last owner leaving, or being removed by another owner who is leaving nothing behind", async () => {
    const { owner, id } = await team();
    await expectRefused(owner, "DELETE", `/workspaces/${id}/members/${owner.id}`, 409, "last_owner");
  });

  it("lets an owner leave when another owner remains", async () => {
    const { owner, editor, id } = await team();
    await call(owner, "PATCH", `/workspaces/${id}/members/${editor.id}`, { role: "owner" });
    expect((await call(owner, "DELETE", `/workspaces/${id}/members/${owner.id}`)).status).toBe(204);
    expect((await call(editor, "GET", `/workspaces/${id}/permissions`)).body.role).toBe("owner");
  });

  it("answers 404 for a target who is not a member", async () => {
    const { owner, id } = await team();
    const outsider = await newUser("x");
    await expectRefused(owner, "DELETE", `/workspaces/${id}/members/${outsider.id}`, 404, "not_found");
  });
});
