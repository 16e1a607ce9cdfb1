/**
 * The D1 map from a share link's token hash to its workspace (decision 0029): written through the workspace outbox, so
 * a link made while D1 is down works once the outbox delivers its row, and the object stays the authority.
 */
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { call, newUser } from "../support/http";
import { brokenD1, deliverDueNow, setDirectory } from "../support/outbox";
import { join, linkRow, makeLink, preview } from "../support/share-links";
import { createWorkspace } from "../support/workspaces";

const mapRows = (workspaceId: string) =>
  env.DB.prepare("select * from share_links where workspace_id = ?").bind(workspaceId).all();

describe("the share link map", () => {
  it("is written with the link, and a link made during a D1 outage works once the outbox delivers it", async () => {
    const owner = await newUser("owner");
    const id = await createWorkspace(owner);
    await setDirectory(id, brokenD1);
    const link = await makeLink(owner, id);
    const joiner = await newUser("joiner");
    // The object has the link; nothing finds it yet.
    expect((await mapRows(id)).results).toEqual([]);
    expect((await join(joiner, link.token)).body.code).toBe("not_found");

    await setDirectory(id, env.DB);
    await deliverDueNow(id);
    const row = await linkRow(id, link.id);
    expect((await mapRows(id)).results).toEqual([{ token_hash: row?.token_hash, workspace_id: id }]);
    expect((await preview(joiner, link.token)).status).toBe(200);
    expect((await join(joiner, link.token)).status).toBe(200);
  });

  it("only finds the workspace: a row pointing elsewhere opens nothing there", async () => {
    const owner = await newUser("owner");
    const id = await createWorkspace(owner);
    const other = await createWorkspace(owner, "Other");
    const link = await makeLink(owner, id);
    const row = await linkRow(id, link.id);
    await env.DB.prepare("update share_links set workspace_id = ? where token_hash = ?")
      .bind(other, row?.token_hash)
      .run();
    const joiner = await newUser("joiner");
    expect((await join(joiner, link.token)).body.code).toBe("not_found");
    expect((await call(joiner, "GET", `/workspaces/${other}`)).status).toBe(404);
  });
});
