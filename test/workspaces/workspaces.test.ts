import { runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { call, newUser } from "../support/http";
import { mailbox } from "../support/sign-in";
import { addMember, createWorkspace, indexedMembers, invite, snapshot, stubOf } from "../support/workspaces";

/** What a Workspace object has stored: its tables (SQLite's and Cloudflare's own aside) and its alarm. */
const storedBy = (workspaceId: string) =>
  runInDurableObject(stubOf(workspaceId), async (_instance, state) => ({
    tables: state.storage.sql
      .exec<{ name: string }>("select name from sqlite_master where type = 'table'")
      .toArray()
      .map((row) => row.name)
      .filter((name) => !name.startsWith("_cf_") && !name.startsWith("sqlite_")),
    alarm: await state.storage.getAlarm(),
  }));

const NAMES_WITH_FORBIDDEN_CHARACTERS = [
  "Acme\r\nBcc: victim@example.com",
  "Line\nbreak",
  "Tab\there",
  "Null\u0000byte",
  "Bell\u0007",
  "Delete\u007f",
  "C1\u0085control",
  "evil\u202Egnp.exe",
  "zero\u200Bwidth",
  "line\u2028separator",
  "paragraph\u2029separator",
  "\uFEFFbyte order mark",
  "left\u200Eto right mark",
  "soft\u00ADhyphen",
  "trailing newline\n",
];

describe("POST /api/workspaces and GET /api/workspaces", () => {
  it("creates a workspace owned by the caller and lists it", async () => {
    const owner = await newUser("owner");
    const created = await call(owner, "POST", "/workspaces", { name: "  Acme  " });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: "Acme", role: "owner" });
    expect(created.body.id).toMatch(/^ws_/);
    expect(created.body.created_at).toMatch(/^\d{4}-/);
    const list = await call(owner, "GET", "/workspaces");
    expect(list.body).toEqual({
      workspaces: [{ id: created.body.id, name: "Acme", role: "owner", created_at: created.body.created_at }],
      next_cursor: null,
    });
    expect(await indexedMembers(created.body.id as string)).toEqual({ [owner.id]: "owner" });
  });

  it("lists only the caller's own workspaces, a page at a time", async () => {
    const owner = await newUser("pager");
    const stranger = await newUser("stranger");
    const ids = [
      await createWorkspace(owner, "A"),
      await createWorkspace(owner, "B"),
      await createWorkspace(owner, "C"),
    ];
    await createWorkspace(stranger, "Theirs");
    const first = await call(owner, "GET", "/workspaces?limit=2");
    expect((first.body.workspaces as unknown[]).length).toBe(2);
    const second = await call(owner, "GET", `/workspaces?limit=2&cursor=${first.body.next_cursor}`);
    expect(second.body.next_cursor).toBeNull();
    const seen = [...(first.body.workspaces as { id: string }[]), ...(second.body.workspaces as { id: string }[])];
    expect(seen.map((w) => w.id).sort()).toEqual(ids.sort());
  });

  it("refuses a missing, empty or too long name with 400 and creates nothing", async () => {
    const owner = await newUser("names");
    for (const body of [{}, { name: "" }, { name: "   " }, { name: "x".repeat(101) }, { name: 42 }]) {
      const answer = await call(owner, "POST", "/workspaces", body);
      expect(answer.status).toBe(400);
      expect(answer.body.code).toBe("validation_failed");
    }
    expect((await call(owner, "GET", "/workspaces")).body.workspaces).toEqual([]);
  });

  it("refuses names holding control, format or separator characters with 400, instead of cleaning them", async () => {
    const owner = await newUser("controls");
    for (const name of NAMES_WITH_FORBIDDEN_CHARACTERS) {
      const answer = await call(owner, "POST", "/workspaces", { name });
      expect(answer.status, JSON.stringify(name)).toBe(400);
      expect(answer.body.code).toBe("validation_failed");
      expect((answer.body.errors as { path: string }[])[0]?.path).toBe("name");
    }
    expect((await call(owner, "GET", "/workspaces")).body.workspaces).toEqual([]);
    const id = await createWorkspace(owner, "Clean");
    const before = await snapshot(id);
    for (const name of NAMES_WITH_FORBIDDEN_CHARACTERS) {
      expect((await call(owner, "PATCH", `/workspaces/${id}`, { name })).status, JSON.stringify(name)).toBe(400);
    }
    expect(await snapshot(id)).toEqual(before);
  });

  it("keeps accents, emoji and inner spaces, and puts the name in the invitation's body as given, in quotes, never in its subject", async () => {
    const owner = await newUser("unicode");
    const name = "Café Zoë 🚀 🇫🇷 👍🏽 ❤️";
    const created = await call(owner, "POST", "/workspaces", { name: `  ${name}  ` });
    expect(created.status).toBe(201);
    expect(created.body.name).toBe(name);
    await invite(owner, created.body.id as string, "unicode-invitee@example.com", "viewer");
    const [mail] = await mailbox("unicode-invitee@example.com");
    expect(mail?.subject).not.toContain(name);
    expect(mail?.text).toContain(`“${name}”`);
  });

  it("counts a name's length in characters, not UTF-16 units: 100 emoji fit, 101 do not", async () => {
    const owner = await newUser("emoji");
    expect((await call(owner, "POST", "/workspaces", { name: "🚀".repeat(100) })).status).toBe(201);
    expect((await call(owner, "POST", "/workspaces", { name: "🚀".repeat(101) })).status).toBe(400);
  });

  it("accepts a 100-character name", async () => {
    const owner = await newUser("long");
    expect((await call(owner, "POST", "/workspaces", { name: "x".repeat(100) })).status).toBe(201);
  });

  it("refuses callers without a token with 401", async () => {
    expect((await call(null, "POST", "/workspaces", { name: "A" })).status).toBe(401);
    expect((await call(null, "GET", "/workspaces")).status).toBe(401);
  });
});

