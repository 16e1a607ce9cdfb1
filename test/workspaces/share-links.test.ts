/**
 * Share links through HTTP (decision 0029): making, listing, revoking and showing them, and every refusal with a
 * snapshot that nothing changed. Joining, counting uses and invalidation are in share-link-joins.test.ts.
 */
import { env, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { Workspace } from "../../src/workspace/workspace";
import { call, newUser } from "../support/http";
import { tablesOf } from "../support/object-tables";
import {
  auditOf,
  expectLinkCallRefused,
  join,
  linkRow,
  makeLink,
  preview,
  setLinkExpiry,
} from "../support/share-links";
import { createWorkspace, stubOf, team } from "../support/workspaces";

const DAY_MS = 24 * 60 * 60 * 1000;

describe("making a share link", () => {
  it("answers 201 with the URL once, 7 days and 100 uses by default, and stores only the token's hash", async () => {
    const { owner, id } = await team();
    const link = await makeLink(owner, id, { role: "editor" });
    expect(Object.keys(link.body).sort()).toEqual(
      ["created_at", "created_by", "expires_at", "id", "max_uses", "role", "url", "uses"].sort(),
    );
    expect(link.body).toMatchObject({ role: "editor", max_uses: 100, uses: 0, created_by: owner.id });
    expect(link.body.url).toBe(`http://localhost/join/${link.token}`);
    expect(link.token).toMatch(/^[A-Za-z0-9_-]{43}$/); // 256 bits
    const created = Date.parse(link.body.created_at as string);
    expect(Date.parse(link.body.expires_at as string) - created).toBe(7 * DAY_MS);

    // Neither the object nor D1 holds the token itself; D1 maps its hash to the workspace.
    const tables = await runInDurableObject(stubOf(id), (_i: Workspace, state) => tablesOf(state.storage.sql));
    expect(JSON.stringify(tables)).not.toContain(link.token);
    const row = await linkRow(id, link.id);
    const mapped = await env.DB.prepare("select * from share_links where token_hash = ?").bind(row?.token_hash).all();
    expect(mapped.results).toEqual([{ token_hash: row?.token_hash, workspace_id: id }]);
    expect(JSON.stringify(mapped.results)).not.toContain(link.token);

    const [event] = await auditOf(owner, id, "link_created");
    expect(event).toMatchObject({ actor_id: owner.id, target: link.id, details: { role: "editor", max_uses: 100 } });
  });

  it("takes the bounds: 1 and 30 days, 1 and 1,000 uses", async () => {
    const { owner, editor, id } = await team();
    const shortest = await makeLink(editor, id, { role: "viewer", expires_in_days: 1, max_uses: 1 });
    expect(shortest.body).toMatchObject({ max_uses: 1, created_by: editor.id });
    const created = Date.parse(shortest.body.created_at as string);
    expect(Date.parse(shortest.body.expires_at as string) - created).toBe(DAY_MS);
    const longest = await makeLink(owner, id, { role: "owner", expires_in_days: 30, max_uses: 1000 });
    expect(longest.body).toMatchObject({ role: "owner", max_uses: 1000 });
    expect(Date.parse(longest.body.expires_at as string) - Date.parse(longest.body.created_at as string)).toBe(
      30 * DAY_MS,
    );
  });

  it("refuses bad input with 400 validation_failed, changing nothing", async () => {
    const { owner, id } = await team();
    const path = `/workspaces/${id}/links`;
    for (const body of [
      {},
      { role: "admin" },
      { role: "viewer", expires_in_days: 0 },
      { role: "viewer", expires_in_days: 31 },
      { role: "viewer", expires_in_days: 1.5 },
      { role: "viewer", expires_in_days: "7" },
      { role: "viewer", max_uses: 0 },
      { role: "viewer", max_uses: 1001 },
      { role: "viewer", max_uses: null },
    ]) {
      await expectLinkCallRefused(id, owner, { method: "POST", path, body }, 400, "validation_failed");
    }
  });

  it("holds at most 100 working links: the 101st is 409 conflict until one stops working", async () => {
    const { owner, id } = await team();
    const made = await Promise.all(Array.from({ length: 100 }, () => makeLink(owner, id)));
    const path = `/workspaces/${id}/links`;
    await expectLinkCallRefused(id, owner, { method: "POST", path, body: { role: "viewer" } }, 409, "conflict");
    await expectLinkCallRefused(id, owner, { method: "POST", path, body: { role: "editor" } }, 409, "conflict");
    expect((await call(owner, "DELETE", `${path}/${made[0]?.id}`)).status).toBe(204);
    await makeLink(owner, id);
  });

  it("refuses a role above what the caller may grant (403), viewers (403) and non-members (404)", async () => {
    const { editor, viewer, id } = await team();
    const stranger = await newUser("stranger");
    const path = `/workspaces/${id}/links`;
    await expectLinkCallRefused(id, editor, { method: "POST", path, body: { role: "owner" } }, 403, "forbidden");
    await expectLinkCallRefused(id, viewer, { method: "POST", path, body: { role: "viewer" } }, 403, "forbidden");
    await expectLinkCallRefused(id, stranger, { method: "POST", path, body: { role: "viewer" } }, 404, "not_found");
    await expectLinkCallRefused(id, null, { method: "POST", path, body: { role: "viewer" } }, 401, "unauthorized");
  });
});

describe("listing share links", () => {
  it("shows editors and owners the links that work, newest first, with their uses and without URL", async () => {
    const { owner, editor, id } = await team();
    const first = await makeLink(owner, id, { role: "viewer", max_uses: 2 });
    const second = await makeLink(editor, id, { role: "editor" });
    const revoked = await makeLink(owner, id, { role: "viewer" });
    expect((await call(owner, "DELETE", `/workspaces/${id}/links/${revoked.id}`)).status).toBe(204);
    const expired = await makeLink(owner, id, { role: "viewer" });
    await setLinkExpiry(id, expired.id, new Date(Date.now() - 1000));
    const usedUp = await makeLink(owner, id, { role: "viewer", max_uses: 1 });
    expect((await join(await newUser("joiner"), usedUp.token)).status).toBe(200);
    expect((await join(await newUser("joiner"), first.token)).status).toBe(200);

    for (const reader of [owner, editor]) {
      const answer = await call(reader, "GET", `/workspaces/${id}/links`);
      expect(answer.status).toBe(200);
      const links = answer.body.links as Record<string, unknown>[];
      expect(links.map((link) => link.id)).toEqual([second.id, first.id]);
      expect(links[1]).toEqual({
        id: first.id,
        role: "viewer",
        expires_at: first.body.expires_at,
        max_uses: 2,
        uses: 1,
        created_by: owner.id,
        created_at: first.body.created_at,
      });
    }
  });

  it("refuses viewers (403) and non-members (404)", async () => {
    const { viewer, id } = await team();
    const stranger = await newUser("stranger");
    const path = `/workspaces/${id}/links`;
    await expectLinkCallRefused(id, viewer, { method: "GET", path }, 403, "forbidden");
    await expectLinkCallRefused(id, stranger, { method: "GET", path }, 404, "not_found");
  });
});

describe("revoking a share link", () => {
  it("stops the link at once, is audited, and a second revoke is 404", async () => {
    const { owner, id } = await team();
    const link = await makeLink(owner, id);
    expect((await call(owner, "DELETE", `/workspaces/${id}/links/${link.id}`)).status).toBe(204);
    const path = `/workspaces/${id}/links/${link.id}`;
    await expectLinkCallRefused(id, owner, { method: "DELETE", path }, 404, "not_found");
    await expectLinkCallRefused(id, owner, { method: "DELETE", path }, 404, "not_found");
    const [event] = await auditOf(owner, id, "link_revoked");
    expect(event).toMatchObject({ actor_id: owner.id, target: link.id, details: { role: "viewer" } });
    expect((await join(await newUser("late"), link.token)).body.code).toBe("link_revoked");
  });

  it("lets an editor revoke any link of a role they could grant, whoever made it, but not an owner link", async () => {
    const { owner, editor, id } = await team();
    const ownersViewerLink = await makeLink(owner, id, { role: "viewer" });
    const ownersEditorLink = await makeLink(owner, id, { role: "editor" });
    const ownerLink = await makeLink(owner, id, { role: "owner" });
    expect((await call(editor, "DELETE", `/workspaces/${id}/links/${ownersViewerLink.id}`)).status).toBe(204);
    expect((await call(editor, "DELETE", `/workspaces/${id}/links/${ownersEditorLink.id}`)).status).toBe(204);
    const path = `/workspaces/${id}/links/${ownerLink.id}`;
    await expectLinkCallRefused(id, editor, { method: "DELETE", path }, 403, "forbidden");
    expect((await preview(editor, ownerLink.token)).status).toBe(200);
  });

  it("refuses viewers (403), non-members and unknown or expired links (404)", async () => {
    const { owner, viewer, id } = await team();
    const stranger = await newUser("stranger");
    const link = await makeLink(owner, id);
    const path = `/workspaces/${id}/links/${link.id}`;
    await expectLinkCallRefused(id, viewer, { method: "DELETE", path }, 403, "forbidden");
    await expectLinkCallRefused(id, stranger, { method: "DELETE", path }, 404, "not_found");
    await expectLinkCallRefused(id, owner, { method: "DELETE", path: `${path}x` }, 404, "not_found");
    await setLinkExpiry(id, link.id, new Date(Date.now() - 1000));
    await expectLinkCallRefused(id, owner, { method: "DELETE", path }, 404, "not_found");
  });
});

describe("showing a share link", () => {
  it("tells anyone signed in the workspace, the role and the expiry, and changes nothing", async () => {
    const { owner, id } = await team();
    const link = await makeLink(owner, id, { role: "editor" });
    const stranger = await newUser("stranger");
    const before = await runInDurableObject(stubOf(id), (_i: Workspace, state) => tablesOf(state.storage.sql));
    const answer = await preview(stranger, link.token);
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ workspace: { id, name: "Acme" }, role: "editor", expires_at: link.body.expires_at });
    expect(await runInDurableObject(stubOf(id), (_i: Workspace, state) => tablesOf(state.storage.sql))).toEqual(before);
  });

  it("is 401 without a token, 404 for a token that is no link, and 410 for a link that stopped", async () => {
    const { owner, id } = await team();
    const stranger = await newUser("stranger");
    const link = await makeLink(owner, id);
    await expectLinkCallRefused(id, null, { method: "GET", path: `/links/${link.token}` }, 401, "unauthorized");
    const unknown = `${link.token.slice(0, -1)}${link.token.endsWith("A") ? "B" : "A"}`;
    await expectLinkCallRefused(id, stranger, { method: "GET", path: `/links/${unknown}` }, 404, "not_found");
    await expectLinkCallRefused(id, stranger, { method: "GET", path: "/links/short" }, 404, "not_found");
    await setLinkExpiry(id, link.id, new Date(Date.now() - 1000));
    await expectLinkCallRefused(id, stranger, { method: "GET", path: `/links/${link.token}` }, 410, "link_expired");
  });

  it("answers 410 link_revoked for every link of a deleted workspace", async () => {
    const owner = await newUser("owner");
    const id = await createWorkspace(owner);
    const link = await makeLink(owner, id);
    expect((await call(owner, "DELETE", `/workspaces/${id}`)).status).toBe(204);
    const stranger = await newUser("stranger");
    await expectLinkCallRefused(id, stranger, { method: "GET", path: `/links/${link.token}` }, 410, "link_revoked");
    await expectLinkCallRefused(
      id,
      stranger,
      { method: "POST", path: `/links/${link.token}/join` },
      410,
      "link_revoked",
    );
  });
});
