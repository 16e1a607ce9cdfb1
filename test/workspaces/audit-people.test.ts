/**
 * Readable audit logs (issue 16): each workspace audit event names its actor and subject as `{ id, email, name }`,
 * resolved when the log is read (member rows, else the users directory; the pseudonym for an erased person; an
 * invitation's address), and the log filters by actor, subject and action with paging still correct.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { signInAdmin } from "../support/admin";
import { call, newUser, type User } from "../support/http";
import { addMember, createWorkspace, expectRefused, invite } from "../support/workspaces";

interface Person {
  id: string;
  email: string | null;
  name: string | null;
}

interface Event {
  id: string;
  action: string;
  actor_id: string | null;
  target: string | null;
  actor: Person | null;
  subject: Person | null;
}

let owner: User;
let editor: User;
let leaver: User;
let erased: User;
let id: string;
let ritaEmail: string;

const log = async (query = "") => {
  const answer = await call(owner, "GET", `/workspaces/${id}/audit${query}`);
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  return answer.body as { events: Event[]; next_cursor: string | null };
};

beforeAll(async () => {
  owner = await newUser("olivia", { first: "Olivia", last: "Owner" });
  editor = await newUser("eddie", { first: "Eddie", last: "Editor" });
  leaver = await newUser("lea", { first: "Lea", last: "Left" });
  erased = await newUser("erin", { first: "Erin", last: "Erased" });
  id = await createWorkspace(owner, "Acme");
  await addMember(owner, id, editor, "owner");
  await addMember(owner, id, leaver, "viewer");
  await addMember(owner, id, erased, "viewer");
  expect((await call(owner, "PATCH", `/workspaces/${id}/members/${editor.id}`, { role: "editor" })).status).toBe(200);
  expect((await call(leaver, "DELETE", `/workspaces/${id}/members/${leaver.id}`)).status).toBe(204);
  // The person left the workspace: from now on only the directory knows their name, and a rename there shows.
  await call(leaver, "PATCH", "/me", { first_name: "Leah" });
  ritaEmail = `rita-${crypto.randomUUID().slice(0, 8)}@example.com`;
  expect((await invite(owner, id, ritaEmail, "viewer")).status).toBe(201);
  const admin = await signInAdmin();
  expect((await call(admin, "DELETE", `/admin/users/${erased.id}?hard=true`)).status).toBe(204);
});

describe("GET /api/workspaces/:id/audit, who each event names", () => {
  it("names the actor and the subject of a role change from the member rows", async () => {
    const [changed] = (await log("?action=role_changed")).events;
    expect(changed).toMatchObject({
      actor_id: owner.id,
      target: editor.id,
      actor: { id: owner.id, email: owner.email, name: "Olivia Owner" },
      subject: { id: editor.id, email: editor.email, name: "Eddie Editor" },
    });
  });

  it("names someone who left from the users directory, as they are called now", async () => {
    const [left] = (await log("?action=member_left")).events;
    expect(left?.actor).toEqual({ id: leaver.id, email: leaver.email, name: "Leah Left" });
    expect(left?.subject).toEqual(left?.actor);
  });

  it("names an invitation by its address, and the workspace as no subject", async () => {
    const [created] = (await log(`?action=invitation_created&actor=${owner.id}`)).events;
    expect(created?.subject).toEqual({ id: created?.target, email: ritaEmail, name: null });
    const [born] = (await log("?action=workspace_created")).events;
    expect(born?.subject).toBeNull();
    expect(born?.actor?.name).toBe("Olivia Owner");
  });

  it("leaves an erased person as the pseudonym, without email or name", async () => {
    const events = (await log("?limit=200")).events;
    const purged = events.find((event) => event.action === "member_purged");
    expect(purged?.actor_id).toMatch(/^deleted_/);
    expect(purged?.actor).toEqual({ id: purged?.actor_id, email: null, name: null });
    expect(purged?.subject).toEqual({ id: purged?.actor_id, email: null, name: null });
    const everywhere = JSON.stringify(events);
    expect(everywhere).not.toContain(erased.email);
    expect(everywhere).not.toContain("Erin");
  });
});

describe("GET /api/workspaces/:id/audit, filters", () => {
  it("filters by actor, subject and action, and pages the filtered log with its cursor", async () => {
    const all = (await log("?limit=200")).events;
    const byOwner = all.filter((event) => event.actor_id === owner.id).map((event) => event.id);
    expect(byOwner.length).toBeGreaterThan(3);
    const pages: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await log(`?actor=${owner.id}&limit=2${cursor ? `&cursor=${cursor}` : ""}`);
      pages.push(...page.events.map((event) => event.id));
      cursor = page.next_cursor;
    } while (cursor);
    expect(pages).toEqual(byOwner);
    const aboutEditor = (await log(`?subject=${editor.id}`)).events.map((event) => event.action);
    expect(aboutEditor).toEqual(["role_changed"]);
    const invitedEditor = await log(`?action=invitation_accepted&actor=${editor.id}`);
    expect(invitedEditor.events.map((event) => event.actor_id)).toEqual([editor.id]);
    expect((await log(`?action=role_changed&actor=${editor.id}`)).events).toEqual([]);
  });

  it("refuses a bad filter with 400 validation_failed and changes nothing", async () => {
    for (const query of [
      "?action=nonsense",
      "?action=user_created",
      "?actor=not%20an%20id",
      `?subject=${"x".repeat(101)}`,
    ]) {
      await expectRefused(owner, "GET", `/workspaces/${id}/audit${query}`, 400, "validation_failed");
    }
  });
});
