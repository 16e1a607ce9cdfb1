/**
 * Retention of what Account objects and the user directory hold (decision 0034), with the retention run's clock
 * set: ended sessions (30 days), sign-in history (90), unfinished sign-ups (7) and deleted accounts (30). Each
 * period: a day inside it the data stays, a day past it the data is gone.
 */
import { describe, expect, it } from "vitest";
import { ageDeletion, deleteAccount, runAccountAlarm, signInAgain } from "../support/account-lifecycle";
import { signInAdmin, userRow } from "../support/admin";
import { call, newUser } from "../support/http";
import { nextEmail } from "../support/people";
import { accountRows, DAY, d1Rows, daysAfter, retentionAt } from "../support/retention";
import { sessionOf } from "../support/sessions";
import { eventsWhenThere, storedEvents } from "../support/sign-in-history";

describe("ended sessions (30 days)", () => {
  it("keeps a revoked session a day inside the period and forgets it a day past, leaving the live one", async () => {
    const first = await newUser("ended-session");
    const second = await signInAgain(first);
    const ended = sessionOf(first.token).sessionId;
    expect((await call(second, "DELETE", `/me/sessions/${ended}`)).status).toBe(204);
    const revokedAt = (await accountRows(first.id)).sessions?.find((row) => row.id === ended)?.revoked_at as string;
    expect(revokedAt).toBeTruthy();

    await retentionAt(daysAfter(revokedAt, 29));
    const inside = (await accountRows(first.id)).sessions?.map((row) => row.id);
    expect(inside).toContain(ended);

    const run = await retentionAt(daysAfter(revokedAt, 31));
    const past = (await accountRows(first.id)).sessions?.map((row) => row.id);
    expect(past).not.toContain(ended);
    expect(past).toContain(sessionOf(second.token).sessionId);
    expect(run.ended_sessions).toBeGreaterThanOrEqual(1);
  });
});

describe("sign-in history (90 days)", () => {
  it("keeps attempts a day inside the period and forgets them a day past, in a dormant account too", async () => {
    const user = await newUser("history");
    const [event] = await eventsWhenThere(user.id, 1);
    const at = event?.at as string;

    await retentionAt(daysAfter(at, 89));
    expect((await storedEvents(user.id)).map((row) => row.id)).toContain(event?.id);

    await retentionAt(daysAfter(at, 91));
    expect(await storedEvents(user.id)).toEqual([]);
    expect((await accountRows(user.id)).known_devices).toEqual([]);
  });
});

describe("unfinished sign-ups (7 days)", () => {
  it("purges an account an admin created that nobody signed in to, a day past the period, not a day before", async () => {
    const admin = await signInAdmin();
    const created = await call(admin, "POST", "/admin/users", { email: nextEmail("never-came") });
    expect(created.status).toBe(201);
    const id = created.body.id as string;
    const signedUp = await newUser("finished");
    const createdAt = (await userRow(id))?.created_date as string;

    await retentionAt(daysAfter(createdAt, 6));
    expect(await userRow(id)).toBeDefined();

    const run = await retentionAt(daysAfter(createdAt, 8));
    expect(await userRow(id)).toBeUndefined();
    expect(run.unfinished_sign_ups).toBeGreaterThanOrEqual(1);
    // Someone who signed in is not unfinished, however old the account.
    expect(await userRow(signedUp.id)).toBeDefined();
    // The purge went through the deletion path, recorded in the platform audit log with no actor.
    const purged = await d1Rows("select actor_id, details from admin_audit_events where action = 'user_purged_now'");
    expect(purged.some((row) => row.actor_id === null && String(row.details).includes('"retention"'))).toBe(true);
  });
});

describe("deleted accounts (30 days, the grace)", () => {
  it("keeps a deleted account a day inside the grace and purges it a day past it", async () => {
    const user = await newUser("deleted");
    const purgeAfter = await deleteAccount(user);
    const row = await userRow(user.id);
    expect(Date.parse(purgeAfter) - Date.parse(row?.deleted_at as string)).toBe(30 * DAY);

    await ageDeletion(user.id, 29);
    await retentionAt(Date.now());
    await runAccountAlarm(user.id);
    expect(await userRow(user.id)).toBeDefined();

    await ageDeletion(user.id, 31);
    await runAccountAlarm(user.id);
    expect(await userRow(user.id)).toBeUndefined();
  });
});
