/** Live tickets and reconnecting (decision 0028): every refused ticket changes nothing; `since` replays or resyncs. */
import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { Workspace } from "../../src/workspace/workspace";
import { call, newUser, type User } from "../support/http";
import { openLive, ticketFor, typesOf, upgrade } from "../support/live";
import { createWorkspace, expectRefused, snapshot, stubOf, team } from "../support/workspaces";

/** Tries to open the socket with `query` and expects 401 `live_ticket_invalid`, no socket, and nothing changed. */
async function expectTicketRefused(
  workspaceId: string,
  query: string,
  also: User[] = [],
  headers: Record<string, string> = {},
) {
  const before = await snapshot(
    workspaceId,
    also.map((user) => user.id),
  );
  const response = await upgrade(workspaceId, query, { upgrade: "websocket", ...headers });
  expect(response.status, query).toBe(401);
  expect(response.webSocket).toBeNull();
  const body = (await response.json()) as { code: string; detail: string };
  expect(body.code).toBe("live_ticket_invalid");
  expect(body.detail).toMatch(/^[A-Z][^_]*[.]$/);
  expect(
    await snapshot(
      workspaceId,
      also.map((user) => user.id),
    ),
  ).toEqual(before);
}

describe("POST /api/workspaces/:id/live/ticket", () => {
  it("is for members only: a non-member hears not found, without a token it is 401", async () => {
    const { id } = await team();
    const stranger = await newUser("stranger");
    await expectRefused(stranger, "POST", `/workspaces/${id}/live/ticket`, 404, "not_found");
    expect((await call(null, "POST", `/workspaces/${id}/live/ticket`)).status).toBe(401);
  });
});

describe("GET /api/workspaces/:id/live refuses, before any upgrade and changing nothing,", () => {
  it("no ticket, a malformed one, and an unknown one", async () => {
    const { id } = await team();
    await expectTicketRefused(id, "");
    await expectTicketRefused(id, "?ticket=not-a-ticket");
    await expectTicketRefused(id, `?ticket=lt_${"A".repeat(43)}`);
  });

  it("a used ticket: the second use of one ticket opens nothing", async () => {
    const { owner, id } = await team();
    const ticket = await ticketFor(owner, id);
    expect((await upgrade(id, `?ticket=${ticket}`)).status).toBe(101);
    await expectTicketRefused(id, `?ticket=${ticket}`);
  });

  it("the second of two uses racing each other: exactly one opens a socket", async () => {
    const { owner, id } = await team();
    const ticket = await ticketFor(owner, id);
    const answers = await Promise.all([upgrade(id, `?ticket=${ticket}`), upgrade(id, `?ticket=${ticket}`)]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([101, 401]);
  });

  it("an expired ticket", async () => {
    const { owner, id } = await team();
    const ticket = await ticketFor(owner, id);
    await runInDurableObject(stubOf(id), async (_object: Workspace, state) => {
      state.storage.sql.exec("UPDATE live_tickets SET expires_at = ?", Date.now() - 1);
    });
    await expectTicketRefused(id, `?ticket=${ticket}`);
  });

  it("another workspace's ticket", async () => {
    const { owner, id } = await team();
    const other = await createWorkspace(owner, "Other");
    await expectTicketRefused(id, `?ticket=${await ticketFor(owner, other)}`);
  });

  it("another person's ticket, sent with one's own access token (or a bad one); with its owner's, it opens", async () => {
    const { owner, editor, id } = await team();
    const ticket = await ticketFor(owner, id);
    for (const authorization of [`Bearer ${editor.token}`, "Bearer not-a-token", "Basic abc"]) {
      await expectTicketRefused(id, `?ticket=${ticket}`, [], { authorization });
    }
    const opened = await upgrade(id, `?ticket=${ticket}`, {
      upgrade: "websocket",
      authorization: `Bearer ${owner.token}`,
    });
    expect(opened.status).toBe(101);
    opened.webSocket?.accept();
    opened.webSocket?.close(1000);
  });

  it("the ticket of a person who is no longer a member", async () => {
    const { owner, viewer, id } = await team();
    const ticket = await ticketFor(viewer, id);
    expect((await call(owner, "DELETE", `/workspaces/${id}/members/${viewer.id}`)).status).toBe(204);
    await expectTicketRefused(id, `?ticket=${ticket}`, [viewer]);
  });

  it("the ticket of a session that has ended (it is bound to the person's session, not only to them)", async () => {
    const { editor, id } = await team();
    const ticket = await ticketFor(editor, id);
    expect((await call(editor, "POST", "/me/sign-out")).status).toBe(204);
    await expectTicketRefused(id, `?ticket=${ticket}`);
  });

  it("a request that is not a WebSocket upgrade (426), keeping the ticket", async () => {
    const { owner, id } = await team();
    const ticket = await ticketFor(owner, id);
    const plain = await upgrade(id, `?ticket=${ticket}`, {});
    expect(plain.status).toBe(426);
    expect(((await plain.json()) as { code: string }).code).toBe("upgrade_required");
    expect((await upgrade(id, `?ticket=${ticket}&since=x`)).status).toBe(400);
    expect((await upgrade(id, `?ticket=${ticket}`)).status).toBe(101);
  });
});

describe("reconnecting with since", () => {
  it("replays what was missed after that seq, as the person may see it now", async () => {
    const { owner, viewer, id } = await team();
    const first = await openLive(viewer, id);
    expect((await call(owner, "PATCH", `/workspaces/${id}`, { name: "One" })).status).toBe(200);
    const [renamed] = await first.waitFor(1);
    first.socket.close(1000);
    expect((await call(owner, "PATCH", `/workspaces/${id}`, { name: "Two" })).status).toBe(200);
    expect(
      (await call(owner, "POST", `/workspaces/${id}/invitations`, { email: "x@example.com", role: "viewer" })).status,
    ).toBe(201);
    expect((await call(owner, "PATCH", `/workspaces/${id}`, { name: "Three" })).status).toBe(200);

    const again = await openLive(viewer, id, renamed?.seq as number);
    const frames = await again.waitFor(2);
    // The invitation is not the viewer's to see; its seq is skipped, not renumbered.
    expect(typesOf(frames)).toEqual(["workspace_renamed", "workspace_renamed"]);
    expect(frames.map((frame) => frame.seq)).toEqual([(renamed?.seq as number) + 1, (renamed?.seq as number) + 3]);
    const current = await openLive(viewer, id, frames[1]?.seq as number);
    expect((await call(owner, "PATCH", `/workspaces/${id}`, { name: "Four" })).status).toBe(200);
    expect(typesOf(await current.waitFor(1))).toEqual(["workspace_renamed"]);
  });

  it("sends resync when more than 100 events were missed, or for a seq the workspace never reached", async () => {
    const owner = await newUser("owner");
    const id = await createWorkspace(owner);
    for (let index = 0; index < 101; index++) {
      expect((await call(owner, "PATCH", `/workspaces/${id}`, { name: `Name ${index}` })).status).toBe(200);
    }
    expect(await (await openLive(owner, id, 0)).waitFor(1)).toEqual([{ type: "resync" }]);
    expect(await (await openLive(owner, id, 500)).waitFor(1)).toEqual([{ type: "resync" }]);
    const fromOne = await openLive(owner, id, 1);
    expect((await fromOne.waitFor(100)).map((frame) => frame.seq)).toEqual(
      Array.from({ length: 100 }, (_, i) => i + 2),
    );
  }, 60_000);
});
