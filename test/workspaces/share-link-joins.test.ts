/**
 * Joining through a share link (decision 0029): the membership, its audit and index, every refusal with nothing
 * changed, exact use counting under 30 parallel joins, and links that stop when their creator loses the right.
 */
import { runDurableObjectAlarm } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { call, newUser, type User } from "../support/http";
import { openLive, settle, typesOf } from "../support/live";
import {
  auditOf,
  expectLinkCallRefused,
  join,
  linkRow,
  makeLink,
  memberRoles,
  preview,
  setLinkExpiry,
} from "../support/share-links";
import { addMember, createWorkspace, indexedMembers, stubOf, team } from "../support/workspaces";

const joinPath = (token: string) => ({ method: "POST", path: `/links/${token}/join` });

describe("joining through a share link", () => {
  it("makes the caller a member with the link's role, counted, audited, indexed and vouched by its creator", async () => {
    const { owner, editor, id } = await team();
    const link = await makeLink(editor, id, { role: "editor" });
    const joiner = await newUser("joiner");
    const answer = await join(joiner, link.token);
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ workspace_id: id, role: "editor" });

    expect((await memberRoles(id))[joiner.id]).toBe("editor");
    expect((await indexedMembers(id))[joiner.id]).toBe("editor");
    expect((await linkRow(id, link.id))?.uses).toBe(1);
    const members = (await call(joiner, "GET", `/workspaces/${id}/members?q=${joiner.email}`)).body.members;
    expect(members).toEqual([expect.objectContaining({ user_id: joiner.id, role: "editor" })]);
    const [event] = await auditOf(owner, id, "member_joined");
    expect(event).toMatchObject({
      actor_id: joiner.id,
      target: joiner.id,
      details: { via: "link", link_id: link.id, role: "editor" },
    });
    const listed = (await call(owner, "GET", `/workspaces/${id}/links`)).body.links as { uses: number }[];
    expect(listed[0]?.uses).toBe(1);
    // The joiner is now a member like any other: they see the workspace in their list.
    const mine = (await call(joiner, "GET", "/workspaces")).body.workspaces as { id: string; role: string }[];
    expect(mine).toEqual([expect.objectContaining({ id, role: "editor" })]);
  });

  it("refuses a member with 409 already_member, again and again, changing nothing", async () => {
    const { owner, viewer, id } = await team();
    const link = await makeLink(owner, id, { role: "editor" });
    for (const member of [viewer, owner, viewer]) {
      await expectLinkCallRefused(id, member, joinPath(link.token), 409, "already_member");
    }
    expect((await linkRow(id, link.id))?.uses).toBe(0);
  });

  it("refuses an unknown token (404) and a caller without a token (401), changing nothing", async () => {
    const { owner, id } = await team();
    const link = await makeLink(owner, id);
    const stranger = await newUser("stranger");
    const unknown = `${link.token.slice(0, -1)}${link.token.endsWith("A") ? "B" : "A"}`;
    await expectLinkCallRefused(id, stranger, joinPath(unknown), 404, "not_found");
    await expectLinkCallRefused(id, stranger, joinPath("not-a-link"), 404, "not_found");
    await expectLinkCallRefused(id, null, joinPath(link.token), 401, "unauthorized");
  });

  it("refuses a revoked link with 410 link_revoked, every time", async () => {
    const { owner, id } = await team();
    const link = await makeLink(owner, id);
    expect((await call(owner, "DELETE", `/workspaces/${id}/links/${link.id}`)).status).toBe(204);
    for (const person of [await newUser("late"), await newUser("later"), await newUser("latest")]) {
      await expectLinkCallRefused(id, person, joinPath(link.token), 410, "link_revoked");
    }
  });

  it("refuses an expired link with 410 link_expired, from the instant it expires", async () => {
    const { owner, id } = await team();
    const link = await makeLink(owner, id);
    await setLinkExpiry(id, link.id, new Date(Date.now() + 60_000));
    expect((await join(await newUser("in-time"), link.token)).status).toBe(200);
    await setLinkExpiry(id, link.id, new Date());
    for (const person of [await newUser("late"), await newUser("later")]) {
      await expectLinkCallRefused(id, person, joinPath(link.token), 410, "link_expired");
    }
  });

  it("admits exactly as many people as its uses, then refuses the 11th and 12th with 410 link_exhausted", async () => {
    const { owner, id } = await team();
    const link = await makeLink(owner, id, { role: "viewer", max_uses: 10 });
    for (let i = 0; i < 10; i++) expect((await join(await newUser(`joiner${i}`), link.token)).status).toBe(200);
    for (const person of [await newUser("eleventh"), await newUser("twelfth")]) {
      await expectLinkCallRefused(id, person, joinPath(link.token), 410, "link_exhausted");
    }
    expect((await linkRow(id, link.id))?.uses).toBe(10);
    expect((await call(owner, "GET", `/workspaces/${id}/links`)).body.links).toEqual([]);
  });

  it("counts exactly under concurrency: 30 parallel joins by 30 people through a 10-use link make 10 members", async () => {
    const owner = await newUser("owner");
    const id = await createWorkspace(owner);
    const link = await makeLink(owner, id, { role: "viewer", max_uses: 10 });
    const people: User[] = [];
    for (let i = 0; i < 30; i++) people.push(await newUser(`crowd${i}`));

    const answers = await Promise.all(people.map((person) => join(person, link.token)));
    const admitted = people.filter((_, i) => answers[i]?.status === 200);
    expect(admitted).toHaveLength(10);
    expect(answers.filter((answer) => answer.status !== 200).map((answer) => answer.body.code)).toEqual(
      Array(20).fill("link_exhausted"),
    );
    expect((await linkRow(id, link.id))?.uses).toBe(10);
    const roles = await memberRoles(id);
    expect(Object.keys(roles).sort()).toEqual([owner.id, ...admitted.map((person) => person.id)].sort());
    expect(Object.keys(await indexedMembers(id))).toHaveLength(11);
    expect(await auditOf(owner, id, "member_joined")).toHaveLength(10);
  });
});