describe("GET, PATCH, DELETE /api/workspaces/:id and permissions", () => {
  it("shows a member the workspace with its member count and their rights by role", async () => {
    const owner = await newUser("o");
    const editor = await newUser("e");
    const viewer = await newUser("v");
    const id = await createWorkspace(owner);
    await addMember(owner, id, editor, "editor");
    await addMember(owner, id, viewer, "viewer");
    const detail = await call(viewer, "GET", `/workspaces/${id}`);
    expect(detail.body).toMatchObject({ id, name: "Acme", role: "viewer", member_count: 3 });
    const rights = async (user: typeof owner) => (await call(user, "GET", `/workspaces/${id}/permissions`)).body;
    expect(await rights(owner)).toEqual({ role: "owner", can_view: true, can_edit: true, can_manage: true });
    expect(await rights(editor)).toEqual({ role: "editor", can_view: true, can_edit: true, can_manage: false });
    expect(await rights(viewer)).toEqual({ role: "viewer", can_view: true, can_edit: false, can_manage: false });
  });

  it("lets only an owner rename", async () => {
    const owner = await newUser("o");
    const editor = await newUser("e");
    const id = await createWorkspace(owner);
    await addMember(owner, id, editor, "editor");
    const before = await snapshot(id);
    const refused = await call(editor, "PATCH", `/workspaces/${id}`, { name: "Mine now" });
    expect(refused.status).toBe(403);
    expect(refused.body.code).toBe("forbidden");
    expect(await snapshot(id)).toEqual(before);
    const renamed = await call(owner, "PATCH", `/workspaces/${id}`, { name: "Renamed" });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ name: "Renamed" });
    expect(((await call(editor, "GET", "/workspaces")).body.workspaces as { name: string }[])[0]?.name).toBe("Renamed");
  });

  it("refuses an invalid new name with 400", async () => {
    const owner = await newUser("o");
    const id = await createWorkspace(owner);
    expect((await call(owner, "PATCH", `/workspaces/${id}`, { name: "" })).status).toBe(400);
  });

  it("lets only an owner delete; afterwards it is gone for everyone", async () => {
    const owner = await newUser("o");
    const editor = await newUser("e");
    const id = await createWorkspace(owner);
    await addMember(owner, id, editor, "editor");
    const before = await snapshot(id);
    expect((await call(editor, "DELETE", `/workspaces/${id}`)).status).toBe(403);
    expect(await snapshot(id)).toEqual(before);
    expect((await call(owner, "DELETE", `/workspaces/${id}`)).status).toBe(204);
    for (const user of [owner, editor]) {
      expect((await call(user, "GET", `/workspaces/${id}`)).status).toBe(404);
      expect((await call(user, "GET", "/workspaces")).body.workspaces).toEqual([]);
    }
    expect(await indexedMembers(id)).toEqual({});
  });
});

