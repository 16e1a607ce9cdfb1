/**
 * Share links and the purge of an account (decisions 0014, 0029): `created_by` names a person, so a purged creator's
 * links stop working and nothing names them any more; a workspace erased whole leaves no link in the D1 map.
 */
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { ageDeletion, deleteAccount, runAccountAlarm, tracesOf, workspaceTables } from "../support/account-lifecycle";
import { call, newUser } from "../support/http";
import { join, linkRow, makeLink, preview } from "../support/share-links";
import { addMember, createWorkspace } from "../support/workspaces";

async function purge(user: { id: string; email: string; token: string }) {
  await deleteAccount(user);
  await ageDeletion(user.id, 31);
  expect(await runAccountAlarm(user.id)).toBe(true);
}

describe("share links of a purged account", () => {
  it("are in their maker's export first, revoked ones with when, never with a token", async () => {
    const owner = await newUser("owner");
    const creator = await newUser("creator");
    const id = await createWorkspace(owner);
    await addMember(owner, id, creator, "editor");
    const kept = await makeLink(creator, id, { role: "viewer" });
    const revoked = await makeLink(creator, id, { role: "editor" });
    expect((await call(owner, "DELETE", `/workspaces/${id}/links/${revoked.id}`)).status).toBe(204);
    await makeLink(owner, id, { role: "viewer" }); // the owner's, not the creator's

    const answer = await call(creator, "GET", "/me/export");
    expect(answer.status).toBe(200);
    const workspaces = answer.body.workspaces as { workspace: { id: string }; share_links_created: unknown[] }[];
    const links = workspaces.find((entry) => entry.workspace.id === id)?.share_links_created as {
      id: string;
      revoked_at: string | null;
    }[];
    expect(links.map((link) => [link.id, link.revoked_at === null])).toEqual([
      [kept.id, true],
      [revoked.id, false],
    ]);
    expect(JSON.stringify(answer.body)).not.toContain(kept.token);
  });

  it("stop working, and name the creator only by the pseudonym, with the audit chain intact", async () => {
    const owner = await newUser("owner");
    const creator = await newUser("creator");
    const id = await createWorkspace(owner);
    await addMember(owner, id, creator, "editor");
    const standing = await makeLink(creator, id, { role: "viewer" });
    const alreadyStopped = await makeLink(creator, id, { role: "editor" });
    expect((await call(owner, "DELETE", `/workspaces/${id}/links/${alreadyStopped.id}`)).status).toBe(204);
    expect((await join(await newUser("early"), standing.token)).status).toBe(200);

    await purge(creator);

    expect(tracesOf(await workspaceTables(id), [creator.id, creator.email])).toEqual([]);
    const row = await linkRow(id, standing.id);
    expect(row?.created_by).toMatch(/^deleted_/);
    expect(row?.revoked_at).not.toBeNull();
    for (const link of [standing, alreadyStopped]) {
      const late = await newUser("late");
      expect((await join(late, link.token)).body.code).toBe("link_revoked");
      expect((await preview(late, link.token)).body.code).toBe("link_revoked");
    }
    expect((await call(owner, "GET", `/workspaces/${id}/audit/verify`)).body).toMatchObject({ valid: true });
  });

  it("leave no row in the D1 map when their workspace is erased whole, and their token is then unknown", async () => {
    const solo = await newUser("solo");
    const id = await createWorkspace(solo);
    const link = await makeLink(solo, id, { role: "viewer", max_uses: 1 });
    const count = () =>
      env.DB.prepare("select count(*) as n from share_links where workspace_id = ?").bind(id).first<number>("n");
    expect(await count()).toBe(1);

    await purge(solo);

    expect(await workspaceTables(id)).toEqual({});
    expect(await count()).toBe(0);
    expect((await join(await newUser("late"), link.token)).body.code).toBe("not_found");
  });
});
