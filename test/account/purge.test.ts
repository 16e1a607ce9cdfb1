/**
 * The purge at the end of the grace period, driven by the Account object's alarm: after it, no D1 table, no
 * workspace object involved, no OpenAuth row and no R2 key names the person's id or email; the workspaces keep
 * their history under one pseudonym, with a valid audit chain. A purge cut short by a failing D1 or R2 resumes
 * on the next alarm, each step done once. The hourly sweep re-arms a purge whose alarm was lost.
 */
import {
  createExecutionContext,
  createScheduledController,
  env,
  runInDurableObject,
  waitOnExecutionContext,
} from "cloudflare:test";
import { describe, expect, it } from "vitest";
import type { Account } from "../../src/account/account";
import worker from "../../src/index";
import {
  accountTables,
  ageDeletion,
  d1Tables,
  deleteAccount,
  purgeProgress,
  runAccountAlarm,
  signInAgain,
  tracesOf,
  uploadAvatar,
  workspaceTables,
} from "../support/account-lifecycle";
import { signIn, signInAdmin } from "../support/admin";
import { Browser } from "../support/browser";
import { call, newUser, type User } from "../support/http";
import { addPasskey, mapRowsOf } from "../support/passkeys";
import { nextEmail } from "../support/people";
import { latestCode } from "../support/sign-in";
import { accountStub, turnOnTwoFactor } from "../support/two-factor";
import { identityRows, linkThroughUpstream, upstreamPerson } from "../support/upstream";
import { addMember, createWorkspace, invitationToken, invite, stubOf } from "../support/workspaces";

async function avatarKeys(): Promise<string[]> {
  return (await env.AVATARS.list({ prefix: "avatars/" })).objects.map((object) => object.key);
}

async function auditEvents(owner: User, workspaceId: string) {
  const page = await call(owner, "GET", `/workspaces/${workspaceId}/audit?limit=100`);
  expect(page.status).toBe(200);
  return page.body.events as { actor_id: string; action: string; target: string; details: Record<string, unknown> }[];
}

/** The person and everything the purge must reach: memberships, invitations both ways, sessions, 2FA, an avatar. */
async function seedPerson() {
  const person = await newUser("purge-me", { first: "Pat", last: "Gone" });
  const secondSession = await signInAgain(person);
  // Preferences the purge must erase; not invitation mail, which this person must receive to join below.
  const preferences = { theme: "dark", notifications: { security: false } };
  expect((await call(person, "PATCH", "/me", { preferences })).status).toBe(200);
  await uploadAvatar(person);
  // A consent record (decision 0033): the purge erases it with the rest of the Account object.
  expect((await call(person, "PUT", "/me/consents/marketing", { given: true })).status).toBe(200);
  const { authenticator } = await addPasskey(person); // its key in the object, its map row in D1 (decision 0031)
  // A connected account: in the object, its map row in D1 (decision 0038).
  const upstream = upstreamPerson(nextEmail("purge-upstream"));
  expect((await linkThroughUpstream(person, upstream, new Browser())).status).toBe(303);

  const teamOwner = await newUser("purge-team-owner");
  const team = await createWorkspace(teamOwner, "Team");
  await addMember(teamOwner, team, person, "editor");
  const vouched = await newUser("purge-vouched");
  await addMember(person, team, vouched, "viewer"); // invited by the person, accepted
  const stranger = nextEmail("purge-stranger");
  expect((await invite(person, team, stranger, "viewer")).status).toBe(201); // still pending
  const strangerLink = await invitationToken(stranger);
  expect((await call(teamOwner, "PATCH", `/workspaces/${team}/members/${person.id}`, { role: "owner" })).status).toBe(
    200,
  );

  // A webhook endpoint the person added as an owner (decision 0035): its `created_by` must not outlive them.
  const hook = await call(person, "POST", `/workspaces/${team}/webhooks`, { url: "https://hooks.example.com/in" });
  expect(hook.status).toBe(201);
  const off = await call(person, "PATCH", `/workspaces/${team}/webhooks/${hook.body.id}`, { enabled: false });
  expect(off.status).toBe(200);

  const solo = await createWorkspace(person, "Solo");

  const inviter = await newUser("purge-inviter");
  const invitedTo = await createWorkspace(inviter, "Invited to");
  expect((await invite(inviter, invitedTo, person.email, "editor")).status).toBe(201);

  const formerOwner = await newUser("purge-former");
  const former = await createWorkspace(formerOwner, "Former");
  await addMember(formerOwner, former, person, "viewer");
  expect((await call(person, "DELETE", `/workspaces/${former}/members/${person.id}`)).status).toBe(204);

  await turnOnTwoFactor(person);
  return {
    person,
    passkeyCredentialId: authenticator.credentialId,
    upstreamSubject: upstream.sub,
    secondSession,
    teamOwner,
    team,
    vouched,
    strangerLink,
    solo,
    inviter,
    invitedTo,
    formerOwner,
    former,
  };
}

