/**
 * Invitation links keep their secret where no server log sees it (issue 15): mailed links are `/invite#<token>` (a
 * fragment never leaves the browser), and the API takes the token in a JSON body, never in a URL.
 */
import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { call, newUser } from "../support/http";
import { mailbox } from "../support/sign-in";
import { createWorkspace, invitationToken, invite, snapshot } from "../support/workspaces";

describe("invitation links", () => {
  it("are mailed as <origin>/invite#<token>, with no token in any path", async () => {
    const owner = await newUser("link-owner");
    const id = await createWorkspace(owner);
    expect((await invite(owner, id, "fragment@example.com", "viewer")).status).toBe(201);
    const [mail] = (await mailbox("fragment@example.com")) as unknown as { text: string; html: string }[];
    const token = await invitationToken("fragment@example.com");
    expect(mail?.text).toContain(`http://localhost/invite#${token}`);
    expect(mail?.html).toContain(`href="http://localhost/invite#${token}"`);
    expect(`${mail?.text}${mail?.html}`).not.toContain("/invite/");
  });

  it("are looked up, accepted and declined with the token in the body", async () => {
    const owner = await newUser("body-owner");
    const id = await createWorkspace(owner, "Body");
    const invitee = await newUser("body-invitee");
    const declining = await newUser("body-decliner");
    await invite(owner, id, invitee.email, "editor");
    await invite(owner, id, declining.email, "viewer");
    const token = await invitationToken(invitee.email);

    const preview = await call(null, "POST", "/invitations/lookup", { token });
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({ workspace: { id, name: "Body" }, role: "editor", email: invitee.email });

    const declined = await call(declining, "POST", "/invitations/decline", {
      token: await invitationToken(declining.email),
    });
    expect(declined.status).toBe(204);
    const accepted = await call(invitee, "POST", "/invitations/accept", { token });
    expect(accepted.status).toBe(200);
    expect(accepted.body).toEqual({ workspace_id: id, role: "editor" });
  });

  it("refuses a missing or malformed token with 400 validation_failed, changing nothing", async () => {
    const owner = await newUser("bad-owner");
    const id = await createWorkspace(owner);
    const invitee = await newUser("bad-invitee");
    await invite(owner, id, invitee.email, "viewer");
    const before = await snapshot(id, [invitee.id]);
    for (const body of [{}, { token: "" }, { token: 42 }, { token: "x".repeat(201) }]) {
      for (const [user, path] of [
        [null, "/invitations/lookup"],
        [invitee, "/invitations/accept"],
        [invitee, "/invitations/decline"],
      ] as const) {
        const refused = await call(user, "POST", path, body);
        expect([path, JSON.stringify(body), refused.status, refused.body.code]).toEqual([
          path,
          JSON.stringify(body),
          400,
          "validation_failed",
        ]);
      }
    }
    expect(await snapshot(id, [invitee.id])).toEqual(before);
  });

  it("accepting and declining need a signed-in person (401), and nothing changes", async () => {
    const owner = await newUser("anon-owner");
    const id = await createWorkspace(owner);
    await invite(owner, id, "anon@example.com", "viewer");
    const token = await invitationToken("anon@example.com");
    const before = await snapshot(id);
    expect((await call(null, "POST", "/invitations/accept", { token })).status).toBe(401);
    expect((await call(null, "POST", "/invitations/decline", { token })).status).toBe(401);
    expect(await snapshot(id)).toEqual(before);
  });

  it("are no longer read from an API path: the old token routes are gone", async () => {
    const owner = await newUser("path-owner");
    const id = await createWorkspace(owner);
    const invitee = await newUser("path-invitee");
    await invite(owner, id, invitee.email, "viewer");
    const token = await invitationToken(invitee.email);
    const before = await snapshot(id, [invitee.id]);
    expect((await call(null, "GET", `/invitations/${token}`)).status).toBe(404);
    expect((await call(invitee, "POST", `/invitations/${token}/accept`)).status).toBe(404);
    expect((await call(invitee, "POST", `/invitations/${token}/decline`)).status).toBe(404);
    expect(await snapshot(id, [invitee.id])).toEqual(before);
  });

  it.each(["/invite", "/invite/ws_0123456789abcdefghijkl.an-old-link"])(
    "the web app still answers %s (old links keep working: the page reads a path token too)",
    async (path) => {
      const page = await SELF.fetch(`http://localhost${path}`);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<div id="root">');
    },
  );
});
