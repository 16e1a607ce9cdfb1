/**
 * Faults: the worker stops between a refresh's rotation and its answer. The Account object committed the next
 * generation, the client never saw it and still holds the old token. Within the reuse grace
 * (REFRESH_REUSE_GRACE_SECONDS, decision 0003) the old token yields the successor that was lost, and only it;
 * any later use of the old token is reuse, and ends the session (token-policy.ts `decideRefresh`).
 */
import { abortAllDurableObjects, env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { REFRESH_REUSE_GRACE_SECONDS } from "../../src/auth/token-policy";
import { nextEmail, PASSWORD } from "../support/people";
import { sessionOf, sessionRow, updateSession } from "../support/sessions";
import { api, refresh, signUpWithPassword, type Tokens } from "../support/sign-in";

/** What the token endpoint asks the Account object, done without building or sending any answer. */
async function rotateWithoutAnswer(tokens: Tokens) {
  const [userId = "", sessionId = "", generation = ""] = tokens.refresh_token.split(".");
  const account = env.ACCOUNT.get(env.ACCOUNT.idFromName(userId));
  const outcome = await account.refresh({ sessionId, generation: Number(generation), clientId: "web" });
  expect(outcome).toMatchObject({ ok: true, generation: Number(generation) + 1 });
  // The worker and the objects restart: nothing of this call survives but what the object stored.
  await abortAllDurableObjects();
}

const refreshed = async (token: string) => {
  const response = await refresh(token);
  expect(response.status).toBe(200);
  return (await response.json()) as Tokens;
};

const generationOf = (token: string) => Number(token.split(".")[2]);

describe("a refresh whose answer was lost after the rotation", () => {
  it("lets the client go on with the old token within the grace, and gives it the one successor", async () => {
    const first = await signUpWithPassword(nextEmail("lost-answer"), PASSWORD);
    await rotateWithoutAnswer(first);

    // The retry, and a second tab retrying at once, get the same successor: no second branch of the session.
    const [retry, otherTab] = await Promise.all([refreshed(first.refresh_token), refreshed(first.refresh_token)]);
    expect(retry.refresh_token).toBe(otherTab.refresh_token);
    expect(generationOf(retry.refresh_token)).toBe(generationOf(first.refresh_token) + 1);
    expect((await sessionRow(first.access_token))?.refresh_generation).toBe(generationOf(retry.refresh_token));
    expect((await api("/api/me", retry.access_token)).status).toBe(200);
    expect(sessionOf(retry.access_token).sessionId).toBe(sessionOf(first.access_token).sessionId);

    // The client goes on as usual.
    const next = await refreshed(retry.refresh_token);
    expect((await api("/api/me", next.access_token)).status).toBe(200);
    expect((await sessionRow(first.access_token))?.revoked_at).toBeNull();
  });

  it("treats the old token as reuse once the client has moved on, even within the grace: the session ends", async () => {
    const first = await signUpWithPassword(nextEmail("moved-on"), PASSWORD);
    await rotateWithoutAnswer(first);
    const retry = await refreshed(first.refresh_token);
    const next = await refreshed(retry.refresh_token);

    const replayed = await refresh(first.refresh_token);
    expect(replayed.status).toBe(400);
    expect(await replayed.json()).toMatchObject({ error: "invalid_grant" });
    expect((await sessionRow(first.access_token))?.revoked_reason).toBe("refresh_token_reuse");
    expect((await refresh(next.refresh_token)).status).toBe(400);
    expect((await api("/api/me", next.access_token)).status).toBe(401);
  });

  it("refuses the old token after the grace, and the refusal ends the session", async () => {
    const first = await signUpWithPassword(nextEmail("too-late"), PASSWORD);
    await rotateWithoutAnswer(first);
    const past = new Date(Date.now() - (REFRESH_REUSE_GRACE_SECONDS + 1) * 1000).toISOString();
    await updateSession(first.access_token, { rotated_at: past });

    for (let attempt = 0; attempt < 2; attempt++) expect((await refresh(first.refresh_token)).status).toBe(400);
    const row = await sessionRow(first.access_token);
    expect(row?.revoked_reason).toBe("refresh_token_reuse");
    expect(row?.refresh_generation).toBe(generationOf(first.refresh_token) + 1);
  });
});