describe("the purge", () => {
  it("leaves nothing anywhere that names the person, and keeps each workspace's history under one pseudonym", async () => {
    const seed = await seedPerson();
    const { person } = seed;
    const needles = [person.id, person.email];
    expect(tracesOf(await d1Tables(), needles).length).toBeGreaterThan(0); // the scan finds them while they exist
    expect(tracesOf(await workspaceTables(seed.team), needles).length).toBeGreaterThan(0);
    const held = await accountTables(person.id); // the sign-in history and known devices are there to be purged
    const heldCounts = [held.sign_in_events, held.known_devices, held.consents].map((rows) => rows?.length ?? 0);
    expect(heldCounts.every((n) => n > 0)).toBe(true);

    await deleteAccount(person);
    await ageDeletion(person.id, 31);
    expect(await runAccountAlarm(person.id)).toBe(true);

    expect(await purgeProgress(person.id)).toBeUndefined();
    expect(await accountTables(person.id)).toEqual({});
    expect(tracesOf(await d1Tables(), needles)).toEqual([]);
    expect(await mapRowsOf(seed.passkeyCredentialId)).toEqual([]);
    expect(await identityRows(seed.upstreamSubject)).toEqual([]);
    for (const workspaceId of [seed.team, seed.invitedTo, seed.former]) {
      expect(tracesOf(await workspaceTables(workspaceId), needles), workspaceId).toEqual([]);
    }
    expect((await avatarKeys()).filter((key) => key.includes(person.id))).toEqual([]);

    // The workspace only the person used is gone, object and index.
    expect(await workspaceTables(seed.solo)).toEqual({});
    expect(await env.DB.prepare("select count(*) as n from workspaces where id = ?").bind(seed.solo).first("n")).toBe(
      0,
    );

    // The others keep what happened, by a pseudonym that is the same everywhere, with their chains intact.
    const teamEvents = await auditEvents(seed.teamOwner, seed.team);
    const purged = teamEvents.filter((event) => event.action === "member_purged");
    expect(purged).toHaveLength(1);
    const pseudonym = purged[0]?.actor_id as string;
    expect(pseudonym).toMatch(/^deleted_/);
    expect(teamEvents.some((event) => event.action === "role_changed" && event.target === pseudonym)).toBe(true);
    expect(teamEvents.some((event) => event.action === "invitation_created" && event.actor_id === pseudonym)).toBe(
      true,
    );
    const formerEvents = await auditEvents(seed.formerOwner, seed.former);
    expect(formerEvents.some((event) => event.action === "member_left" && event.actor_id === pseudonym)).toBe(true);
    for (const [owner, workspaceId] of [
      [seed.teamOwner, seed.team],
      [seed.formerOwner, seed.former],
      [seed.inviter, seed.invitedTo],
    ] as const) {
      const verified = await call(owner, "GET", `/workspaces/${workspaceId}/audit/verify`);
      expect(verified.body.valid, workspaceId).toBe(true);
    }

    // Members and invitations: the person is gone, what they did for others stays.
    const members = await call(seed.teamOwner, "GET", `/workspaces/${seed.team}/members`);
    expect((members.body.members as { user_id: string }[]).map((member) => member.user_id).sort()).toEqual(
      [seed.teamOwner.id, seed.vouched.id].sort(),
    );
    expect((await call(null, "POST", "/invitations/lookup", { token: seed.strangerLink })).body.code).toBe(
      "invitation_revoked",
    );
    const invitedToList = await call(seed.inviter, "GET", `/workspaces/${seed.invitedTo}/invitations`);
    expect(invitedToList.body.invitations).toEqual([]);

    // Every session is gone with the account; the email is free for a new account.
    expect((await call(seed.secondSession, "GET", "/me")).status).toBe(401);
    const newcomer = await signInAgain(person);
    const me = await call(newcomer, "GET", "/me");
    expect(me.status).toBe(200);
    expect(me.body.id).not.toBe(person.id);
    expect(me.body.first_name).toBe("");
  });

  it("hands a workspace to its longest-standing editor when the only owner's account is purged", async () => {
    const owner = await newUser("purge-owner");
    const viewer = await newUser("purge-viewer");
    const editor = await newUser("purge-editor");
    const workspaceId = await createWorkspace(owner, "Handed over");
    await addMember(owner, workspaceId, viewer, "viewer");
    await addMember(owner, workspaceId, editor, "editor");
    // Deletion is refused while the owner is alone at the top, so the deletion is marked directly, as if the
    // co-owner who made it possible had left during the grace period.
    await runInDurableObject(accountStub(owner.id), (instance: Account) =>
      instance.scheduleDeletion(owner.id, owner.email),
    );
    await ageDeletion(owner.id, 31);
    expect(await runAccountAlarm(owner.id)).toBe(true);
    const permissions = await call(editor, "GET", `/workspaces/${workspaceId}/permissions`);
    expect(permissions.body.role).toBe("owner");
    expect((await call(viewer, "GET", `/workspaces/${workspaceId}/permissions`)).body.role).toBe("viewer");
    const events = await auditEvents(editor, workspaceId);
    expect(events.find((event) => event.action === "owner_appointed")?.target).toBe(editor.id);
  });

  it("does not run before the grace period ends, nor after a restore", async () => {
    const user = await newUser("purge-early");
    await uploadAvatar(user);
    await deleteAccount(user);
    expect(await runAccountAlarm(user.id)).toBe(true); // an early alarm only re-arms itself
    expect(await purgeProgress(user.id)).toBeUndefined();
    expect(await env.DB.prepare("select count(*) as n from users where id = ?").bind(user.id).first("n")).toBe(1);

    const again = await signInAgain(user);
    expect((await call(again, "POST", "/me/restore")).status).toBe(200);
    await ageDeletion(user.id, 0);
    await env.DB.prepare("update users set deleted_at = null where id = ?").bind(user.id).run();
    expect(await runAccountAlarm(user.id)).toBe(false);
    expect((await avatarKeys()).some((key) => key.includes(user.id))).toBe(true);
  });
});

