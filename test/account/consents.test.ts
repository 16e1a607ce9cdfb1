/**
 * `GET /api/me/consents`, `PUT /api/me/consents/:name` and `GET /api/admin/users/:id/consents` (decision 0033):
 * marketing is given and withdrawn, each act recorded and none rewritten; required documents cannot be withdrawn
 * here; every refusal changes nothing; the export carries the records.
 */
import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { signInAdmin } from "../support/admin";
import { consentRows } from "../support/consent";
import { call, newUser, type User } from "../support/http";

const history = async (user: User) =>
  (await call(user, "GET", "/me/consents")).body.consents as Record<string, unknown>[];

describe("optional consents", () => {
  it("starts with no marketing consent; giving it adds a record, withdrawing stamps it and keeps the acceptance", async () => {
    const user = await newUser("consent-marketing");
    expect(await history(user)).toEqual([]);

    const given = await call(user, "PUT", "/me/consents/marketing", { given: true });
    expect(given.status).toBe(200);
    expect(given.body).toMatchObject({ document: "marketing", version: "1", how: "settings", withdrawn_at: null });

    const withdrawn = await call(user, "PUT", "/me/consents/marketing", { given: false });
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body.accepted_at).toBe(given.body.accepted_at);
    expect(withdrawn.body.withdrawn_at).toEqual(expect.any(String));

    const again = await call(user, "PUT", "/me/consents/marketing", { given: true });
    expect(again.body.withdrawn_at).toBeNull();
    const rows = await history(user);
    expect(rows.map((row) => [row.document, row.withdrawn_at === null])).toEqual([
      ["marketing", false],
      ["marketing", true],
    ]);
    const stored = await consentRows(user.id);
    expect(stored[0]).toMatchObject({ withdrawnHow: "settings", withdrawnUserAgent: expect.any(String) });
  });

  it("records nothing twice: giving twice, withdrawing twice, or twice at once", async () => {
    const user = await newUser("consent-repeat");
    await Promise.all([
      call(user, "PUT", "/me/consents/marketing", { given: true }),
      call(user, "PUT", "/me/consents/marketing", { given: true }),
    ]);
    expect(await history(user)).toHaveLength(1);
    const first = await call(user, "PUT", "/me/consents/marketing", { given: false });
    const second = await call(user, "PUT", "/me/consents/marketing", { given: false });
    expect(second.status).toBe(200);
    expect(second.body.withdrawn_at).toBe(first.body.withdrawn_at);
    await Promise.all([
      call(user, "PUT", "/me/consents/marketing", { given: false }),
      call(user, "PUT", "/me/consents/marketing", { given: false }),
    ]);
    expect(await consentRows(user.id)).toEqual([expect.objectContaining({ withdrawnAt: first.body.withdrawn_at })]);
  });

  it("answers null for withdrawing a consent never given, and stores nothing", async () => {
    const user = await newUser("consent-never");
    const answer = await call(user, "PUT", "/me/consents/marketing", { given: false });
    expect(answer.status).toBe(200);
    expect(answer.body).toBeNull();
    expect(await consentRows(user.id)).toEqual([]);
  });

  it("refuses, changing nothing: no token, an unknown name, a bad body, a required document", async () => {
    const user = await newUser("consent-refused");
    await call(user, "PUT", "/me/consents/marketing", { given: true });
    const before = await consentRows(user.id);

    const anonymous = await SELF.fetch("http://localhost/api/me/consents/marketing", {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ given: false }),
    });
    expect(anonymous.status).toBe(401);
    expect((await call(null, "GET", "/me/consents")).status).toBe(401);
    const refusals: [string, unknown, number, string][] = [
      ["/me/consents/newsletter", { given: true }, 404, "not_found"],
      ["/me/consents/marketing", { given: "yes" }, 400, "validation_failed"],
      ["/me/consents/marketing", {}, 400, "validation_failed"],
      ["/me/consents/marketing", { given: false, extra: 1 }, 400, "validation_failed"],
      ["/me/consents/terms", { given: false }, 409, "consent_required"],
      ["/me/consents/privacy", { given: true }, 409, "consent_required"],
    ];
    for (const [path, body, status, code] of refusals) {
      const answer = await call(user, "PUT", path, body);
      expect([path, answer.status, answer.body.code]).toEqual([path, status, code]);
    }
    expect(await consentRows(user.id)).toEqual(before);
  });
});

describe("the consent history elsewhere", () => {
  it("is in the export, with where each act came from", async () => {
    const user = await newUser("consent-export");
    await call(user, "PUT", "/me/consents/marketing", { given: true });
    await call(user, "PUT", "/me/consents/marketing", { given: false });
    const exported = await call(user, "GET", "/me/export");
    expect(exported.status).toBe(200);
    expect(exported.body.consents).toEqual([
      expect.objectContaining({
        document: "marketing",
        how: "settings",
        withdrawn_how: "settings",
        withdrawn_at: expect.any(String),
        user_agent: expect.any(String),
      }),
    ]);
  });

  it("is shown to an administrator, and to nobody else", async () => {
    const admin = await signInAdmin();
    const user = await newUser("consent-admin-view");
    await call(user, "PUT", "/me/consents/marketing", { given: true });
    const seen = await call(admin, "GET", `/admin/users/${user.id}/consents`);
    expect(seen.status).toBe(200);
    expect(seen.body.consents).toEqual([expect.objectContaining({ document: "marketing", ip: expect.any(String) })]);
    expect((await call(user, "GET", `/admin/users/${user.id}/consents`)).status).toBe(403);
    expect((await call(admin, "GET", "/admin/users/usr_nobody/consents")).status).toBe(404);
  });
});
