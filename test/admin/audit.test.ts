/** The platform audit log: every admin action, newest first, hash-chained, and a check that finds tampering. */
import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { type AuditEventBody, expectAdminRefused, signInAdmin } from "../support/admin";
import { call, newUser, type User } from "../support/http";
import { nextEmail } from "../support/people";
import { totpAt, turnOnTwoFactor } from "../support/two-factor";

let admin: User;
let person: User;

const events = async (query = "") => {
  const page = await call(admin, "GET", `/admin/audit${query}`);
  expect(page.status).toBe(200);
  return page.body as { events: AuditEventBody[]; next_cursor: string | null };
};

beforeAll(async () => {
  admin = await signInAdmin();
  person = await newUser("person");
  const created = await call(admin, "POST", "/admin/users", { email: nextEmail("made") });
  expect(created.status).toBe(201);
  await call(admin, "PATCH", `/admin/users/${person.id}`, { platform_role: "admin" });
  await call(admin, "PATCH", `/admin/users/${person.id}`, { platform_role: "user", is_active: false });
  await call(admin, "DELETE", `/admin/users/${person.id}/sessions`);
});

describe("GET /api/admin/audit", () => {
  it("records who did what to whom, before and after, and when, newest first", async () => {
    const { events: log } = await events();
    expect(log.map((event) => [event.actor_id, event.action])).toEqual([
      [admin.id, "sessions_revoked"],
      [admin.id, "user_updated"],
      [admin.id, "user_updated"],
      [admin.id, "user_created"],
      [null, "user_updated"],
    ]);
    expect(log[1]).toMatchObject({
      target: person.id,
      details: {
        before: { platform_role: "admin", is_active: true },
        after: { platform_role: "user", is_active: false },
      },
    });
    expect(log[2]).toMatchObject({
      target: person.id,
      details: { before: { platform_role: "user" }, after: { platform_role: "admin" } },
    });
    expect(log[3]?.details).toMatchObject({ before: null, after: { platform_role: "user" } });
    const times = log.map((event) => Date.parse(event.at));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    for (let i = 0; i < log.length - 1; i++) expect(log[i]?.prev_hash).toBe(log[i + 1]?.hash);
    expect(log.at(-1)?.prev_hash).toBe("0".repeat(64));
  });

  it("pages with a cursor", async () => {
    const all = (await events()).events.map((event) => event.id);
    const first = await events("?limit=2");
    const second = await events(`?limit=2&cursor=${first.next_cursor}`);
    const third = await events(`?limit=2&cursor=${second.next_cursor}`);
    expect([...first.events, ...second.events, ...third.events].map((event) => event.id)).toEqual(all);
    expect(third.next_cursor).toBeNull();
  });

  it("refuses a cursor that is not ours with 400", async () => {
    await expectAdminRefused(admin, "GET", "/admin/audit?cursor=nonsense", 400, "validation_failed");
  });
});

type Person = { id: string; email: string | null; name: string | null } | null;
type ReadableEvent = AuditEventBody & { actor: Person; subject: Person };