describe("the purge and people with similar emails", () => {
  it("matches the email whole: a member whose email contains the person's finishes nothing early and loses nothing", async () => {
    const tag = crypto.randomUUID().slice(0, 8);
    const person = await signIn(`al-${tag}@example.com`);
    const bystander = await signIn(`hal-${tag}@example.com`);
    const owner = await newUser("similar-owner");
    const workspaceId = await createWorkspace(owner, "Similar");
    await addMember(owner, workspaceId, person, "viewer");
    await addMember(owner, workspaceId, bystander, "viewer");
    expect((await invite(owner, workspaceId, `xal-${tag}@example.com`, "viewer")).status).toBe(201);
    const bystanderBefore = tracesOf(await d1Tables(), [bystander.email]);
    await deleteAccount(person);
    await ageDeletion(person.id, 31);
    expect(await runAccountAlarm(person.id)).toBe(true);
    expect(await accountTables(person.id)).toEqual({});
    const members = await call(owner, "GET", `/workspaces/${workspaceId}/members`);
    expect((members.body.members as { email: string }[]).map((member) => member.email).sort()).toEqual(
      [owner.email, bystander.email].sort(),
    );
    const invitations = await call(owner, "GET", `/workspaces/${workspaceId}/invitations`);
    expect((invitations.body.invitations as { email: string }[]).map((row) => row.email)).toEqual([
      `xal-${tag}@example.com`,
    ]);
    expect(tracesOf(await d1Tables(), [bystander.email])).toEqual(bystanderBefore);
  });
});

/**
 * The check of issue 15 (defect 4): an account an admin created with names, invited under its first address, which
 * then moved to another address, is erased; afterwards nothing anywhere names either address, the names or the id.
 */
