/**
 * A share link admits only whom the workspace's policy admits (decisions 0029, 0030): an address of another domain,
 * or a person without two-factor where it is required, is refused before the link's use is counted.
 */
import { describe, expect, it } from "vitest";
import { newUser } from "../support/http";
import { DAY, movePolicyStart, setPolicy } from "../support/policy";
import { expectLinkCallRefused, join, linkRow, makeLink, memberRoles } from "../support/share-links";
import { turnOnTwoFactor } from "../support/two-factor";
import { createWorkspace, team } from "../support/workspaces";

describe("joining by link under a policy", () => {
  it("refuses an address outside the allowed domains, again and in parallel, counting no use", async () => {
    const owner = await newUser("owner");
    const id = await createWorkspace(owner);
    const link = await makeLink(owner, id, { role: "viewer", max_uses: 1 });
    await setPolicy(owner, id, { allowed_email_domains: ["example.com"] });
    const outsider = await newUser("outsider", { domain: "other.test" });
    const request = { method: "POST", path: `/links/${link.token}/join` };
    for (let i = 0; i < 3; i++) await expectLinkCallRefused(id, outsider, request, 403, "domain_not_allowed");
    const parallel = await Promise.all([1, 2, 3].map(() => join(outsider, link.token)));
    expect(parallel.map((answer) => answer.body.code)).toEqual(Array(3).fill("domain_not_allowed"));
    expect((await linkRow(id, link.id))?.uses).toBe(0);
    // The one use the link has is still there for someone of the domain.
    const insider = await newUser("insider");
    expect((await join(insider, link.token)).status).toBe(200);
    expect(await memberRoles(id)).toEqual({ [owner.id]: "owner", [insider.id]: "viewer" });
  });

  it("refuses a newcomer without two-factor where it is required, and admits them once it is on", async () => {
    const owner = await newUser("owner");
    const id = await createWorkspace(owner);
    const link = await makeLink(owner, id, { role: "editor" });
    await setPolicy(owner, id, { require_two_factor: true });
    const newcomer = await newUser("newcomer");
    const request = { method: "POST", path: `/links/${link.token}/join` };
    for (let i = 0; i < 2; i++) await expectLinkCallRefused(id, newcomer, request, 403, "two_factor_required");
    await turnOnTwoFactor(newcomer);
    const joined = await join(newcomer, link.token);
    expect(joined.status, JSON.stringify(joined.body)).toBe(200);
    expect(joined.body).toEqual({ workspace_id: id, role: "editor" });
    expect((await linkRow(id, link.id))?.uses).toBe(1);
  });

  it("refuses an editor past the two-factor deadline every link route, changing nothing; with two-factor, allows", async () => {
    const { owner, editor, id } = await team();
    await turnOnTwoFactor(owner);
    const link = await makeLink(editor, id, { role: "viewer" });
    await setPolicy(owner, id, { require_two_factor: true, two_factor_grace_days: 1 });
    await movePolicyStart(id, DAY);
    const routes = [
      { method: "POST", path: `/workspaces/${id}/links`, body: { role: "viewer" } },
      { method: "GET", path: `/workspaces/${id}/links` },
      { method: "DELETE", path: `/workspaces/${id}/links/${link.id}` },
    ];
    for (const request of routes) await expectLinkCallRefused(id, editor, request, 403, "two_factor_required");
    await turnOnTwoFactor(editor);
    expect((await makeLink(editor, id, { role: "viewer" })).id).toMatch(/^lnk_/);
  });
});
