/**
 * The sessions API, through HTTP: listing, ending one, all, all others, and signing out. Every ended session's
 * still-unexpired access token is refused at its very next request and its refresh token fails; nothing of
 * another person's can be seen or ended.
 */
import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { nextIp } from "../support/auth-inspect";
import { Browser } from "../support/browser";
import { nextEmail, PASSWORD } from "../support/people";
import { sessionOf, sessionRow, updateSession } from "../support/sessions";
import { api, latestCode, refresh, signInWithPassword, signUpWithPassword, type Tokens } from "../support/sign-in";

/** One person signed in on three devices. */
async function personWithThreeSessions() {
  const email = nextEmail("sessions");
  const first = await signUpWithPassword(email, PASSWORD, new Browser(nextIp()));
  const second = await signInWithPassword(email, PASSWORD, new Browser(nextIp()));
  const third = await signInWithPassword(email, PASSWORD, new Browser(nextIp()));
  return { email, first, second, third };
}

const idOf = (tokens: Tokens) => sessionOf(tokens.access_token).sessionId;

async function listSessions(tokens: Tokens) {
  const response = await api("/api/me/sessions", tokens.access_token);
  expect(response.status).toBe(200);
  return ((await response.json()) as { sessions: Record<string, unknown>[] }).sessions;
}

/** The session of `tokens` can no longer act: its access token is 401 at once and its refresh fails. */
async function expectEnded(tokens: Tokens) {
  const me = await api("/api/me", tokens.access_token);
  expect(me.status).toBe(401);
  expect(await me.json()).toMatchObject({ code: "unauthorized" });
  expect((await refresh(tokens.refresh_token)).status).toBe(400);
}

async function expectLive(tokens: Tokens) {
  expect((await api("/api/me", tokens.access_token)).status).toBe(200);
}

const del = (path: string, tokens: Tokens) => api(path, tokens.access_token, { method: "DELETE" });

describe("GET /api/me/sessions", () => {
  it("lists the caller's live sessions, newest first, marking the current one", async () => {
    const { first, second, third } = await personWithThreeSessions();
    const sessions = await listSessions(second);
    expect(sessions.map((s) => s.id)).toEqual([idOf(third), idOf(second), idOf(first)]);
    expect(sessions.map((s) => s.current)).toEqual([false, true, false]);
    for (const session of sessions) {
      expect(Object.keys(session).sort()).toEqual(["created_at", "current", "id", "ip", "last_used_at", "user_agent"]);
      expect(session.user_agent).toBe("test-browser/1.0");
      expect(session.ip).toMatch(/\/24$/);
    }
  });

  it("leaves ended sessions out, and shows nothing of anyone else's", async () => {
    const { first, second } = await personWithThreeSessions();
    const other = await personWithThreeSessions();
    await api("/api/me/sign-out", first.access_token, { method: "POST" });
    const ids = (await listSessions(second)).map((s) => s.id);
    expect(ids).not.toContain(idOf(first));
    expect(ids).toHaveLength(2);
    for (const tokens of [other.first, other.second, other.third]) expect(ids).not.toContain(idOf(tokens));
  });

  it("leaves out a session past its end that was never revoked", async () => {
    const { first, second, third } = await personWithThreeSessions();
    await updateSession(first.access_token, { expires_at: new Date(Date.now() - 1000).toISOString() });
    const ids = (await listSessions(second)).map((s) => s.id);
    expect(ids).toEqual([idOf(third), idOf(second)]);
  });

  it("refuses a caller without a token with 401", async () => {
    expect((await SELF.fetch("http://localhost/api/me/sessions")).status).toBe(401);
  });
});

