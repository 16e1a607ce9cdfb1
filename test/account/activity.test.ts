/**
 * `GET /api/me/activity` and `GET /api/admin/users/:id/activity` (decision 0032) through HTTP: the caller's own
 * history newest first in stable pages, 90 days with a fake clock, nobody else's, and admins under the admin rules.
 */
import { runInDurableObject } from "cloudflare:test";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Account } from "../../src/account/account";
import type { SignInAttempt } from "../../src/account/sign-in-history-rules";
import { expectAdminRefused, signIn, signInAdmin } from "../support/admin";
import { nextIp } from "../support/auth-inspect";
import { Browser } from "../support/browser";
import { call, type User } from "../support/http";
import { nextEmail } from "../support/people";
import { startAuthorization } from "../support/sign-in";
import { activity, eventsWhenThere, storedEvents } from "../support/sign-in-history";
import { accountStub } from "../support/two-factor";

const DAY_MS = 24 * 60 * 60 * 1000;

/** One wrong password for `email` from a fresh browser (recorded after the answer). */
async function wrongPassword(email: string) {
  const browser = new Browser(nextIp());
  await startAuthorization(browser, "password");
  expect((await browser.post("/password/authorize", { email, password: "not it at all" })).status).toBe(401);
}

/** Records `count` attempts straight through the Account object's own call (as the edge does), for long lists. */
async function recordMany(userId: string, count: number) {
  const attempt: SignInAttempt = {
    method: "password",
    result: "wrong_password",
    ip: "192.0.2.0/24",
    userAgent: "bulk/1.0",
    country: null,
    city: null,
    knownDevice: false,
  };
  await runInDurableObject(accountStub(userId), async (account: Account) => {
    for (let i = 0; i < count; i++) await account.recordSignInAttempt(userId, attempt);
  });
}

afterEach(() => {
  vi.useRealTimers();
});

describe("GET /api/me/activity", () => {
  it("lists the caller's own attempts newest first, in the documented shape", async () => {
    const user = await signIn(nextEmail("activity-own"));
    await wrongPassword(user.email);
    await eventsWhenThere(user.id, 2);
    const page = await activity(user);
    expect(page.next_cursor).toBeNull();
    expect(page.events.map((e) => `${e.method}/${e.result}`)).toEqual(["password/wrong_password", "code/signed_in"]);
    expect(Object.keys(page.events[0] ?? {}).sort()).toEqual(
      ["at", "city", "country", "ip", "known_device", "method", "result", "user_agent"].sort(),
    );
    expect(page.events[0]).toMatchObject({ user_agent: "test-browser/1.0", known_device: false });
  });

  it("pages 50 at a time with a stable cursor: rows written meanwhile neither repeat nor shift a page", async () => {
    const user = await signIn(nextEmail("activity-pages"));
    await recordMany(user.id, 59); // 60 with the sign-in
    const first = await activity(user);
    expect(first.events).toHaveLength(50);
    await recordMany(user.id, 3); // newer rows arrive between the pages
    const second = await activity(user, `?cursor=${first.next_cursor}`);
    expect(second.events).toHaveLength(10);
    expect(second.next_cursor).toBeNull();
    expect(second.events.at(-1)).toMatchObject({ method: "code", result: "signed_in" });
    const small = await activity(user, "?limit=2");
    expect(small.events).toHaveLength(2);
    expect((await activity(user, `?limit=2&cursor=${small.next_cursor}`)).events).toHaveLength(2);
  });

  it("refuses a cursor that is not one of ours with 400, changing nothing", async () => {
    const user = await signIn(nextEmail("activity-cursor"));
    const before = await storedEvents(user.id);
    for (const cursor of ["nonsense", btoa(JSON.stringify({ at: 1 }))]) {
      const answer = await call(user, "GET", `/me/activity?cursor=${encodeURIComponent(cursor)}`);
      expect(answer.status).toBe(400);
      expect(answer.body.code).toBe("validation_failed");
    }
    expect(await storedEvents(user.id)).toEqual(before);
  });

  it("keeps 90 days: older rows are not shown, and the next write forgets them (fake clock)", async () => {
    const user = await signIn(nextEmail("activity-90-days"));
    const now = Date.now();
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(now - 91 * DAY_MS);
    await wrongPassword(user.email);
    await eventsWhenThere(user.id, 2);
    vi.setSystemTime(now - 89 * DAY_MS);
    await wrongPassword(user.email);
    await eventsWhenThere(user.id, 3);
    vi.useRealTimers();

    const listed = await activity(user);
    expect(listed.events.map((e) => e.at)).toEqual([
      (await storedEvents(user.id))[0]?.at, // the sign-in, now
      new Date(now - 89 * DAY_MS).toISOString(),
    ]);
    expect(await storedEvents(user.id)).toHaveLength(3); // a read cuts nothing
    await wrongPassword(user.email);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const kept = await storedEvents(user.id);
    expect(kept).toHaveLength(3);
    expect(kept.every((row) => Date.parse(row.at) >= now - 90 * DAY_MS)).toBe(true);
  });
});

describe("another person's history", () => {
  it("is not in one's own list and not reachable by a non-admin (403), changing nothing", async () => {
    const owner = await signIn(nextEmail("activity-owner"));
    const other = await signIn(nextEmail("activity-other"));
    await wrongPassword(owner.email);
    await eventsWhenThere(owner.id, 2);
    expect((await activity(other)).events).toHaveLength(1);
    await expectAdminRefused(other, "GET", `/admin/users/${owner.id}/activity`, 403, "forbidden", {
      watch: [owner.id],
    });
  });

  it("is refused to an admin without two-factor; an admin with it reads the same shape; unknown ids are 404", async () => {
    const admin = await signInAdmin();
    const person = await signIn(nextEmail("activity-person"));
    await wrongPassword(person.email);
    await eventsWhenThere(person.id, 2);
    const newAdmin: User = await signIn(nextEmail("activity-new-admin"));
    expect((await call(admin, "PATCH", `/admin/users/${newAdmin.id}`, { platform_role: "admin" })).status).toBe(200);
    await expectAdminRefused(newAdmin, "GET", `/admin/users/${person.id}/activity`, 403, "two_factor_required", {
      watch: [person.id],
    });

    const seen = await activity(admin, "", person.id);
    expect(seen).toEqual(await activity(person));
    await expectAdminRefused(admin, "GET", "/admin/users/usr_nobody/activity", 404, "not_found");
  });
});

describe("the export", () => {
  it("holds the sign-in history and the known devices", async () => {
    const user = await signIn(nextEmail("activity-export"));
    await wrongPassword(user.email);
    await eventsWhenThere(user.id, 2);
    const answer = await call(user, "GET", "/me/export");
    expect(answer.status).toBe(200);
    expect(answer.body.sign_in_history).toEqual((await activity(user)).events);
    const devices = answer.body.known_devices as Record<string, string>[];
    expect(devices).toHaveLength(1);
    expect(devices[0]).toMatchObject({ user_agent: "test-browser/1.0" });
    expect(devices[0]?.id).toMatch(/^dev_/);
  });
});
