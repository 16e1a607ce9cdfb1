/**
 * `GET /api/me/export` through HTTP: a person with a profile, preferences, an avatar, two sessions, two-factor,
 * workspaces owned, joined, left, deleted and only invited to, and invitations both ways gets one document that the
 * test builds from what it did itself. Nothing secret or hashed is in it, nothing of anyone else's beyond the events
 * and invitations that name the person, and a workspace that does not answer fails the export rather than thins it.
 */
import { env, runInDurableObject, SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { Workspace } from "../../src/workspace/workspace";
import { deleteAccount, signInAgain } from "../support/account-lifecycle";
import { nextIp } from "../support/auth-inspect";
import { Browser } from "../support/browser";
import { call, newUser, type User } from "../support/http";
import { PNG_1X1 } from "../support/images";
import { nextEmail, PASSWORD } from "../support/people";
import { sessionOf } from "../support/sessions";
import { latestCode, signInWithPassword, signUpWithPassword } from "../support/sign-in";
import { inAccount, turnOnTwoFactor } from "../support/two-factor";
import { createWorkspace, invitationToken, invite, snapshot, stubOf } from "../support/workspaces";

const ISO = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;
const HEX_64 = /^[0-9a-f]{64}$/;

type Json = Record<string, unknown>;

function exportOf(user: User | null) {
  return SELF.fetch("http://localhost/api/me/export", {
    headers: user ? { authorization: `Bearer ${user.token}` } : {},
  });
}

const coarse = (ip: string) => `${ip.split(".").slice(0, 3).join(".")}.0/24`;

/** A person signed up with a password and signed in again elsewhere: two sessions, the second one's token in hand. */
async function personWithTwoSessions() {
  const email = nextEmail("export");
  const [firstIp, secondIp] = [nextIp(), nextIp()];
  const first = await signUpWithPassword(email, PASSWORD, new Browser(firstIp));
  const second = await signInWithPassword(email, PASSWORD, new Browser(secondIp));
  const user: User = { id: sessionOf(second.access_token).userId, email, token: second.access_token };
  // Newest first, as the sessions list has them; the export is asked with the second session's token.
  const sessions = [
    { id: sessionOf(second.access_token).sessionId, ip: secondIp, current: true, tokens: second },
    { id: sessionOf(first.access_token).sessionId, ip: firstIp, current: false, tokens: first },
  ];
  return { user, sessions };
}

async function ok(answer: Promise<{ status: number; body: Json }>, status = 200): Promise<Json> {
  const { status: got, body } = await answer;
  expect(got, JSON.stringify(body)).toBe(status);
  return body;
}

/**
 * An invitation as the export shows it: as the invite answered, with its fate since. `replaced` belongs to the
 * invite's answer (what that invite replaced), not to the invitation, so the export has none.
 */
const invitationNow = ({ replaced: _replaced, ...sent }: Json, status: string) => ({
  ...sent,
  status,
  delivery: "sent",
});

/** An audit event the test caused: the server makes its id, time and hashes. */
const event = (actor: string, action: string, target: string, details: Json) => ({
  id: expect.any(String),
  at: expect.any(String),
  actor_id: actor,
  action,
  target,
  details,
  prev_hash: expect.any(String),
  hash: expect.any(String),
});

/** SQLite's order of text: by code unit, not by locale. */
const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

const inCreationOrder = (rows: Json[]) =>
  [...rows].sort((a, b) => byText(String(a.created_at), String(b.created_at)) || byText(String(a.id), String(b.id)));

/** Every `column` of `table` in a workspace object, e.g. its invitations' token hashes. */
function columnOf(workspaceId: string, table: string, column: string): Promise<string[]> {
  return runInDurableObject(stubOf(workspaceId), (_instance: Workspace, state) =>
    state.storage.sql
      .exec(`select "${column}" as value from "${table}"`)
      .toArray()
      .map((row) => String(row.value)),
  );
}

describe("GET /api/me/export", () => {
  it("holds everything stored about the caller, as the test built it, and nothing secret or anyone else's", async () => {
    const { user: me, sessions } = await personWithTwoSessions();
    const preferences = { notifications: { invitations: true, security: false }, locale: "en-GB", theme: "dark" };
    await ok(call(me, "PATCH", "/me", { first_name: "Ada", last_name: "Lovelace", preferences }));
    const uploaded = await SELF.fetch("http://localhost/api/me/avatar", {
      method: "PUT",
      headers: { authorization: `Bearer ${me.token}` },
      body: PNG_1X1,
    });
    expect(uploaded.status).toBe(200);
    const { avatar_url: avatarUrl } = (await uploaded.json()) as { avatar_url: string };
    const twoFactor = await turnOnTwoFactor(me);
    const other = await newUser("export-other", { first: "Grace", last: "Hopper" });
    const names = { email: me.email, first_name: "Ada", last_name: "Lovelace" };

    // Mine: the caller owns it and sent three invitations (accepted, pending, revoked); the other member sent one.
    const mine = await ok(call(me, "POST", "/workspaces", { name: "Mine" }), 201);
    const mineId = mine.id as string;
    const toOther = await ok(invite(me, mineId, other.email, "editor"), 201);
    await ok(call(other, "POST", "/invitations/accept", { token: await invitationToken(other.email) }));
    const pending = await ok(invite(me, mineId, nextEmail("pending"), "viewer"), 201);
    const pendingLink = await invitationToken(pending.email as string);
    const revoked = await ok(invite(me, mineId, nextEmail("revoked"), "viewer"), 201);
    expect((await call(me, "DELETE", `/workspaces/${mineId}/invitations/${revoked.id}`)).status).toBe(204);
    const othersInMine = await ok(invite(other, mineId, nextEmail("not-mine"), "viewer"), 201);

    // Theirs: the other person's; the caller joined as a viewer and was made an editor; another invitation there.
    const theirsId = await createWorkspace(other, "Theirs");
    const toMeInTheirs = await ok(invite(other, theirsId, me.email, "viewer"), 201);
    await ok(call(me, "POST", "/invitations/accept", { token: await invitationToken(me.email) }));
    await ok(call(other, "PATCH", `/workspaces/${theirsId}/members/${me.id}`, { role: "editor" }));
    const othersInTheirs = await ok(invite(other, theirsId, nextEmail("stranger"), "viewer"), 201);

    // Left: joined, then left.
    const leftId = await createWorkspace(other, "Left");
    const toMeInLeft = await ok(invite(other, leftId, me.email, "viewer"), 201);
    await ok(call(me, "POST", "/invitations/accept", { token: await invitationToken(me.email) }));
    expect((await call(me, "DELETE", `/workspaces/${leftId}/members/${me.id}`)).status).toBe(204);

    // Invited: an invitation the caller has not answered, in a workspace they are not in.
    const invitedId = await createWorkspace(other, "Invited");
    const toMeInInvited = await ok(invite(other, invitedId, me.email, "editor"), 201);

    // Gone: the caller's own workspace, deleted.
    const gone = await ok(call(me, "POST", "/workspaces", { name: "Gone" }), 201);
    const goneId = gone.id as string;
    expect((await call(me, "DELETE", `/workspaces/${goneId}`)).status).toBe(204);

    // A workspace the caller has nothing to do with.
    const elsewhereId = await createWorkspace(other, "Elsewhere");

    const response = await exportOf(me);
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/^application\/json(;|$)/);
    expect(response.headers.get("content-disposition")).toBe(
      `attachment; filename="edge-identity-export-${me.id}.json"`,
    );
    expect(response.headers.get("cache-control")).toBe("no-store");
    const text = await response.text();
    const document = JSON.parse(text) as Json;

    const nothingElse = {
      invitations_sent: [],
      invitations_received: [],
      audit_events: [],
      ownership_nomination: null,
      share_links_created: [],
    };
    const expectedWorkspaces = [
      {
        ...nothingElse,
        workspace: { id: mineId, name: "Mine", deleted: false },
        membership: { role: "owner", joined_at: mine.created_at, invited_by: null, expires_at: null, ...names },
        invitations_sent: inCreationOrder([
          invitationNow(toOther, "accepted"),
          invitationNow(pending, "pending"),
          invitationNow(revoked, "revoked"),
        ]),
        audit_events: [
          event(me.id, "workspace_created", mineId, { name: "Mine" }),
          event(me.id, "invitation_created", toOther.id as string, {
            email: other.email,
            role: "editor",
            replaced: null,
          }),
          event(me.id, "invitation_created", pending.id as string, {
            email: pending.email,
            role: "viewer",
            replaced: null,
          }),
          event(me.id, "invitation_created", revoked.id as string, {
            email: revoked.email,
            role: "viewer",
            replaced: null,
          }),
          event(me.id, "invitation_revoked", revoked.id as string, { email: revoked.email, role: "viewer" }),
        ],
      },
      {
        ...nothingElse,
        workspace: { id: theirsId, name: "Theirs", deleted: false },
        membership: { role: "editor", joined_at: expect.any(String), invited_by: other.id, expires_at: null, ...names },
        invitations_received: [invitationNow(toMeInTheirs, "accepted")],
        audit_events: [
          event(me.id, "invitation_accepted", toMeInTheirs.id as string, { email: me.email, role: "viewer" }),
          event(other.id, "role_changed", me.id, { from: "viewer", to: "editor" }),
        ],
      },
      {
        ...nothingElse,
        workspace: { id: leftId, name: "Left", deleted: false },
        membership: null,
        invitations_received: [invitationNow(toMeInLeft, "accepted")],
        audit_events: [
          event(me.id, "invitation_accepted", toMeInLeft.id as string, { email: me.email, role: "viewer" }),
          event(me.id, "member_left", me.id, { role: "viewer" }),
        ],
      },
      {
        ...nothingElse,
        workspace: { id: invitedId, name: "Invited", deleted: false },
        membership: null,
        invitations_received: [invitationNow(toMeInInvited, "pending")],
      },
      {
        ...nothingElse,
        workspace: { id: goneId, name: "Gone", deleted: true },
        membership: { role: "owner", joined_at: gone.created_at, invited_by: null, expires_at: null, ...names },
        audit_events: [
          event(me.id, "workspace_created", goneId, { name: "Gone" }),
          event(me.id, "workspace_deleted", goneId, { name: "Gone" }),
        ],
      },
    ].sort((a, b) => byText(a.workspace.id, b.workspace.id));

    expect(document).toEqual({
      format: "edge-identity-export/1",
      exported_at: expect.any(String),
      profile: {
        id: me.id,
        email: me.email,
        first_name: "Ada",
        last_name: "Lovelace",
        created_date: expect.any(String),
        avatar_url: avatarUrl,
        preferences,
        two_factor_enabled: true,
        platform_role: "user",
      },
      email_history: [{ email: me.email, recorded_at: expect.stringMatching(ISO), replaced_at: null }],
      sessions: sessions.map((session) => ({
        id: session.id,
        created_at: expect.any(String),
        last_used_at: expect.any(String),
        user_agent: "test-browser/1.0",
        ip: coarse(session.ip),
        current: session.current,
      })),
      // Each sign-in of the two sessions, newest first, and each browser as a known device (decision 0032).
      sign_in_history: sessions.map((session) => ({
        at: expect.stringMatching(ISO),
        method: "password",
        result: "signed_in",
        ip: coarse(session.ip),
        user_agent: "test-browser/1.0",
        country: null,
        city: null,
        known_device: false,
      })),
      known_devices: sessions.map(() => ({
        id: expect.stringMatching(/^dev_/),
        first_seen_at: expect.stringMatching(ISO),
        last_seen_at: expect.stringMatching(ISO),
        user_agent: "test-browser/1.0",
      })),
      passkeys: [], // test/account/passkeys.test.ts exports one
      connections: [], // test/auth/connected-accounts.test.ts exports one
      consents: [], // test/account/consents.test.ts exports them
      authorized_apps: [], // test/account/export-apps.test.ts exports them
      workspaces: expectedWorkspaces,
    });

    // What the server made, in its formats.
    const exported = document as {
      exported_at: string;
      profile: { created_date: string };
      sessions: { created_at: string; last_used_at: string }[];
      workspaces: { membership: { joined_at: string } | null; audit_events: Json[] }[];
    };
    const times = [
      exported.exported_at,
      exported.profile.created_date,
      ...exported.sessions.flatMap((session) => [session.created_at, session.last_used_at]),
      ...exported.workspaces.flatMap((entry) => (entry.membership ? [entry.membership.joined_at] : [])),
    ];
    for (const time of times) expect(time).toMatch(ISO);
    for (const audit of exported.workspaces.flatMap((entry) => entry.audit_events)) {
      expect(audit.id).toMatch(/^evt_/);
      expect(audit.at).toMatch(ISO);
      expect(audit.prev_hash).toMatch(HEX_64);
      expect(audit.hash).toMatch(HEX_64);
    }

    // Nothing secret or hashed: two-factor, passwords, tokens, invitation links and their hashes.
    const passwordHash = (await env.DB.prepare("select password_hash from users where id = ?").bind(me.id).first())
      ?.password_hash as string;
    expect(passwordHash).toBeTruthy();
    const accountSecrets = await inAccount(me.id, (sql) => [
      ...sql.exec("select sealed_secret as value from two_factor").toArray(),
      ...sql.exec("select digest as value from backup_codes").toArray(),
    ]);
    expect(accountSecrets.length).toBe(11);
    const tokenHashes: string[] = [];
    for (const id of [mineId, theirsId, leftId, invitedId, goneId]) {
      tokenHashes.push(...(await columnOf(id, "invitations", "token_hash")));
      tokenHashes.push(...(await columnOf(id, "retired_invitation_links", "token_hash")));
    }
    expect(tokenHashes.length).toBe(8); // Mine 4, Theirs 2, Left 1, Invited 1
    const secrets = [
      twoFactor.secret,
      ...twoFactor.backupCodes,
      ...twoFactor.backupCodes.map((code) => code.replace("-", "")),
      passwordHash,
      ...passwordHash.split(/[$:.]/).filter((part) => part.length >= 16),
      ...accountSecrets.map((row) => String(row.value)),
      ...tokenHashes,
      pendingLink,
      pendingLink.split(".")[1] ?? pendingLink,
      ...sessions.flatMap((session) => [session.tokens.access_token, session.tokens.refresh_token]),
    ];
    for (const secret of secrets) expect(text).not.toContain(secret);
    // No field named for a secret (a value may say "password": the sign-in history's method).
    for (const key of ["token_hash", "tokenHash", "password", "secret", "digest", "sealed"]) {
      expect(text).not.toMatch(new RegExp(`"[^"]*${key}[^"]*":`));
    }

    // Nothing of anyone else's: the other member's invitations, and a workspace that never named the caller.
    for (const theirs of [othersInMine, othersInTheirs]) {
      expect(text).not.toContain(theirs.id as string);
      expect(text).not.toContain(theirs.email as string);
    }
    expect(text).not.toContain(elsewhereId);
    expect(text).not.toContain("Grace");
  });

  it("after an email change: every address the account has had, and what names the old one", async () => {
    const me = await newUser("export-moved");
    const other = await newUser("export-moved-other");
    const firstAddress = me.email;
    const invitedId = await createWorkspace(other, "Invited before the move");
    const toFirst = await ok(invite(other, invitedId, firstAddress, "viewer"), 201);
    const secondAddress = nextEmail("export-second");
    await ok(call(me, "POST", "/me/email", { email: secondAddress }), 202);
    await ok(call(me, "POST", "/me/email/verify", { code: await latestCode(secondAddress) }));

    const response = await exportOf(me);
    expect(response.status).toBe(200);
    const document = (await response.json()) as Json & { email_history: { recorded_at: string }[] };
    expect(document.profile).toMatchObject({ id: me.id, email: secondAddress });
    expect(document.email_history).toEqual([
      { email: firstAddress, recorded_at: expect.stringMatching(ISO), replaced_at: expect.stringMatching(ISO) },
      { email: secondAddress, recorded_at: expect.stringMatching(ISO), replaced_at: null },
    ]);
    expect(document.workspaces).toEqual([
      {
        workspace: { id: invitedId, name: "Invited before the move", deleted: false },
        membership: null,
        invitations_sent: [],
        invitations_received: [invitationNow(toFirst, "pending")],
        audit_events: [],
        ownership_nomination: null,
        share_links_created: [],
      },
    ]);
  });

  it("an account older than the history: its address is recorded at first touch, an email change keeps both", async () => {
    const me = await newUser("export-older");
    await inAccount(me.id, (sql) => sql.exec("delete from email_history")); // as before the history existed
    const secondAddress = nextEmail("export-older-second");
    await ok(call(me, "POST", "/me/email", { email: secondAddress }), 202);
    await ok(call(me, "POST", "/me/email/verify", { code: await latestCode(secondAddress) }));
    const document = (await (await exportOf(me)).json()) as { email_history: Json[] };
    expect(document.email_history).toEqual([
      { email: me.email, recorded_at: expect.stringMatching(ISO), replaced_at: expect.stringMatching(ISO) },
      { email: secondAddress, recorded_at: expect.stringMatching(ISO), replaced_at: null },
    ]);

    const untouched = await newUser("export-untouched");
    await inAccount(untouched.id, (sql) => sql.exec("delete from email_history"));
    const only = (await (await exportOf(untouched)).json()) as { email_history: Json[] };
    expect(only.email_history).toEqual([
      { email: untouched.email, recorded_at: expect.stringMatching(ISO), replaced_at: null },
    ]);
  });

  it("needs a signed-in caller: 401 without or with a bad token", async () => {
    for (const user of [null, { id: "usr_x", email: "x@example.com", token: "not.a.token" }]) {
      const refused = await exportOf(user);
      expect(refused.status).toBe(401);
      expect(refused.headers.get("content-type")).toBe("application/problem+json");
      expect(((await refused.json()) as Json).code).toBe("unauthorized");
    }
  });

  it("is a read: asking for it writes nothing in any workspace", async () => {
    const me = await newUser("export-read");
    const owner = await newUser("export-read-owner");
    const workspaceId = await createWorkspace(owner, "Read only");
    expect((await invite(owner, workspaceId, me.email, "viewer")).status).toBe(201);
    const before = await snapshot(workspaceId, [me.id]);
    const response = await exportOf(me);
    expect(response.status).toBe(200);
    const { workspaces } = (await response.json()) as { workspaces: { workspace: { id: string } }[] };
    expect(workspaces.map((entry) => entry.workspace.id)).toEqual([workspaceId]);
    expect(await snapshot(workspaceId, [me.id])).toEqual(before);
  });

  it("is open to an account waiting for purge, which may use nothing else but its profile", async () => {
    const me = await newUser("export-deleted");
    const workspaceId = await createWorkspace(me, "Kept");
    await deleteAccount(me);
    const again = await signInAgain(me);
    const response = await exportOf(again);
    expect(response.status).toBe(200);
    const document = (await response.json()) as {
      profile: Json;
      workspaces: { workspace: { id: string } }[];
    };
    expect(document.profile).toMatchObject({ id: me.id, deleted_at: expect.any(String) });
    expect(document.workspaces.map((entry) => entry.workspace.id)).toEqual([workspaceId]);
    const refused = await call(again, "GET", "/me/sessions");
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe("account_deleted");
  });

  it("answers 503 unavailable when a workspace does not answer, rather than an export without it", async () => {
    const me = await newUser("export-outage");
    const healthy = await createWorkspace(me, "Healthy");
    const broken = await createWorkspace(me, "Broken");
    const rename = (from: string, to: string) =>
      runInDurableObject(stubOf(broken), (_instance: Workspace, state) => {
        state.storage.sql.exec(`alter table "${from}" rename to "${to}"`);
      });
    // The object's storage fails under it: its answer throws.
    await rename("audit_events", "audit_events_unreachable");
    const refused = await exportOf(me);
    expect(refused.status).toBe(503);
    expect(refused.headers.get("content-type")).toBe("application/problem+json");
    expect(refused.headers.get("retry-after")).toBe("10");
    const problem = (await refused.json()) as Json;
    expect(problem.code).toBe("service_unavailable");
    expect(problem.detail).toMatch(/^[A-Z][^_]*[.]$/);
    expect(JSON.stringify(problem)).not.toContain(healthy);

    await rename("audit_events_unreachable", "audit_events");
    const answered = await exportOf(me);
    expect(answered.status).toBe(200);
    const { workspaces } = (await answered.json()) as { workspaces: { workspace: { id: string } }[] };
    expect(workspaces.map((entry) => entry.workspace.id)).toEqual([healthy, broken].sort());
  });
});