describe("GET /api/admin/audit, who each event names, and filters", () => {
  it("names the admin and the account beside their ids, and no one for the system", async () => {
    const named = await newUser("named", { first: "Nora", last: "Named" });
    expect((await call(admin, "PATCH", `/admin/users/${named.id}`, { last_name: "Renamed" })).status).toBe(200);
    const [changed] = (await events(`?subject=${named.id}`)).events as ReadableEvent[];
    expect(changed).toMatchObject({
      action: "user_updated",
      actor: { id: admin.id, email: admin.email, name: null },
      subject: { id: named.id, email: named.email, name: "Nora Renamed" },
    });
    const granted = ((await events("?limit=200")).events as ReadableEvent[]).at(-1);
    expect(granted).toMatchObject({ actor_id: null, actor: null, subject: { id: admin.id, email: admin.email } });
  });

  it("leaves an erased person as the pseudonym, without email or name", async () => {
    const gone = await newUser("gone", { first: "Gwen", last: "Gone" });
    expect((await call(admin, "DELETE", `/admin/users/${gone.id}?hard=true`)).status).toBe(204);
    const [purged] = (await events("?action=user_purged")).events as ReadableEvent[];
    expect(purged?.target).toMatch(/^deleted_/);
    expect(purged?.subject).toEqual({ id: purged?.target, email: null, name: null });
    const [purgedNow] = (await events(`?action=user_purged_now&actor=${admin.id}`)).events as ReadableEvent[];
    expect(purgedNow?.subject).toEqual({ id: purged?.target, email: null, name: null });
    expect(purgedNow?.actor?.email).toBe(admin.email);
    expect(JSON.stringify((await events("?limit=200")).events)).not.toContain("Gwen");
  });

  it("filters by actor, subject and action, and pages the filtered log", async () => {
    const all = (await events("?limit=200")).events;
    const wanted = all
      .filter((event) => event.actor_id === admin.id && event.action === "user_updated")
      .map((event) => event.id);
    expect(wanted.length).toBeGreaterThan(2);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page = await events(`?actor=${admin.id}&action=user_updated&limit=1${cursor ? `&cursor=${cursor}` : ""}`);
      seen.push(...page.events.map((event) => event.id));
      cursor = page.next_cursor;
    } while (cursor);
    expect(seen).toEqual(wanted);
    const aboutPerson = (await events(`?subject=${person.id}`)).events.map((event) => event.action);
    expect(aboutPerson).toEqual(["sessions_revoked", "user_updated", "user_updated"]);
    expect((await events(`?actor=${person.id}`)).events).toEqual([]);
  });

  it("refuses a bad filter with 400 validation_failed and changes nothing", async () => {
    for (const query of ["?action=role_changed", "?action=", "?actor=usr%20x", `?subject=${"a_".repeat(60)}`]) {
      await expectAdminRefused(admin, "GET", `/admin/audit${query}`, 400, "validation_failed");
    }
  });
});

describe("GET /api/admin/audit/verify", () => {
  it("finds the chain intact", async () => {
    const verdict = await call(admin, "GET", "/admin/audit/verify");
    expect(verdict.body).toEqual({ valid: true, events_checked: (await events()).events.length });
  });

  it("finds an event edited in place", async () => {
    const target = (await events()).events[2] as AuditEventBody;
    const original = await env.DB.prepare("select details from admin_audit_events where id = ?")
      .bind(target.id)
      .first<{ details: string }>();
    await env.DB.prepare("update admin_audit_events set details = ? where id = ?")
      .bind(JSON.stringify({ before: { platform_role: "user" }, after: { platform_role: "user" } }), target.id)
      .run();
    const verdict = await call(admin, "GET", "/admin/audit/verify");
    expect(verdict.body.valid).toBe(false);
    expect(verdict.body.events_checked).toBe((await events()).events.length - 2);

    await env.DB.prepare("update admin_audit_events set details = ? where id = ?")
      .bind(original?.details, target.id)
      .run();
    expect((await call(admin, "GET", "/admin/audit/verify")).body.valid).toBe(true);
  });

  it("finds an event deleted from the middle", async () => {
    const target = (await events()).events[1] as AuditEventBody;
    await env.DB.prepare("delete from admin_audit_events where id = ?").bind(target.id).run();
    expect((await call(admin, "GET", "/admin/audit/verify")).body.valid).toBe(false);
  });
});

describe("two_factor_enabled in the list", () => {
  it("follows the person turning two-factor on and off", async () => {
    const user = await newUser("twofa");
    const listed = async () =>
      (
        (await call(admin, "GET", `/admin/users?q=${encodeURIComponent(user.email)}`)).body.users as {
          two_factor_enabled: boolean;
        }[]
      )[0]?.two_factor_enabled;
    expect(await listed()).toBe(false);
    const { secret } = await turnOnTwoFactor(user);
    expect(await listed()).toBe(true);
    expect((await call(admin, "GET", `/admin/users/${user.id}`)).body.two_factor_enabled).toBe(true);
    expect((await call(user, "DELETE", "/me/2fa", { code: totpAt(secret, 1) })).status).toBe(204);
    expect(await listed()).toBe(false);
  });
});
