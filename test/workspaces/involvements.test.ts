/** The D1 index of which workspace objects name a person, by user id or invited email (export and purge use it). */
import { env } from "cloudflare:test";
import { drizzle } from "drizzle-orm/d1";
import { describe, expect, it } from "vitest";
import { workspacesInvolving } from "../../src/workspace/directory";
import { call, newUser } from "../support/http";
import { nextEmail } from "../support/people";
import { addMember, createWorkspace, invitationToken, invite } from "../support/workspaces";

const involving = (...subjects: string[]) => workspacesInvolving(drizzle(env.DB), subjects);

describe("involvements", () => {
  it("lists the workspaces a person is a member of, and keeps them after they leave", async () => {
    const owner = await newUser("inv-owner");
    const member = await newUser("inv-member");
    const first = await createWorkspace(owner, "First");
    const second = await createWorkspace(owner, "Second");
    await addMember(owner, first, member, "editor");
    await addMember(owner, second, member, "viewer");
    expect(await involving(member.id)).toEqual([first, second].sort());
    expect((await call(member, "DELETE", `/workspaces/${first}/members/${member.id}`)).status).toBe(204);
    expect(await involving(member.id)).toEqual([first, second].sort());
  });

  it("lists a workspace that invited an email, before anyone accepts", async () => {
    const owner = await newUser("inv-owner");
    const workspaceId = await createWorkspace(owner);
    const email = nextEmail("someone");
    expect(await involving(email)).toEqual([]);
    expect((await invite(owner, workspaceId, email, "viewer")).status).toBe(201);
    expect(await involving(email)).toEqual([workspaceId]);
    expect(await involving(owner.id, email)).toEqual([workspaceId]);
  });

  it("lists a workspace under the id of a person who declined or accepted, not only under the invited email", async () => {
    const owner = await newUser("inv-owner");
    const decliner = await newUser("inv-decliner");
    const accepter = await newUser("inv-accepter");
    const declined = await createWorkspace(owner, "Declined");
    const accepted = await createWorkspace(owner, "Accepted");
    expect((await invite(owner, declined, decliner.email, "viewer")).status).toBe(201);
    const token = await invitationToken(decliner.email);
    expect((await call(decliner, "POST", "/invitations/decline", { token })).status).toBe(204);
    expect(await involving(decliner.id)).toEqual([declined]);
    // Accepted, then left at once: the index names them by id whatever the membership entry says by then.
    await addMember(owner, accepted, accepter, "viewer");
    expect((await call(accepter, "DELETE", `/workspaces/${accepted}/members/${accepter.id}`)).status).toBe(204);
    expect(await involving(accepter.id)).toEqual([accepted]);
  });
});
