/** GET /api/admin/users: prefix search, filters, keyset pages, and the indexes behind each query. */
import { env } from "cloudflare:test";
import { drizzle } from "drizzle-orm/d1";
import { beforeAll, describe, expect, it } from "vitest";
import { type DirectoryQuery, directoryPageQuery } from "../../src/users/directory";
import { expectAdminRefused, signInAdmin } from "../support/admin";
import { call, newUser, type User } from "../support/http";

interface Listed {
  id: string;
  email: string;
  first_name: string;
  last_name: string;
  platform_role: string;
  status: string;
  created_at: string;
  last_sign_in_at: string | null;
  two_factor_enabled: boolean;
}

let admin: User;
let zoe: User;
let zed: User;
let elodie: User;
let off: User;

const list = async (query: string) => {
  const answer = await call(admin, "GET", `/admin/users${query}`);
  expect(answer.status, query).toBe(200);
  return answer.body as { users: Listed[]; next_cursor: string | null };
};
const ids = (page: { users: Listed[] }) => page.users.map((user) => user.id);

beforeAll(async () => {
  admin = await signInAdmin();
  zoe = await newUser("zoe", { first: "Zoë", last: "Quinlan" });
  zed = await newUser("quick", { first: "Zed", last: "Zimmer" });
  elodie = await newUser("person", { first: "Élodie", last: "Ostergård" });
  off = await newUser("off", { first: "Otto", last: "Off" });
  // newUser writes names straight into D1; set the keys as every write of names through the service does.
  await env.DB.prepare("update users set first_name_key = lower(first_name), last_name_key = lower(last_name)").run();
  await env.DB.prepare("update users set first_name_key = 'élodie', last_name_key = 'ostergård' where id = ?")
    .bind(elodie.id)
    .run();
  expect((await call(admin, "PATCH", `/admin/users/${off.id}`, { is_active: false })).status).toBe(200);
});

describe("GET /api/admin/users", () => {
  it("lists every account oldest first with the fields of the contract", async () => {
    const page = await list("");
    expect(ids(page)).toEqual([admin.id, zoe.id, zed.id, elodie.id, off.id]);
    expect(page.next_cursor).toBeNull();
    expect(page.users[1]).toEqual({
      id: zoe.id,
      email: zoe.email,
      first_name: "Zoë",
      last_name: "Quinlan",
      platform_role: "user",
      status: "active",
      created_at: expect.any(String),
      last_sign_in_at: expect.any(String),
      two_factor_enabled: false,
      avatar_url: null,
    });
  });

  it("matches a case-insensitive prefix of the email, first name or last name", async () => {
    expect(ids(await list("?q=ZOE-"))).toEqual([zoe.id]);
    expect(ids(await list("?q=qu"))).toEqual([zoe.id, zed.id]);
    expect(ids(await list("?q=zi"))).toEqual([zed.id]);
    expect(ids(await list("?q=%C3%89L"))).toEqual([elodie.id]);
    expect(ids(await list("?q=ostergÅ"))).toEqual([elodie.id]);
    expect(ids(await list("?q=uinlan"))).toEqual([]);
  });

  it("filters by platform role and by status", async () => {
    expect(ids(await list("?platform_role=admin"))).toEqual([admin.id]);
    expect(ids(await list("?platform_role=user&status=active"))).toEqual([zoe.id, zed.id, elodie.id]);
    expect(ids(await list("?status=deactivated"))).toEqual([off.id]);
    expect((await list("?status=deactivated")).users[0]?.status).toBe("deactivated");
    expect(ids(await list("?status=deleted"))).toEqual([]);
  });

  it("pages with a cursor, each account once, until next_cursor is null", async () => {
    const seen: string[] = [];
    let cursor: string | null = "";
    let pages = 0;
    while (cursor !== null) {
      const page = await list(`?limit=2${cursor ? `&cursor=${cursor}` : ""}`);
      seen.push(...ids(page));
      cursor = page.next_cursor;
      pages++;
    }
    expect(pages).toBe(3);
    expect(seen).toEqual(ids(await list("")));
  });

  it("keeps the search and filters across pages", async () => {
    const first = await list("?q=qu&limit=1");
    expect(ids(first)).toEqual([zoe.id]);
    const second = await list(`?q=qu&limit=1&cursor=${first.next_cursor}`);
    expect(ids(second)).toEqual([zed.id]);
    expect(second.next_cursor).toBeNull();
  });

  it.each([
    ["an unknown platform role", "?platform_role=owner"],
    ["an unknown status", "?status=gone"],
    ["a limit of 0", "?limit=0"],
    ["a limit that is not a number", "?limit=many"],
    ["a cursor that is not ours", "?cursor=not-a-cursor"],
    ["a cursor with the wrong fields", `?cursor=${btoa(JSON.stringify({ s: 1 }))}`],
    ["a search longer than an email", `?q=${"a".repeat(255)}`],
  ])("refuses %s with 400 validation_failed", async (_what, query) => {
    await expectAdminRefused(admin, "GET", `/admin/users${query}`, 400, "validation_failed");
  });
});

describe("the list's queries", () => {
  const db = drizzle(env.DB);
  const after = { createdDate: "2026-01-01T00:00:00.000Z", id: "usr_x" };
  const plan = async (query: DirectoryQuery) => {
    const { sql, params } = directoryPageQuery(db, query).toSQL();
    const rows = await env.DB.prepare(`explain query plan ${sql}`)
      .bind(...params)
      .all<{ detail: string }>();
    return rows.results.map((row) => row.detail);
  };

  it.each<[string, DirectoryQuery]>([
    ["the first page", { limit: 50 }],
    ["a deep page", { limit: 50, after }],
    ["a prefix search", { limit: 50, q: "ann" }],
    ["a prefix search, deep", { limit: 50, q: "ann", after }],
    ["a role filter", { limit: 50, platformRole: "admin", after }],
    ["the deactivated", { limit: 50, status: "deactivated", after }],
    ["the deleted", { limit: 50, status: "deleted" }],
    ["the active", { limit: 50, status: "active", after }],
  ])("reads %s through an index, never the whole table", async (_what, query) => {
    const steps = await plan(query);
    expect(
      steps.some((step) => /USING (COVERING )?INDEX|USING INTEGER PRIMARY KEY/.test(step)),
      steps.join("\n"),
    ).toBe(true);
    expect(
      steps.filter((step) => /^SCAN users$/.test(step)),
      steps.join("\n"),
    ).toEqual([]);
  });

  it("reads a prefix search as ranges on the email and name-key indexes", async () => {
    const steps = (await plan({ limit: 50, q: "ann" })).join("\n");
    expect(steps).toContain("MULTI-INDEX OR");
    expect(steps).toMatch(/INDEX users_email_unique \(email>\? AND email<\?\)/);
    expect(steps).toMatch(/INDEX users_first_name_key \(first_name_key>\? AND first_name_key<\?\)/);
    expect(steps).toMatch(/INDEX users_last_name_key \(last_name_key>\? AND last_name_key<\?\)/);
  });
});