describe("non-members", () => {
  it("get 404 not_found on every workspace route, and change nothing", async () => {
    const owner = await newUser("o");
    const outsider = await newUser("x");
    const id = await createWorkspace(owner);
    const before = await snapshot(id, [outsider.id]);
    const routes: [string, string, unknown?][] = [
      ["GET", `/workspaces/${id}`],
      ["PATCH", `/workspaces/${id}`, { name: "Hijacked" }],
      ["DELETE", `/workspaces/${id}`],
      ["GET", `/workspaces/${id}/permissions`],
      ["GET", `/workspaces/${id}/members`],
      ["PATCH", `/workspaces/${id}/members/${owner.id}`, { role: "viewer" }],
      ["DELETE", `/workspaces/${id}/members/${owner.id}`],
      ["DELETE", `/workspaces/${id}/members/${outsider.id}`],
      ["POST", `/workspaces/${id}/invitations`, { email: outsider.email, role: "owner" }],
      ["GET", `/workspaces/${id}/invitations`],
      ["DELETE", `/workspaces/${id}/invitations/inv_x`],
      ["POST", `/workspaces/${id}/invitations/inv_x/resend`],
      ["POST", `/workspaces/${id}/transfer`, { user_id: outsider.id }],
      ["POST", `/workspaces/${id}/transfer/accept`],
      ["GET", `/workspaces/${id}/audit`],
      ["GET", `/workspaces/${id}/audit/verify`],
    ];
    for (const [method, path, body] of routes) {
      const answer = await call(outsider, method, path, body);
      expect(answer.status, `${method} ${path}`).toBe(404);
      expect(answer.body.code).toBe("not_found");
    }
    expect(await snapshot(id, [outsider.id])).toEqual(before);
  });

  it("leave no storage behind for a workspace id that was never created", async () => {
    const someone = await newUser("prober");
    const neverCreated = "ws_NeverCreatedXXXXXXXXXX";
    expect(neverCreated).toMatch(/^ws_[A-Za-z0-9_-]{22}$/);
    const probes: [typeof someone | null, string, string, unknown?][] = [
      [null, "POST", "/invitations/lookup", { token: `${neverCreated}.x` }],
      [someone, "POST", "/invitations/accept", { token: `${neverCreated}.x` }],
      [someone, "POST", "/invitations/decline", { token: `${neverCreated}.x` }],
      [someone, "GET", `/workspaces/${neverCreated}`],
      [someone, "PATCH", `/workspaces/${neverCreated}`, { name: "Mine" }],
      [someone, "DELETE", `/workspaces/${neverCreated}`],
      [someone, "GET", `/workspaces/${neverCreated}/permissions`],
      [someone, "GET", `/workspaces/${neverCreated}/members`],
      [someone, "DELETE", `/workspaces/${neverCreated}/members/${someone.id}`],
      [someone, "POST", `/workspaces/${neverCreated}/invitations`, { email: "x@example.com", role: "viewer" }],
      [someone, "GET", `/workspaces/${neverCreated}/invitations`],
      [someone, "POST", `/workspaces/${neverCreated}/transfer`, { user_id: someone.id }],
      [someone, "DELETE", `/workspaces/${neverCreated}/transfer`],
      [someone, "POST", `/workspaces/${neverCreated}/transfer/accept`],
      [someone, "GET", `/workspaces/${neverCreated}/audit`],
      [someone, "GET", `/workspaces/${neverCreated}/audit/verify`],
    ];
    for (const [user, method, path, body] of probes) {
      const answer = await call(user, method, path, body);
      expect(answer.status, `${method} ${path}`).toBe(404);
      expect(answer.body.code).toBe("not_found");
    }
    expect(await storedBy(neverCreated)).toEqual({ tables: [], alarm: null });
  });

  it("get the same 404 for a workspace that does not exist or a malformed id", async () => {
    const someone = await newUser("s");
    for (const id of ["ws_AAAAAAAAAAAAAAAAAAAAAA", "not-a-workspace", "ws_../../etc"]) {
      const answer = await call(someone, "GET", `/workspaces/${id}`);
      expect(answer.status).toBe(404);
      expect(answer.body.code).toBe("not_found");
    }
  });
});