describe("a link stops working when its creator loses the right to grant its role", () => {
  /** A link that worked, then: 410 link_revoked on join and show, gone from the list, and the revocation audited. */
  async function expectStopped(owner: User, id: string, link: { id: string; token: string }) {
    const late = await newUser("late");
    await expectLinkCallRefused(id, late, joinPath(link.token), 410, "link_revoked");
    await expectLinkCallRefused(id, late, joinPath(link.token), 410, "link_revoked");
    expect((await preview(late, link.token)).body.code).toBe("link_revoked");
    const listed = (await call(owner, "GET", `/workspaces/${id}/links`)).body.links as { id: string }[];
    expect(listed.map((l) => l.id)).not.toContain(link.id);
    const events = await auditOf(owner, id, "link_revoked");
    expect(events.find((event) => event.target === link.id)?.details).toEqual({
      role: expect.any(String),
      reason: "creator_lost_the_right_to_grant",
    });
  }

  it("when its creator leaves", async () => {
    const { owner, editor, id } = await team();
    const link = await makeLink(editor, id, { role: "viewer" });
    expect((await call(editor, "DELETE", `/workspaces/${id}/members/${editor.id}`)).status).toBe(204);
    await expectStopped(owner, id, link);
  });

  it("when its creator is removed", async () => {
    const { owner, editor, id } = await team();
    const link = await makeLink(editor, id, { role: "editor" });
    expect((await call(owner, "DELETE", `/workspaces/${id}/members/${editor.id}`)).status).toBe(204);
    await expectStopped(owner, id, link);
  });

  it("when its creator is demoted below its role, while links they may still make keep working", async () => {
    const { owner, editor, id } = await team();
    const second = await newUser("second-owner");
    await addMember(owner, id, second, "owner");
    const ownerLink = await makeLink(second, id, { role: "owner" });
    const editorLink = await makeLink(second, id, { role: "editor" });
    const editorsLink = await makeLink(editor, id, { role: "viewer" });

    expect((await call(owner, "PATCH", `/workspaces/${id}/members/${second.id}`, { role: "editor" })).status).toBe(200);
    await expectStopped(owner, id, ownerLink);
    expect((await join(await newUser("still"), editorLink.token)).status).toBe(200);

    expect((await call(owner, "PATCH", `/workspaces/${id}/members/${editor.id}`, { role: "viewer" })).status).toBe(200);
    await expectStopped(owner, id, editorsLink);
    // Promoted again, the creator does not revive a revoked link.
    expect((await call(owner, "PATCH", `/workspaces/${id}/members/${editor.id}`, { role: "editor" })).status).toBe(200);
    expect((await join(await newUser("too-late"), editorsLink.token)).body.code).toBe("link_revoked");
  });

  it("when its creator's access expires and the workspace's alarm removes them", async () => {
    const { owner, editor, id } = await team();
    const link = await makeLink(editor, id, { role: "viewer" });
    const soon = new Date(Date.now() + 1500).toISOString();
    expect((await call(owner, "PATCH", `/workspaces/${id}/members/${editor.id}`, { expires_at: soon })).status).toBe(
      200,
    );
    await new Promise((resolve) => setTimeout(resolve, 1600));
    await runDurableObjectAlarm(stubOf(id));
    await expect.poll(async () => (await memberRoles(id))[editor.id], { timeout: 10_000 }).toBeUndefined();
    await expectStopped(owner, id, link);
  });

  it("when an owner hands over ownership and becomes an editor", async () => {
    const { owner, editor, id } = await team();
    const ownerLink = await makeLink(owner, id, { role: "owner" });
    expect((await call(owner, "POST", `/workspaces/${id}/transfer`, { user_id: editor.id })).status).toBe(202);
    expect((await call(editor, "POST", `/workspaces/${id}/transfer/accept`)).status).toBe(200);
    await expectStopped(editor, id, ownerLink);
  });
});

describe("live events of share links", () => {
  it("push link_created, member_joined and link_revoked to editors, and only the join to viewers", async () => {
    const { owner, editor, viewer, id } = await team();
    const editorLive = await openLive(editor, id);
    const viewerLive = await openLive(viewer, id);
    const link = await makeLink(owner, id, { role: "viewer" });
    const joiner = await newUser("joiner");
    expect((await join(joiner, link.token)).status).toBe(200);
    expect((await call(owner, "DELETE", `/workspaces/${id}/links/${link.id}`)).status).toBe(204);

    const frames = await editorLive.waitFor(3);
    expect(typesOf(frames)).toEqual(["link_created", "member_joined", "link_revoked"]);
    expect(frames[0]).toMatchObject({ workspace_id: id, user_id: owner.id, role: "viewer" });
    expect(frames[1]).toMatchObject({ workspace_id: id, user_id: joiner.id, role: "viewer" });
    expect(frames[2]?.seq).toBe((frames[0]?.seq as number) + 2);
    await viewerLive.waitFor(1);
    await settle();
    expect(typesOf(viewerLive.frames)).toEqual(["member_joined"]);
  });
});
