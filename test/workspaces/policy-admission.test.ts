/**
 * Who may join under a policy, through HTTP (decision 0030): invitations to other domains are refused, acceptance
 * needs an allowed address and, when required, two-factor; existing members stay and are marked in the list.
 */
import { describe, expect, it } from "vitest";
import { call, newUser } from "../support/http";
import { setPolicy } from "../support/policy";
import { turnOnTwoFactor } from "../support/two-factor";
import { createWorkspace, expectRefused, invitationToken, invite, snapshot, team } from "../support/workspaces";

const accept = async (user: Awaited<ReturnType<typeof newUser>>) =>
  call(user, "POST", "/invitations/accept", { token: await invitationToken(user.email) });

describe("allowed email domains", () => {
  it("refuses invitations to other domains (403 domain_not_allowed), changing nothing; the domain is invited", async () => {
    const { owner, editor, id } = await team();
    await setPolicy(owner, id, { allowed_email_domains: ["example.com", "example.org"] });
    const path = `/workspaces/${id}/invitations`;
    for (const actor of [owner, editor]) {
      for (const email of ["someone@other.test", "someone@eng.example.com", "someone@example.com.evil.test"]) {
        await expectRefused(actor, "POST", path, 403, "domain_not_allowed", { email, role: "viewer" });
      }
    }
    // A viewer may not invite at all: the role is refused before the domain is looked at.
    expect((await invite(owner, id, "guest@EXAMPLE.org", "viewer")).status).toBe(201);
    expect((await invite(editor, id, "guest2@example.com", "viewer")).status).toBe(201);
  });

  it("refuses to accept an invitation from another domain sent before the list, changing nothing", async () => {
    const owner = await newUser("owner");
    const outsider = await newUser("outsider", { domain: "other.test" });
    const id = await createWorkspace(owner);
    expect((await invite(owner, id, outsider.email, "viewer")).status).toBe(201);
    await setPolicy(owner, id, { allowed_email_domains: ["example.com"] });
    const before = await snapshot(id, [outsider.id]);
    const refused = await accept(outsider);
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe("domain_not_allowed");
    expect(await snapshot(id, [outsider.id])).toEqual(before);
    // Taken off the list, the same invitation works.
    await setPolicy(owner, id, { allowed_email_domains: [] });
    expect((await accept(outsider)).status).toBe(200);
  });

  it("keeps existing members and marks those outside the domains in the members list", async () => {
    const owner = await newUser("owner");
    const outsider = await newUser("outsider", { domain: "other.test" });
    const id = await createWorkspace(owner);
    expect((await invite(owner, id, outsider.email, "editor")).status).toBe(201);
    expect((await accept(outsider)).status).toBe(200);
    const marks = async () =>
      Object.fromEntries(
        ((await call(owner, "GET", `/workspaces/${id}/members`)).body.members as Record<string, unknown>[]).map(
          (member) => [member.user_id, member.outside_allowed_domains],
        ),
      );
    expect(await marks()).toEqual({ [owner.id]: false, [outsider.id]: false });
    await setPolicy(owner, id, { allowed_email_domains: ["example.com"] });
    expect(await marks()).toEqual({ [owner.id]: false, [outsider.id]: true });
    // Still a member, and still working.
    expect((await call(outsider, "GET", `/workspaces/${id}`)).status).toBe(200);
    await setPolicy(owner, id, { allowed_email_domains: ["other.test"] });
    expect(await marks()).toEqual({ [owner.id]: true, [outsider.id]: false });
  });
});

describe("required two-factor for newcomers", () => {
  it("refuses to accept without two-factor (403 two_factor_required), changing nothing; with it, accepts", async () => {
    const { owner, id } = await team();
    const guest = await newUser("guest");
    expect((await invite(owner, id, guest.email, "viewer")).status).toBe(201);
    await setPolicy(owner, id, { require_two_factor: true, two_factor_grace_days: 30 });
    const token = await invitationToken(guest.email);
    const before = await snapshot(id, [guest.id]);
    for (let attempt = 0; attempt < 2; attempt++) {
      const refused = await call(guest, "POST", "/invitations/accept", { token });
      expect(refused.status).toBe(403);
      expect(refused.body.code).toBe("two_factor_required");
      expect(refused.body.detail).toMatch(/two-factor/);
    }
    expect(await snapshot(id, [guest.id])).toEqual(before);
    await turnOnTwoFactor(guest);
    expect((await call(guest, "POST", "/invitations/accept", { token })).status).toBe(200);
    // A newcomer who joined with two-factor is not shown a deadline.
    expect((await call(guest, "GET", `/workspaces/${id}`)).body.policy_deadline).toBeNull();
  });

  it("of parallel accepts with two-factor on, exactly one joins", async () => {
    const { owner, id } = await team();
    const guest = await newUser("guest");
    await turnOnTwoFactor(guest);
    await setPolicy(owner, id, { require_two_factor: true });
    expect((await invite(owner, id, guest.email, "viewer")).status).toBe(201);
    const token = await invitationToken(guest.email);
    const answers = await Promise.all(
      Array.from({ length: 4 }, () => call(guest, "POST", "/invitations/accept", { token })),
    );
    expect(answers.filter((answer) => answer.status === 200)).toHaveLength(1);
  });

  it("records the two-factor state of the creator and of each newcomer on their member row", async () => {
    const owner = await newUser("owner");
    await turnOnTwoFactor(owner);
    const id = await createWorkspace(owner);
    await setPolicy(owner, id, { require_two_factor: true, two_factor_grace_days: 0 });
    // The creator, recorded with two-factor on, is not shut out of their own workspace.
    expect((await call(owner, "GET", `/workspaces/${id}/members`)).status).toBe(200);
  });
});