async function personWhoMoved() {
  const admin = await signInAdmin();
  const tag = crypto.randomUUID().slice(0, 8);
  const names = { first: `Zelda${tag}`, last: `Quillfeather${tag}` };
  const firstAddress = `first-${tag}@example.com`;
  const created = await call(admin, "POST", "/admin/users", {
    email: firstAddress,
    first_name: names.first,
    last_name: names.last,
  });
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const inviter = await newUser("moved-inviter");
  const [joined, declined, pending] = [
    await createWorkspace(inviter, "Joined"),
    await createWorkspace(inviter, "Declined"),
    await createWorkspace(inviter, "Pending"),
  ];
  const answer = async (workspaceId: string, person: User, how: "accept" | "decline") => {
    expect((await invite(inviter, workspaceId, firstAddress, "viewer")).status).toBe(201);
    const link = await invitationToken(firstAddress);
    const answered = await call(person, "POST", `/invitations/${how}`, { token: link });
    expect(answered.status, JSON.stringify(answered.body)).toBeLessThan(300);
  };
  const person = await signIn(firstAddress);
  await answer(joined, person, "accept");
  await answer(declined, person, "decline");
  expect((await invite(inviter, pending, firstAddress, "editor")).status).toBe(201);

  const secondAddress = `second-${tag}@example.com`;
  expect((await call(person, "POST", "/me/email", { email: secondAddress })).status).toBe(202);
  const moved = await call(person, "POST", "/me/email/verify", { code: await latestCode(secondAddress) });
  expect(moved.status, JSON.stringify(moved.body)).toBe(200);
  const needles = [person.id, firstAddress, secondAddress, names.first, names.last];
  return {
    admin,
    inviter,
    person: { ...person, email: secondAddress },
    workspaces: [joined, declined, pending],
    needles,
  };
}

describe("the purge of a person who changed their address", () => {
  for (const erase of ["an admin's hard delete", "the purge after the grace period"] as const) {
    it(`by ${erase}: nothing names the old address, the new one, the names or the id`, async () => {
      const { admin, inviter, person, workspaces, needles } = await personWhoMoved();
      for (const needle of needles) {
        // The scan finds each while the account exists: the names and the old address in D1, both in a workspace.
        expect(tracesOf(await d1Tables(), [needle]).length, needle).toBeGreaterThan(0);
      }
      expect(tracesOf(await workspaceTables(workspaces[2] as string), needles).length).toBeGreaterThan(0);

      if (erase === "an admin's hard delete") {
        const deleted = await call(admin, "DELETE", `/admin/users/${person.id}?hard=true`);
        expect(deleted.status, JSON.stringify(deleted.body)).toBe(204);
      } else {
        await deleteAccount(person);
        await ageDeletion(person.id, 31);
        expect(await runAccountAlarm(person.id)).toBe(true);
      }

      expect(await accountTables(person.id)).toEqual({});
      expect(tracesOf(await d1Tables(), needles)).toEqual([]);
      for (const workspaceId of workspaces) {
        expect(tracesOf(await workspaceTables(workspaceId), needles), workspaceId).toEqual([]);
        const verified = await call(inviter, "GET", `/workspaces/${workspaceId}/audit/verify`);
        expect(verified.body.valid, workspaceId).toBe(true);
      }
      expect((await call(admin, "GET", "/admin/audit/verify")).body.valid).toBe(true);
    });
  }
});

