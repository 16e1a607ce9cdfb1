import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { call, newUser } from "../support/http";
import { addMember, createWorkspace, invitationToken, invite, stubOf } from "../support/workspaces";

describe("races", () => {
  it("lets exactly one of 20 parallel accepts of one invitation succeed", async () => {
    const owner = await newUser("owner");
    const invitee = await newUser("invitee");
    const id = await createWorkspace(owner);
    await invite(owner, id, invitee.email, "editor");
    const token = await invitationToken(invitee.email);
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => call(invitee, "POST", "/invitations/accept", { token: token })),
    );
    expect(answers.filter((a) => a.status === 200)).toHaveLength(1);
    expect(answers.filter((a) => a.status !== 200).every((a) => a.body.code === "invitation_used")).toBe(true);
    const members = await runInDurableObject(stubOf(id), (_i, state) =>
      state.storage.sql.exec("select count(*) as n from members where user_id = ?", invitee.id).one(),
    );
    expect(members.n).toBe(1);
  });

  it("never leaves zero owners when two owners demote each other at once, repeatedly", async () => {
    const a = await newUser("a");
    const b = await newUser("b");
    const id = await createWorkspace(a);
    await addMember(a, id, b, "owner");
    for (let round = 0; round < 10; round++) {
      const [ab, ba] = await Promise.all([
        call(a, "PATCH", `/workspaces/${id}/members/${b.id}`, { role: "editor" }),
        call(b, "PATCH", `/workspaces/${id}/members/${a.id}`, { role: "editor" }),
      ]);
      // One demotion wins; the other caller is no longer an owner (403) or would leave none (409).
      expect([ab.status, ba.status].filter((s) => s === 200)).toHaveLength(1);
      const owners = await runInDurableObject(stubOf(id), (_i, state) =>
        state.storage.sql.exec("select user_id from members where role = 'owner'").toArray(),
      );
      expect(owners).toHaveLength(1);
      const remaining = owners[0]?.user_id === a.id ? a : b;
      const demoted = remaining === a ? b : a;
      expect(
        (await call(remaining, "PATCH", `/workspaces/${id}/members/${demoted.id}`, { role: "owner" })).status,
      ).toBe(200);
    }
  });

  it("never leaves zero owners when two owners leave at once", async () => {
    const a = await newUser("a");
    const b = await newUser("b");
    const id = await createWorkspace(a);
    await addMember(a, id, b, "owner");
    const answers = await Promise.all([
      call(a, "DELETE", `/workspaces/${id}/members/${a.id}`),
      call(b, "DELETE", `/workspaces/${id}/members/${b.id}`),
    ]);
    expect(answers.map((x) => x.status).sort()).toEqual([204, 409]);
  });
});
