import { env, runInDurableObject, SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { RATE_LIMIT_TIERS } from "../../src/config";
import { MAX_PENDING_INVITATIONS } from "../../src/workspace/invitations";
import { type Answer, call, newUser, type User } from "../support/http";
import { mailbox } from "../support/sign-in";
import {
  addMember,
  createWorkspace,
  expectRefused,
  invitationToken,
  invite,
  snapshot,
  stubOf,
  team,
} from "../support/workspaces";

describe("POST /api/workspaces/:id/invitations", () => {
  it("invites by email with a role, mails a link to <origin>/invite#<token>, and stores only the token's hash", async () => {
    const owner = await newUser("owner", { first: "Olive", last: "Owner" });
    const id = await createWorkspace(owner, "Rocket");
    const answer = await invite(owner, id, "  New.Person@Example.com ", "editor");
    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({
      email: "new.person@example.com",
      role: "editor",
      status: "pending",
      invited_by: owner.id,
    });
    const expiresIn = Date.parse(answer.body.expires_at as string) - Date.now();
    expect(expiresIn).toBeGreaterThan(7 * 86400_000 - 60_000);
    expect(expiresIn).toBeLessThanOrEqual(7 * 86400_000);
    const [mail] = await mailbox("new.person@example.com");
    // Names someone chose appear in the body, quoted, and never in the subject.
    expect(mail?.subject).toBe("You are invited to join a workspace");
    expect(mail?.text).toContain("“Olive Owner” invited you to join the workspace “Rocket” as editor.");
    const token = await invitationToken("new.person@example.com");
    expect(mail?.text).toContain(`http://localhost/invite#${token}`);
    const secret = token.split(".").at(-1) ?? "";
    expect(secret.length).toBeGreaterThanOrEqual(22);
    const stored = JSON.stringify((await snapshot(id)).object);
    expect(stored).not.toContain(secret);
    const outbox = await runInDurableObject(stubOf(id), (_i, state) =>
      state.storage.sql.exec("select count(*) as n from outbox").one(),
    );
    expect(outbox.n).toBe(0);
  });

  it("lets an editor invite editors and viewers, never owners", async () => {
    const owner = await newUser("owner");
    const editor = await newUser("editor");
    const id = await createWorkspace(owner);
    await addMember(owner, id, editor, "editor");
    expect((await invite(editor, id, "a@example.com", "viewer")).status).toBe(201);
    expect((await invite(editor, id, "b@example.com", "editor")).status).toBe(201);
    await expectRefused(editor, "POST", `/workspaces/${id}/invitations`, 403, "forbidden", {
      email: "c@example.com",
      role: "owner",
    });
  });

  it("lets an owner invite an owner", async () => {
    const owner = await newUser("owner");
    const id = await createWorkspace(owner);
    expect((await invite(owner, id, "co-owner@example.com", "owner")).status).toBe(201);
  });

  it("refuses viewers with 403", async () => {
    const owner = await newUser("owner");
    const viewer = await newUser("viewer");
    const id = await createWorkspace(owner);
    await addMember(owner, id, viewer, "viewer");
    await expectRefused(viewer, "POST", `/workspaces/${id}/invitations`, 403, "forbidden", {
      email: "d@example.com",
      role: "viewer",
    });
  });

  it("refuses inviting a member with 409 already_member", async () => {
    const owner = await newUser("owner");
    const viewer = await newUser("viewer");
    const id = await createWorkspace(owner);
    await addMember(owner, id, viewer, "viewer");
    await expectRefused(owner, "POST", `/workspaces/${id}/invitations`, 409, "already_member", {
      email: viewer.email,
      role: "editor",
    });
  });

  it("refuses bad emails and roles with 400", async () => {
    const owner = await newUser("owner");
    const id = await createWorkspace(owner);
    for (const body of [
      { email: "not-an-email", role: "viewer" },
      { email: "a\u0000b@example.com", role: "viewer" },
      { email: `${"x".repeat(250)}@example.com`, role: "viewer" },
      { email: "ok@example.com", role: "admin" },
      { email: "ok@example.com" },
    ]) {
      await expectRefused(owner, "POST", `/workspaces/${id}/invitations`, 400, "validation_failed", body);
    }
  });

  it("replaces a pending invitation to the same email: the old link stops working", async () => {
    const owner = await newUser("owner");
    const invitee = await newUser("invitee");
    const id = await createWorkspace(owner);
    await invite(owner, id, invitee.email, "viewer");
    const oldToken = await invitationToken(invitee.email);
    await invite(owner, id, invitee.email, "editor");
    const newToken = await invitationToken(invitee.email);
    expect(newToken).not.toBe(oldToken);
    const old = await call(invitee, "POST", "/invitations/accept", { token: oldToken });
    expect(old.status).toBe(410);
    expect(old.body.code).toBe("invitation_revoked");
    const accepted = await call(invitee, "POST", "/invitations/accept", { token: newToken });
    expect(accepted.body).toEqual({ workspace_id: id, role: "editor" });
    const pending = await call(owner, "GET", `/workspaces/${id}/invitations`);
    expect(pending.body.invitations).toEqual([]);
  });

  it("refuses more than 500 pending invitations with 409", async () => {
    const owner = await newUser("owner");
    const id = await createWorkspace(owner);
    await runInDurableObject(stubOf(id), (_i, state) => {
      const at = new Date().toISOString();
      const later = new Date(Date.now() + 86400_000).toISOString();
      for (let n = 0; n < MAX_PENDING_INVITATIONS; n++) {
        state.storage.sql.exec(
          "insert into invitations (id, email, role, token_hash, status, expires_at, invited_by, created_at) values (?, ?, 'viewer', ?, 'pending', ?, ?, ?)",
          `inv_seed_${n}`,
          `seed${n}@example.com`,
          `hash${n}`,
          later,
          owner.id,
          at,
        );
      }
    });
    await expectRefused(owner, "POST", `/workspaces/${id}/invitations`, 409, "conflict", {
      email: "one-more@example.com",
      role: "viewer",
    });
    // Re-inviting an email that is already pending replaces it, so it is not refused by the cap.
    expect((await invite(owner, id, "seed7@example.com", "editor")).status).toBe(201);
  });

  // A hundred invitations one after another, each reading the invitee's mail preference: slow on a busy machine.
  it("limits invitations per actor and answers 429 with Retry-After", async () => {
    const { owner, editor, id } = await team();
    const otherWorkspace = await createWorkspace(owner, "Elsewhere");
    const { limit, windowSeconds } = RATE_LIMIT_TIERS.invitations;
    // team() spent two of the owner's invitations on the editor and the viewer.
    let firstId = "";
    for (let n = 2; n < limit; n++) {
      const answer = await invite(owner, id, `bulk${n}@example.com`, "viewer");
      expect([n, answer.status]).toEqual([n, 201]);
      firstId ||= answer.body.id as string;
    }
    const before = await snapshot(id);
    const beforeOther = await snapshot(otherWorkspace);
    const limited = await SELF.fetch(`http://localhost/api/workspaces/${id}/invitations`, {
      method: "POST",
      headers: { authorization: `Bearer ${owner.token}`, "content-type": "application/json" },
      body: JSON.stringify({ email: "over@example.com", role: "viewer" }),
    });
    expect(limited.status).toBe(429);
    expect(((await limited.json()) as { code: string }).code).toBe("rate_limited");
    const retryAfter = Number(limited.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(windowSeconds);
    // Resending mails too, so it counts against the same limit; reading does not.
    expect((await call(owner, "POST", `/workspaces/${id}/invitations/${firstId}/resend`)).status).toBe(429);
    // The budget is the actor's: the same owner is refused in another workspace too.
    expect((await invite(owner, otherWorkspace, "elsewhere@example.com", "viewer")).status).toBe(429);
    expect(await snapshot(id)).toEqual(before);
    expect(await snapshot(otherWorkspace)).toEqual(beforeOther);
    expect((await call(owner, "GET", `/workspaces/${id}/invitations`)).status).toBe(200);
    // …while another actor in the same workspace still invites.
    expect((await invite(editor, id, "from-the-editor@example.com", "viewer")).status).toBe(201);
  }, 90_000);
});

describe("listing, revoking and resending", () => {
  it("lists pending invitations, newest first, to editors and owners only", async () => {
    const { owner, editor, viewer, id } = await team();
    await invite(owner, id, "first@example.com", "viewer");
    await invite(editor, id, "second@example.com", "editor");
    const list = await call(editor, "GET", `/workspaces/${id}/invitations`);
    expect((list.body.invitations as { email: string }[]).map((i) => i.email)).toEqual([
      "second@example.com",
      "first@example.com",
    ]);
    await expectRefused(viewer, "GET", `/workspaces/${id}/invitations`, 403, "forbidden");
  });

  it("revokes: the link stops working with 410 invitation_revoked", async () => {
    const { owner, editor, id } = await team();
    const invitee = await newUser("invitee");
    const created = await invite(editor, id, invitee.email, "viewer");
    const token = await invitationToken(invitee.email);
    expect((await call(editor, "DELETE", `/workspaces/${id}/invitations/${created.body.id}`)).status).toBe(204);
    const refused = await call(invitee, "POST", "/invitations/accept", { token: token });
    expect(refused.status).toBe(410);
    expect(refused.body.code).toBe("invitation_revoked");
    expect((await call(null, "POST", "/invitations/lookup", { token: token })).status).toBe(410);
    await expectRefused(owner, "DELETE", `/workspaces/${id}/invitations/${created.body.id}`, 404, "not_found");
  });

  it("refuses a viewer revoking, and an editor revoking an owner's invitation", async () => {
    const { owner, editor, viewer, id } = await team();
    const forOwner = await invite(owner, id, "future-owner@example.com", "owner");
    const forViewer = await invite(owner, id, "future-viewer@example.com", "viewer");
    await expectRefused(viewer, "DELETE", `/workspaces/${id}/invitations/${forViewer.body.id}`, 403, "forbidden");
    await expectRefused(editor, "DELETE", `/workspaces/${id}/invitations/${forOwner.body.id}`, 403, "forbidden");
    await expectRefused(
      editor,
      "POST",
      `/workspaces/${id}/invitations/${forOwner.body.id}/resend`,
      403,
      "forbidden",
      id,
    );
  });

  it("resends with a new link and expiry; the old link stops working", async () => {
    const { editor, id } = await team();
    const invitee = await newUser("invitee");
    const created = await invite(editor, id, invitee.email, "viewer");
    const oldToken = await invitationToken(invitee.email);
    const resent = await call(editor, "POST", `/workspaces/${id}/invitations/${created.body.id}/resend`);
    expect(resent.status).toBe(200);
    expect(resent.body.id).toBe(created.body.id);
    expect(Date.parse(resent.body.expires_at as string)).toBeGreaterThanOrEqual(
      Date.parse(created.body.expires_at as string),
    );
    const newToken = await invitationToken(invitee.email);
    expect(newToken).not.toBe(oldToken);
    const old = await call(invitee, "POST", "/invitations/accept", { token: oldToken });
    expect(old.status).toBe(410);
    expect(old.body.code).toBe("invitation_revoked");
    expect((await call(invitee, "POST", "/invitations/accept", { token: newToken })).status).toBe(200);
  });
});

describe("using an invitation link", () => {
  async function invited(role = "editor") {
    const owner = await newUser("owner", { first: "Olive", last: "Owner" });
    const invitee = await newUser("invitee");
    const id = await createWorkspace(owner, "Rocket");
    const created = await invite(owner, id, invitee.email, role);
    return { owner, invitee, id, created, token: await invitationToken(invitee.email) };
  }

  it("shows anyone with the link what it offers", async () => {
    const { invitee, id, token } = await invited();
    const preview = await call(null, "POST", "/invitations/lookup", { token: token });
    expect(preview.status).toBe(200);
    expect(preview.body).toMatchObject({
      workspace: { id, name: "Rocket" },
      role: "editor",
      email: invitee.email,
      invited_by: { first_name: "Olive", last_name: "Owner" },
    });
  });

  it("answers 404 for a token that is not a link", async () => {
    for (const token of ["nonsense", "ws_AAAAAAAAAAAAAAAAAAAAAA.abc", ".abc"]) {
      expect((await call(null, "POST", "/invitations/lookup", { token: token })).status).toBe(404);
    }
  });

  it("accepts for the invited user, once", async () => {
    const { invitee, id, token } = await invited();
    const accepted = await call(invitee, "POST", "/invitations/accept", { token: token });
    expect(accepted.status).toBe(200);
    expect(accepted.body).toEqual({ workspace_id: id, role: "editor" });
    expect((await call(invitee, "GET", `/workspaces/${id}/permissions`)).body.role).toBe("editor");
    const again = await call(invitee, "POST", "/invitations/accept", { token: token });
    expect(again.status).toBe(410);
    expect(again.body.code).toBe("invitation_used");
  });

  it("refuses anyone whose verified email is not the invited one with 403 email_mismatch", async () => {
    const { id, token } = await invited();
    const stranger = await newUser("stranger");
    const before = await snapshot(id);
    const refused = await call(stranger, "POST", "/invitations/accept", { token: token });
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe("email_mismatch");
    expect((await call(stranger, "POST", "/invitations/decline", { token: token })).body.code).toBe("email_mismatch");
    expect(await snapshot(id)).toEqual(before);
  });

  it("refuses the invited email while it is unverified", async () => {
    const { invitee, id, token } = await invited();
    await env.DB.prepare("update users set email_verified_at = null where id = ?").bind(invitee.id).run();
    const before = await snapshot(id);
    expect((await call(invitee, "POST", "/invitations/accept", { token: token })).body.code).toBe("email_mismatch");
    expect(await snapshot(id)).toEqual(before);
  });

  it("refuses without a token with 401", async () => {
    const { token } = await invited();
    expect((await call(null, "POST", "/invitations/accept", { token: token })).status).toBe(401);
  });

  it("refuses an expired link with 410 invitation_expired", async () => {
    const { invitee, id, created, token } = await invited();
    await runInDurableObject(stubOf(id), (_i, state) => {
      state.storage.sql.exec(
        "update invitations set expires_at = ? where id = ?",
        new Date(Date.now() - 1000).toISOString(),
        created.body.id,
      );
    });
    const before = await snapshot(id);
    const refused = await call(invitee, "POST", "/invitations/accept", { token: token });
    expect(refused.status).toBe(410);
    expect(refused.body.code).toBe("invitation_expired");
    expect((await call(null, "POST", "/invitations/lookup", { token: token })).body.code).toBe("invitation_expired");
    expect(await snapshot(id)).toEqual(before);
  });

  it("declines for the invited user; the link is then used", async () => {
    const { invitee, id, token } = await invited();
    expect((await call(invitee, "POST", "/invitations/decline", { token: token })).status).toBe(204);
    expect((await call(invitee, "POST", "/invitations/accept", { token: token })).body.code).toBe("invitation_used");
    expect((await call(invitee, "GET", `/workspaces/${id}`)).status).toBe(404);
  });

  it("refuses a user who is already a member with 409 already_member, and keeps the invitation", async () => {
    const { invitee, id, token } = await invited("viewer");
    // They joined meanwhile through another path (an owner re-invited after they joined is refused earlier).
    await runInDurableObject(stubOf(id), (_i, state) => {
      state.storage.sql.exec(
        "insert into members (user_id, email, role, joined_at) values (?, ?, 'viewer', ?)",
        invitee.id,
        invitee.email,
        new Date().toISOString(),
      );
    });
    const before = await snapshot(id);
    const refused = await call(invitee, "POST", "/invitations/accept", { token: token });
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe("already_member");
    expect(await snapshot(id)).toEqual(before);
    expect((await call(null, "POST", "/invitations/lookup", { token: token })).status).toBe(200);
  });

  it("stops working when the workspace is deleted: 410 invitation_revoked", async () => {
    const { owner, invitee, id, token } = await invited();
    await call(owner, "DELETE", `/workspaces/${id}`);
    const refused = await call(invitee, "POST", "/invitations/accept", { token: token });
    expect(refused.status).toBe(410);
    expect(refused.body.code).toBe("invitation_revoked");
  });
});

describe("superseded links", () => {
  interface Situation {
    owner: User;
    editor: User;
    invitee: User;
    id: string;
    invitationId: string;
  }
  /** Every way a link is superseded; each must answer 410 invitation_revoked, never 404. */
  const ways: [string, (s: Situation) => Promise<Answer>][] = [
    ["re-invited", (s) => invite(s.owner, s.id, s.invitee.email, "viewer")],
    ["resent", (s) => call(s.owner, "POST", `/workspaces/${s.id}/invitations/${s.invitationId}/resend`)],
    ["revoked", (s) => call(s.owner, "DELETE", `/workspaces/${s.id}/invitations/${s.invitationId}`)],
    ["its inviter removed", (s) => call(s.owner, "DELETE", `/workspaces/${s.id}/members/${s.editor.id}`)],
    ["its workspace deleted", (s) => call(s.owner, "DELETE", `/workspaces/${s.id}`)],
  ];

  for (const [way, supersede] of ways) {
    it(`answers 410 invitation_revoked for a link ${way}`, async () => {
      const { owner, editor, id } = await team();
      const invitee = await newUser("invitee");
      const created = await invite(editor, id, invitee.email, "editor");
      expect(created.status).toBe(201);
      const token = await invitationToken(invitee.email);
      const superseded = await supersede({ owner, editor, invitee, id, invitationId: created.body.id as string });
      expect(superseded.status).toBeLessThan(300);
      const preview = await call(null, "POST", "/invitations/lookup", { token: token });
      expect(preview.status, `preview after ${way}`).toBe(410);
      expect(preview.body.code).toBe("invitation_revoked");
      expect(preview.body.detail).toMatch(/^[A-Z][^_]*\.$/);
      const accepted = await call(invitee, "POST", "/invitations/accept", { token: token });
      expect(accepted.status, `accept after ${way}`).toBe(410);
      expect(accepted.body.code).toBe("invitation_revoked");
    });
  }
});

describe("an invitation and its inviter's rights", () => {
  it("refuses an editor replacing an owner's invitation to the same email with 403 forbidden", async () => {
    const { owner, editor, id } = await team();
    expect((await invite(owner, id, "future-owner@example.com", "owner")).status).toBe(201);
    const token = await invitationToken("future-owner@example.com");
    await expectRefused(editor, "POST", `/workspaces/${id}/invitations`, 403, "forbidden", {
      email: "future-owner@example.com",
      role: "viewer",
    });
    expect((await call(null, "POST", "/invitations/lookup", { token: token })).body.role).toBe("owner");
  });

  it("lets an editor replace an invitation they could have sent", async () => {
    const { owner, editor, id } = await team();
    expect((await invite(owner, id, "someone@example.com", "viewer")).status).toBe(201);
    expect((await invite(editor, id, "someone@example.com", "editor")).status).toBe(201);
  });

  for (const [how, act] of [
    [
      "leaves",
      (_owner: User, inviter: User, id: string) => call(inviter, "DELETE", `/workspaces/${id}/members/${inviter.id}`),
    ],
    [
      "is removed",
      (owner: User, inviter: User, id: string) => call(owner, "DELETE", `/workspaces/${id}/members/${inviter.id}`),
    ],
    [
      "is demoted below the role invited",
      (owner: User, inviter: User, id: string) =>
        call(owner, "PATCH", `/workspaces/${id}/members/${inviter.id}`, { role: "viewer" }),
    ],
  ] as const) {
    it(`stops a pending invitation with 410 invitation_revoked when its inviter ${how}`, async () => {
      const { owner, editor, id } = await team();
      const invitee = await newUser("invitee");
      const created = await invite(editor, id, invitee.email, "editor");
      const token = await invitationToken(invitee.email);
      expect((await act(owner, editor, id)).status).toBeLessThan(300);
      const refused = await call(invitee, "POST", "/invitations/accept", { token: token });
      expect(refused.status).toBe(410);
      expect(refused.body.code).toBe("invitation_revoked");
      expect((await call(invitee, "GET", `/workspaces/${id}`)).status).toBe(404);
      const pending = (await call(owner, "GET", `/workspaces/${id}/invitations`)).body.invitations as { id: string }[];
      expect(pending.map((i) => i.id)).not.toContain(created.body.id);
    });
  }

  it("stops an owner's invitation to an owner when that owner is demoted to editor", async () => {
    const { owner, editor, id } = await team();
    expect((await call(owner, "PATCH", `/workspaces/${id}/members/${editor.id}`, { role: "owner" })).status).toBe(200);
    const invitee = await newUser("invitee");
    await invite(editor, id, invitee.email, "owner");
    const token = await invitationToken(invitee.email);
    expect((await call(owner, "PATCH", `/workspaces/${id}/members/${editor.id}`, { role: "editor" })).status).toBe(200);
    expect((await call(invitee, "POST", "/invitations/accept", { token: token })).body.code).toBe("invitation_revoked");
  });

  it("keeps an invitation its demoted inviter could still send", async () => {
    const { owner, editor, id } = await team();
    expect((await call(owner, "PATCH", `/workspaces/${id}/members/${editor.id}`, { role: "owner" })).status).toBe(200);
    const invitee = await newUser("invitee");
    await invite(editor, id, invitee.email, "viewer");
    const token = await invitationToken(invitee.email);
    expect((await call(owner, "PATCH", `/workspaces/${id}/members/${editor.id}`, { role: "editor" })).status).toBe(200);
    expect((await call(invitee, "POST", "/invitations/accept", { token: token })).status).toBe(200);
  });
});