describe("a purge cut short", () => {
  it("resumes on the next alarm after D1 and then R2 failed, doing each step once", async () => {
    const owner = await newUser("cut-owner");
    const person = await newUser("cut-person");
    const workspaceId = await createWorkspace(owner, "Cut");
    await addMember(owner, workspaceId, person, "editor");
    await uploadAvatar(person);
    await deleteAccount(person);
    await ageDeletion(person.id, 31);

    const failing = (what: string) =>
      new Proxy(
        {},
        {
          get: () => () => {
            throw new Error(`${what} is down`);
          },
        },
      ) as never;
    const withDeps = (change: (instance: Account) => void) =>
      runInDurableObject(accountStub(person.id), (instance: Account) => change(instance));
    const real = await runInDurableObject(accountStub(person.id), (instance: Account) => ({ ...instance.purgeDeps }));

    // D1 down: the first step cannot even find the workspaces; nothing is done, a retry is set.
    await withDeps((instance) => {
      instance.purgeDeps = { ...instance.purgeDeps, db: failing("D1") };
    });
    expect(await runAccountAlarm(person.id)).toBe(true);
    expect(await purgeProgress(person.id)).toMatchObject({ done: [], failures: 1 });
    expect(await runInDurableObject(accountStub(person.id), (_i, state) => state.storage.getAlarm())).not.toBeNull();

    // D1 back, R2 down: the workspace and sign-in steps complete, the avatar step fails.
    await withDeps((instance) => {
      instance.purgeDeps = { ...instance.purgeDeps, db: real.db, avatars: failing("R2") };
    });
    expect(await runAccountAlarm(person.id)).toBe(true);
    expect(await purgeProgress(person.id)).toMatchObject({
      done: ["workspaces", "admin_audit", "sign_in_records"],
      failures: 2,
    });
    expect(await env.DB.prepare("select count(*) as n from users where id = ?").bind(person.id).first("n")).toBe(1);
    expect((await avatarKeys()).some((key) => key.includes(person.id))).toBe(true);

    // Everything back: the purge finishes from where it stopped.
    await withDeps((instance) => {
      instance.purgeDeps = { ...instance.purgeDeps, avatars: real.avatars };
    });
    expect(await runAccountAlarm(person.id)).toBe(true);
    expect(await accountTables(person.id)).toEqual({});
    expect(await env.DB.prepare("select count(*) as n from users where id = ?").bind(person.id).first("n")).toBe(0);
    expect((await avatarKeys()).some((key) => key.includes(person.id))).toBe(false);
    const events = await auditEvents(owner, workspaceId);
    expect(events.filter((event) => event.action === "member_purged")).toHaveLength(1);
    expect(events.filter((event) => event.action === "member_removed")).toHaveLength(1);
    expect((await call(owner, "GET", `/workspaces/${workspaceId}/audit/verify`)).body.valid).toBe(true);
    expect(tracesOf(await workspaceTables(workspaceId), [person.id, person.email])).toEqual([]);
  });

  it("waits for a workspace whose index write is pending, and finishes once it is delivered", async () => {
    const owner = await newUser("pending-owner");
    const person = await newUser("pending-person");
    const workspaceId = await createWorkspace(owner, "Pending");
    await addMember(owner, workspaceId, person, "viewer");
    await deleteAccount(person);
    await ageDeletion(person.id, 31);
    type Delivering = { delivery: { directoryDb: unknown } };
    const realDirectory = await runInDurableObject(stubOf(workspaceId), (instance) => {
      const { delivery } = instance as unknown as Delivering;
      const saved = delivery.directoryDb;
      delivery.directoryDb = new Proxy(
        {},
        {
          get: () => () => {
            throw new Error("D1 down");
          },
        },
      );
      return saved;
    });
    expect(await runAccountAlarm(person.id)).toBe(true);
    expect(await purgeProgress(person.id)).toMatchObject({ done: [], failures: 1 });
    await runInDurableObject(stubOf(workspaceId), (instance) => {
      (instance as unknown as Delivering).delivery.directoryDb = realDirectory;
    });
    expect(await runAccountAlarm(person.id)).toBe(true);
    expect(await accountTables(person.id)).toEqual({});
    expect(tracesOf(await workspaceTables(workspaceId), [person.id, person.email])).toEqual([]);
    const indexed = await env.DB.prepare("select count(*) as n from memberships where user_id = ?")
      .bind(person.id)
      .first("n");
    expect(indexed).toBe(0);
  });
});

describe("the hourly sweep", () => {
  it("re-arms an overdue purge whose alarm was lost", async () => {
    const user = await newUser("sweep");
    await deleteAccount(user);
    await ageDeletion(user.id, 31);
    await runInDurableObject(accountStub(user.id), (_i, state) => state.storage.deleteAlarm());
    expect(await runAccountAlarm(user.id)).toBe(false);
    const ctx = createExecutionContext();
    await worker.scheduled(createScheduledController({ cron: "17 * * * *" }), env, ctx);
    await waitOnExecutionContext(ctx);
    // The re-armed alarm is due at once: the runtime runs it by itself (or the test does, if it has not yet).
    await runAccountAlarm(user.id);
    const remaining = async () =>
      env.DB.prepare("select count(*) as n from users where id = ?").bind(user.id).first("n");
    await expect.poll(remaining, { timeout: 5000 }).toBe(0);
    expect(await accountTables(user.id)).toEqual({});
  });
});
