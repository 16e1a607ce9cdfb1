/**
 * `/api/me/email`: changing the account's email through HTTP. Allowed with a recent sign-in and the code from the
 * new address; refused without re-authentication, with a wrong, replayed or superseded code, for an address that
 * has (or gets) an account; every refusal leaves the D1 user row as it was. The old address is told, workspaces
 * show the new one, and only the new one signs in.
 */
import { env, SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { codesFor, nextIp } from "../support/auth-inspect";
import { Browser } from "../support/browser";
import { call, newUser, type User } from "../support/http";
import { nextEmail } from "../support/people";
import {
  authorizeUrl,
  codeFromRedirect,
  exchange,
  latestCode,
  mailbox,
  pkcePair,
  signInWithCode,
  signInWithPassword,
  signUpWithPassword,
} from "../support/sign-in";
import { inAccount } from "../support/two-factor";
import { addMember, createWorkspace, invite } from "../support/workspaces";

const userRow = (id: string) => env.DB.prepare("select * from users where id = ?").bind(id).first();

/** Waits for a mail to `to` whose subject matches (mail goes out after the answer). */
async function mailTo(to: string, subject: RegExp) {
  for (let attempt = 0; attempt < 20; attempt++) {
    const found = (await mailbox(to)).find((message) => subject.test(message.subject));
    if (found) return found;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no mail to ${to} with subject ${subject}`);
}

async function ageSignIn(user: User, minutes: number) {
  const at = new Date(Date.now() - minutes * 60_000).toISOString();
  await inAccount(user.id, (sql) => sql.exec("UPDATE sessions SET authenticated_at = ?", at));
}

/** Asks for the change and returns the code mailed to the new address. */
async function requestChange(user: User, email: string): Promise<string> {
  const asked = await call(user, "POST", "/me/email", { email });
  expect(asked.status).toBe(202);
  return latestCode(email);
}

describe("POST /api/me/email, then /verify", () => {
  it("moves the account to the new address, tells the old one, and every workspace shows the new email", async () => {
    const user = await newUser("mover");
    const other = await newUser("host");
    const own = await createWorkspace(user, "Own");
    const hosted = await createWorkspace(other, "Hosted");
    await addMember(other, hosted, user, "editor");
    // An invitation to the old address, pending in another workspace: it stays addressed to the old address.
    const elsewhere = await createWorkspace(other, "Elsewhere");
    expect((await invite(other, elsewhere, user.email, "viewer")).status).toBe(201);

    const next = nextEmail("moved");
    const asked = await call(user, "POST", "/me/email", { email: `  ${next.toUpperCase()} ` });
    expect(asked.status).toBe(202);
    expect(asked.body).toEqual({ email: next, expires_at: expect.any(String) });
    expect((await userRow(user.id))?.email).toBe(user.email);

    const verified = await call(user, "POST", "/me/email/verify", { code: await latestCode(next) });
    expect(verified.status).toBe(200);
    expect(verified.body).toMatchObject({ id: user.id, email: next, two_factor_enabled: false });
    expect(verified.body).toEqual((await call(user, "GET", "/me")).body);
    const row = await userRow(user.id);
    expect(row?.email).toBe(next);
    expect(Date.now() - Date.parse(String(row?.email_verified_at))).toBeLessThan(60_000);

    const notice = await mailTo(user.email, /email was changed/);
    expect(notice.text).not.toMatch(/\b\d{6}\b/);

    for (const [workspace, reader] of [
      [own, user],
      [hosted, other],
    ] as const) {
      const members = await call(reader, "GET", `/workspaces/${workspace}/members`);
      const emails = (members.body.members as { user_id: string; email: string }[])
        .filter((member) => member.user_id === user.id)
        .map((member) => member.email);
      expect(emails).toEqual([next]);
    }
    const pending = await call(other, "GET", `/workspaces/${elsewhere}/invitations`);
    expect((pending.body.invitations as { email: string }[]).map((i) => i.email)).toEqual([user.email]);
  });

  it("signs in with the new email only: the old one reaches this account by neither password nor code", async () => {
    const old = nextEmail("pw-old");
    const password = "a perfectly fine passphrase";
    const tokens = await signUpWithPassword(old, password, new Browser(nextIp()));
    const user = { id: subOf(tokens.access_token), email: old, token: tokens.access_token };
    const next = nextEmail("pw-new");
    const verified = await call(user, "POST", "/me/email/verify", { code: await requestChange(user, next) });
    expect(verified.status).toBe(200);

    expect(subOf((await signInWithPassword(next, password, new Browser(nextIp()))).access_token)).toBe(user.id);
    expect(subOf((await signInWithCode(next, new Browser(nextIp()))).access_token)).toBe(user.id);
    await expect(signInWithPassword(old, password, new Browser(nextIp()))).rejects.toThrow();
    // A code sign-in with the old address makes a new, separate account.
    expect(subOf((await signInWithCode(old, new Browser(nextIp()))).access_token)).not.toBe(user.id);
    expect((await userRow(user.id))?.email).toBe(next);
  });

  it("needs a sign-in from the last 10 minutes: 403 reauthentication_required, no code, nothing changed", async () => {
    const user = await newUser("stale");
    await ageSignIn(user, 11);
    const before = await userRow(user.id);
    const next = nextEmail("stale-new");
    const refused = await call(user, "POST", "/me/email", { email: next });
    expect([refused.status, refused.body.code]).toEqual([403, "reauthentication_required"]);
    expect(await codesFor(next)).toBe(0);
    expect(await userRow(user.id)).toEqual(before);

    await ageSignIn(user, 9);
    expect((await call(user, "POST", "/me/email", { email: next })).status).toBe(202);
  });

  it("answers a wrong code 400 with the tries left, and 429 past the limit, even for the right code", async () => {
    const user = await newUser("guesser");
    const before = await userRow(user.id);
    const next = nextEmail("guessed");
    const code = await requestChange(user, next);
    const wrong = String((Number(code) + 1) % 1_000_000).padStart(6, "0");
    for (const left of [4, 3, 2, 1]) {
      const answer = await call(user, "POST", "/me/email/verify", { code: wrong });
      expect([answer.status, answer.body.code]).toEqual([400, "validation_failed"]);
      expect(answer.body.detail).toContain(`${left} ${left === 1 ? "try" : "tries"} left`);
      expect(answer.body.errors).toEqual([{ path: "code", message: answer.body.detail }]);
    }
    const fifth = await call(user, "POST", "/me/email/verify", { code: wrong });
    expect([fifth.status, fifth.body.code]).toEqual([429, "rate_limited"]);
    const right = await SELF.fetch("http://localhost/api/me/email/verify", {
      method: "POST",
      headers: { authorization: `Bearer ${user.token}`, "content-type": "application/json" },
      body: JSON.stringify({ code }),
    });
    expect(right.status).toBe(429);
    expect(Number(right.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await userRow(user.id)).toEqual(before);
    // A new code to that address could not be entered either: no new code is sent until the wait is over.
    const again = await call(user, "POST", "/me/email", { email: next });
    expect([again.status, again.body.code]).toEqual([429, "rate_limited"]);
    expect(await codesFor(next)).toBe(1);
  });

  it("refuses a replayed code and a code a newer request replaced, changing nothing", async () => {
    const user = await newUser("replayer");
    const first = nextEmail("first");
    const second = nextEmail("second");
    const firstCode = await requestChange(user, first);
    const secondCode = await requestChange(user, second);
    const before = await userRow(user.id);
    const replaced = await call(user, "POST", "/me/email/verify", { code: firstCode });
    expect([replaced.status, replaced.body.code]).toEqual([400, "validation_failed"]);
    expect(await userRow(user.id)).toEqual(before);

    expect((await call(user, "POST", "/me/email/verify", { code: secondCode })).body.email).toBe(second);
    const changed = await userRow(user.id);
    const replayed = await call(user, "POST", "/me/email/verify", { code: secondCode });
    expect([replayed.status, replayed.body.code]).toEqual([400, "validation_failed"]);
    expect(replayed.body.detail).toMatch(/already used/);
    expect(await userRow(user.id)).toEqual(changed);
  });

  it("answers an address that has an account like a free one, mails it no code, and never moves to it", async () => {
    const user = await newUser("taker");
    const holder = await newUser("holder");
    const before = await userRow(user.id);
    const taken = await call(user, "POST", "/me/email", { email: holder.email });
    const free = await call(user, "POST", "/me/email", { email: nextEmail("free") });
    expect([taken.status, Object.keys(taken.body).sort()]).toEqual([free.status, Object.keys(free.body).sort()]);
    expect(taken.status).toBe(202);

    const notice = await mailTo(holder.email, /tried to use your email/);
    expect(notice.text).not.toMatch(/\b\d{6}\b/);
    // The newest request (the free address) is the pending one; its code is not this one's, and no guess moves it.
    await call(user, "POST", "/me/email", { email: holder.email });
    const guess = await call(user, "POST", "/me/email/verify", { code: "000000" });
    expect(guess.status).toBe(400);
    expect(await userRow(user.id)).toEqual(before);
    expect((await userRow(holder.id))?.email).toBe(holder.email);
  });

  it("refuses with 409 when the address got an account after the request, even with the right code", async () => {
    const user = await newUser("late");
    const next = nextEmail("claimed");
    const code = await requestChange(user, next);
    const claimant = subOf((await signInWithCode(next, new Browser(nextIp()))).access_token);
    const before = await userRow(user.id);
    const refused = await call(user, "POST", "/me/email/verify", { code });
    expect([refused.status, refused.body.code]).toEqual([409, "conflict"]);
    expect(await userRow(user.id)).toEqual(before);
    expect((await userRow(claimant))?.email).toBe(next);
  });

  it("refuses bad input and no pending change, changing nothing", async () => {
    const user = await newUser("input");
    const before = await userRow(user.id);
    for (const body of [{}, { email: "not-an-email" }, { email: 42 }, { email: user.email.toUpperCase() }]) {
      const answer = await call(user, "POST", "/me/email", body);
      expect([answer.status, answer.body.code], JSON.stringify(body)).toEqual([400, "validation_failed"]);
    }
    const none = await call(user, "POST", "/me/email/verify", { code: "123456" });
    expect([none.status, none.body.code]).toEqual([409, "conflict"]);
    const noCode = await call(user, "POST", "/me/email/verify", {});
    expect([noCode.status, noCode.body.code]).toEqual([400, "validation_failed"]);
    expect(await userRow(user.id)).toEqual(before);
  });

  it("refuses a caller without a token with 401", async () => {
    for (const path of ["/me/email", "/me/email/verify"]) {
      const answer = await call(null, "POST", path, { email: "someone@example.com", code: "123456" });
      expect([answer.status, answer.body.code]).toEqual([401, "unauthorized"]);
    }
  });
});

describe("re-authentication", () => {
  it("a new sign-in through /authorize (prompt=login accepted) passes the 10-minute check; an aged one fails", async () => {
    const user = await newUser("reauth");
    await ageSignIn(user, 11);
    const stale = await call(user, "POST", "/me/email", { email: nextEmail("reauth") });
    expect(stale.status).toBe(403);

    // Every /authorize asks for a factor (there is no single-sign-on session to skip it), prompt=login or not.
    const browser = new Browser(nextIp());
    const { verifier, challenge } = await pkcePair();
    expect((await browser.get(authorizeUrl(challenge, { provider: "code", prompt: "login" }))).status).toBe(302);
    expect((await browser.get("/code/authorize")).status).toBe(200);
    expect((await browser.post("/code/authorize", { action: "request", email: user.email })).status).toBe(200);
    const done = await browser.post("/code/authorize", {
      action: "verify",
      email: user.email,
      code: await latestCode(user.email),
    });
    const tokens = await exchange(codeFromRedirect(done), verifier);
    const fresh = { ...user, token: tokens.access_token };
    expect((await call(fresh, "POST", "/me/email", { email: nextEmail("reauth") })).status).toBe(202);
    // The same browser, just signed in, asking again without prompt=login is still sent to a sign-in form, not
    // straight back with a code: there is no single-sign-on session that could hand out an old sign-in as new.
    const again = await browser.get(authorizeUrl((await pkcePair()).challenge, { provider: "code" }));
    expect(again.status).toBe(302);
    expect(new URL(again.headers.get("location") ?? "", "http://localhost").pathname).toBe("/code/authorize");
    // The aged session stays aged.
    expect((await call(user, "POST", "/me/email", { email: nextEmail("reauth") })).status).toBe(403);
  });
});

function subOf(accessToken: string): string {
  return JSON.parse(atob((accessToken.split(".")[1] ?? "").replace(/-/g, "+").replace(/_/g, "/"))).sub;
}
