import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { call, newUser, type User } from "../support/http";
import { mailbox } from "../support/sign-in";
import { addMember, indexedMembers, snapshot, stubOf, team } from "../support/workspaces";

/** A team with a second owner, and the first owner's nomination of the editor. */
async function nominated() {
  const { owner, editor, viewer, id } = await team();
  const coOwner = await newUser("co-owner");
  await addMember(owner, id, coOwner, "owner");
  const nomination = await call(owner, "POST", `/workspaces/${id}/transfer`, { user_id: editor.id });
  expect(nomination.status).toBe(202);
  return { owner, coOwner, editor, viewer, id };
}

const pendingTransfer = async (user: User, id: string) =>
  (await call(user, "GET", `/workspaces/${id}`)).body.pending_transfer as Record<string, string> | null;

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
    // Nothing is pending any more.
    const again = await call(editor, "POST", `/workspaces/${id}/transfer/accept`);
    expect(again.status).toBe(404);
    expect(again.body.code).toBe("not_found");
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
    expect((await snapshot(id)).object.tables.ownership_nomination).toEqual([]);
  });
});

describe("a nomination's life", () => {
  it("refuses a stale nomination with 409 conflict: the nominator was demoted, the nominee too", async () => {
    const { owner, coOwner, editor, id } = await nominated();
    expect((await call(coOwner, "PATCH", `/workspaces/${id}/members/${owner.id}`, { role: "editor" })).status).toBe(
      200,
    );
    expect((await call(coOwner, "PATCH", `/workspaces/${id}/members/${editor.id}`, { role: "viewer" })).status).toBe(
      200,
    );
    const before = await snapshot(id);
    const refused = await call(editor, "POST", `/workspaces/${id}/transfer/accept`);
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe("conflict");
    expect(await snapshot(id)).toEqual(before);
    expect((await call(editor, "GET", `/workspaces/${id}/permissions`)).body.role).toBe("viewer");
  });

  it("refuses a nomination whose nominator was removed with 409 conflict", async () => {
    const { owner, coOwner, editor, id } = await nominated();
    expect((await call(coOwner, "DELETE", `/workspaces/${id}/members/${owner.id}`)).status).toBe(204);
    const refused = await call(editor, "POST", `/workspaces/${id}/transfer/accept`);
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe("conflict");
    expect((await call(editor, "GET", `/workspaces/${id}/permissions`)).body.role).toBe("editor");
  });

  it("expires after 7 days: nothing is pending any more", async () => {
    const { owner, editor, id } = await nominated();
    const expiresAt = Date.parse((await pendingTransfer(owner, id))?.expires_at ?? "");
    expect(expiresAt - Date.now()).toBeGreaterThan(7 * 86400_000 - 60_000);
    expect(expiresAt - Date.now()).toBeLessThanOrEqual(7 * 86400_000);
    await runInDurableObject(stubOf(id), (_i, state) => {
      state.storage.sql.exec(
        "update ownership_nomination set nominated_at = ?",
        new Date(Date.now() - 7 * 86400_000 - 1000).toISOString(),
      );
    });
    const refused = await call(editor, "POST", `/workspaces/${id}/transfer/accept`);
    expect(refused.status).toBe(404);
    expect(refused.body.code).toBe("not_found");
    expect(await pendingTransfer(owner, id)).toBeNull();
  });

  it("can be cancelled by an owner: DELETE /transfer answers 204, then 404 once nothing is pending", async () => {
    const { coOwner, editor, viewer, id } = await nominated();
    const outsider = await newUser("outsider");
    for (const [user, status, code] of [
      [editor, 403, "forbidden"],
      [viewer, 403, "forbidden"],
      [outsider, 404, "not_found"],
    ] as const) {
      const before = await snapshot(id);
      const refused = await call(user, "DELETE", `/workspaces/${id}/transfer`);
      expect(refused.status).toBe(status);
      expect(refused.body.code).toBe(code);
      expect(await snapshot(id)).toEqual(before);
    }
    expect((await call(coOwner, "DELETE", `/workspaces/${id}/transfer`)).status).toBe(204);
    expect(await pendingTransfer(coOwner, id)).toBeNull();
    const accept = await call(editor, "POST", `/workspaces/${id}/transfer/accept`);
    expect(accept.status).toBe(404);
    const again = await call(coOwner, "DELETE", `/workspaces/${id}/transfer`);
    expect(again.status).toBe(404);
    expect(again.body.code).toBe("not_found");
    const log = await call(coOwner, "GET", `/workspaces/${id}/audit?limit=1`);
    expect((log.body.events as { action: string; actor_id: string }[])[0]).toMatchObject({
      action: "ownership_nomination_cancelled",
      actor_id: coOwner.id,
    });
  });

  it("is mailed to the nominee", async () => {
    const owner = await newUser("owner", { first: "Olive", last: "Owner" });
    const editor = await newUser("editor");
    const id = await (async () => {
      const created = await call(owner, "POST", "/workspaces", { name: "Rocket" });
      return created.body.id as string;
    })();
    await addMember(owner, id, editor, "editor");
    expect((await call(owner, "POST", `/workspaces/${id}/transfer`, { user_id: editor.id })).status).toBe(202);
    const [mail] = await mailbox(editor.email);
    // Names someone chose appear in the body, quoted, and never in the subject.
    expect(mail?.subject).toBe("You are asked to take over a workspace");
    expect(mail?.text).toContain("“Olive Owner” asked you to take over as owner of the workspace “Rocket”.");
    expect(mail?.text).toContain(`http://localhost/workspaces/${id}`);
  });

  it("shows pending_transfer to owners and to the nominee, null to everyone else", async () => {
    const { owner, coOwner, editor, viewer, id } = await nominated();
    const expected = { nominee_id: editor.id, nominated_by: owner.id, expires_at: expect.any(String) };
    expect(await pendingTransfer(owner, id)).toEqual(expected);
    expect(await pendingTransfer(coOwner, id)).toEqual(expected);
    expect(await pendingTransfer(editor, id)).toEqual(expected);
    expect(await pendingTransfer(viewer, id)).toBeNull();
    expect((await call(editor, "POST", `/workspaces/${id}/transfer/accept`)).status).toBe(200);
    expect(await pendingTransfer(editor, id)).toBeNull();
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
    const before = await snapshot(id);
    const rename = await call(viewer, "PATCH", `/workspaces/${id}`, { name: "Nope" });
    expect(rename.status).toBe(403);
    expect(rename.body.code).toBe("forbidden");
    const removeStranger = await call(editor, "DELETE", `/workspaces/${id}/members/${editor.id}x`);
    expect(removeStranger.status).toBe(404);
    expect(removeStranger.body.code).toBe("not_found");
    const removeOwnerless = await call(viewer, "DELETE", `/workspaces/${id}/members/${editor.id}`);
    expect(removeOwnerless.status).toBe(403);
    expect(removeOwnerless.body.code).toBe("forbidden");
    // The whole log, event by event and field by field, not only its ids.
    expect(await snapshot(id)).toEqual(before);
    const log = await call(editor, "GET", `/workspaces/${id}/audit`);
    // The stored fields; `actor` and `subject` are resolved at read time (test/workspaces/audit-people.test.ts).
    const stored = (log.body.events as Record<string, unknown>[]).map(({ actor, subject, ...rest }) => rest);
    expect(stored).toEqual(
      (before.object.tables.audit_events ?? [])
        .slice()
        .reverse()
        .map((row) => ({
          id: row.id,
          at: row.at,
          actor_id: row.actor_id,
          action: row.action,
          target: row.target,
          details: JSON.parse(String(row.details)),
          prev_hash: row.prev_hash,
          hash: row.hash,
        })),
    );
  });
});