describe("DELETE /api/me/sessions/:id", () => {
  it("ends that session at once and no other", async () => {
    const { first, second, third } = await personWithThreeSessions();
    const response = await del(`/api/me/sessions/${idOf(second)}`, first);
    expect(response.status).toBe(204);
    await expectEnded(second);
    await expectLive(first);
    await expectLive(third);
    expect((await sessionRow(second.access_token))?.revoked_reason).toBe("revoked_by_user");
  });

  it("answers 404 for another person's session, and that session goes on", async () => {
    const mine = await personWithThreeSessions();
    const theirs = await personWithThreeSessions();
    const response = await del(`/api/me/sessions/${idOf(theirs.first)}`, mine.first);
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ code: "not_found" });
    await expectLive(theirs.first);
    expect((await refresh(theirs.first.refresh_token)).status).toBe(200);
  });

  it("answers 404 for an unknown or already ended session", async () => {
    const { first, second } = await personWithThreeSessions();
    expect((await del("/api/me/sessions/ses_nope", first)).status).toBe(404);
    expect((await del(`/api/me/sessions/${idOf(second)}`, first)).status).toBe(204);
    expect((await del(`/api/me/sessions/${idOf(second)}`, first)).status).toBe(404);
  });
});

describe("DELETE /api/me/sessions", () => {
  it("ends every session of the caller, the calling one included", async () => {
    const { first, second, third } = await personWithThreeSessions();
    const bystander = await personWithThreeSessions();
    expect((await del("/api/me/sessions", second)).status).toBe(204);
    for (const tokens of [first, second, third]) await expectEnded(tokens);
    await expectLive(bystander.first);
  });

  it("keeps the calling session with ?others=true", async () => {
    const { first, second, third } = await personWithThreeSessions();
    expect((await del("/api/me/sessions?others=true", second)).status).toBe(204);
    await expectEnded(first);
    await expectEnded(third);
    await expectLive(second);
    expect((await refresh(second.refresh_token)).status).toBe(200);
  });

  it("refuses an unknown value of others with 400, ending nothing", async () => {
    const { first, second } = await personWithThreeSessions();
    const response = await del("/api/me/sessions?others=yes", first);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ code: "validation_failed" });
    await expectLive(first);
    await expectLive(second);
  });
});

describe("POST /api/me/sign-out", () => {
  it("ends the calling session only", async () => {
    const { first, second } = await personWithThreeSessions();
    expect((await api("/api/me/sign-out", first.access_token, { method: "POST" })).status).toBe(204);
    await expectEnded(first);
    await expectLive(second);
  });

  it("refuses a second sign-out with the same token: the session is over", async () => {
    const { first } = await personWithThreeSessions();
    await api("/api/me/sign-out", first.access_token, { method: "POST" });
    expect((await api("/api/me/sign-out", first.access_token, { method: "POST" })).status).toBe(401);
  });
});

describe("a password reset", () => {
  it("ends every session of the account", async () => {
    const { email, first, second } = await personWithThreeSessions();
    const browser = new Browser(nextIp());
    await browser.get("/password/change");
    await browser.post("/password/change", { action: "code", email });
    await browser.post("/password/change", { action: "verify", code: await latestCode(email) });
    const done = await browser.post("/password/change", {
      action: "update",
      password: "another fine passphrase",
      repeat: "another fine passphrase",
    });
    expect(done.status).toBe(302);
    await expectEnded(first);
    await expectEnded(second);
  });
});

describe("the Account object's storage", () => {
  it("forgets sessions that ended more than 30 days ago at the next sign-in, and keeps the rest", async () => {
    const { email, first, second, third } = await personWithThreeSessions();
    const longAgo = new Date(Date.now() - 31 * 24 * 60 * 60 * 1000).toISOString();
    const lately = new Date(Date.now() - 29 * 24 * 60 * 60 * 1000).toISOString();
    await updateSession(first.access_token, { revoked_at: longAgo });
    await updateSession(second.access_token, { revoked_at: lately });

    await signInWithPassword(email, PASSWORD, new Browser(nextIp()));

    expect(await sessionRow(first.access_token)).toBeUndefined();
    expect(await sessionRow(second.access_token)).toBeDefined();
    expect(await sessionRow(third.access_token)).toBeDefined();
  });
});
