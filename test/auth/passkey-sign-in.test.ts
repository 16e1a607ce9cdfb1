/**
 * Usernameless passkey sign-in through the issuer (decision 0031), with a software authenticator: to tokens, as both
 * factors, and every refusal the same "passkey not recognised" page that changes nothing.
 */
import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { signInAdmin, withTwoFactor } from "../support/admin";
import { SoftwareAuthenticator } from "../support/authenticator";
import { Browser } from "../support/browser";
import { call, newUser } from "../support/http";
import {
  addPasskey,
  expectNotRecognised,
  passkeySignIn,
  passkeySnapshot,
  postAssertion,
  signInOptions,
  signInWithPasskey,
  startPasskeySignIn,
} from "../support/passkeys";
import { sessionOf, sessionRow } from "../support/sessions";
import { api, codeFromRedirect, exchange } from "../support/sign-in";

describe("passkey sign-in", () => {
  it("signs in without an email, through the issuer to tokens that the API accepts", async () => {
    const user = await newUser("pks-tokens");
    const { authenticator } = await addPasskey(user);
    const tokens = await signInWithPasskey(authenticator);
    expect(sessionOf(tokens.access_token).userId).toBe(user.id);
    const me = await api("/api/me", tokens.access_token);
    expect(me.status).toBe(200);
    expect(((await me.json()) as { email: string }).email).toBe(user.email);
    // The sign-in history has it, newest first (decision 0032).
    const activity = await api("/api/me/activity", tokens.access_token);
    const [newest] = ((await activity.json()) as { events: Record<string, unknown>[] }).events;
    expect(newest).toMatchObject({ method: "passkey", result: "signed_in" });
  });

  it("records how the session signed in (passkey), and the passkey's use and backup state", async () => {
    const user = await newUser("pks-method");
    const { authenticator, passkey } = await addPasskey(user);
    const { done, verifier } = await passkeySignIn(authenticator, { backedUp: true });
    const tokens = await exchange(codeFromRedirect(done), verifier);
    const row = (await sessionRow(tokens.access_token)) as unknown as { method: string };
    expect(row.method).toBe("passkey");
    const [listed] = (await call(user, "GET", "/me/passkeys")).body.passkeys as Record<string, unknown>[];
    expect(listed).toMatchObject({ id: passkey.id, backed_up: true });
    expect(typeof listed?.last_used_at).toBe("string");
  });

  it("gives usernameless options: no allowCredentials, user verification required, the RP from config", async () => {
    const { browser } = await startPasskeySignIn();
    const options = await signInOptions(browser);
    expect(options).toMatchObject({ rpId: "localhost", userVerification: "required" });
    expect(options.allowCredentials ?? []).toEqual([]);
  });

  it("is both factors: an account with two-factor on gets no code step", async () => {
    const user = await withTwoFactor(await newUser("pks-2fa"));
    const { authenticator } = await addPasskey(user);
    const { done, verifier } = await passkeySignIn(authenticator);
    expect(done.status).toBe(302);
    const tokens = await exchange(codeFromRedirect(done), verifier);
    expect(sessionOf(tokens.access_token).userId).toBe(user.id);
  });

  it("accepts a counter that grows, sign-in after sign-in", async () => {
    const user = await newUser("pks-counter");
    const { authenticator } = await addPasskey(user, { counter: 5 });
    await signInWithPasskey(authenticator);
    await signInWithPasskey(authenticator);
    expect(authenticator.counter).toBe(7);
  });
});

describe("passkey sign-in refusals: the same page, nothing changed", () => {
  /** A signed-in person with a passkey, and the state a refusal must leave as it was. */
  async function setUp(label: string, counter?: number) {
    const user = await newUser(label);
    const { authenticator } = await addPasskey(user, { counter });
    return { user, authenticator, before: await passkeySnapshot(user.id) };
  }

  it.each([
    ["a wrong origin", { origin: "https://evil.example" }],
    ["a wrong RP id", { rpId: "evil.example" }],
    ["no user verification", { userVerified: false }],
    ["a challenge this browser was not given", { challenge: "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA" }],
  ])("refuses %s", async (_what, ceremony) => {
    const { user, authenticator, before } = await setUp("pks-refused");
    const { done } = await passkeySignIn(authenticator, ceremony);
    await expectNotRecognised(done);
    expect(await passkeySnapshot(user.id)).toEqual(before);
  });

  it("refuses a replayed challenge: the same answer again, with a copy of the cookies, or in another browser", async () => {
    const { user, authenticator } = await setUp("pks-replay");
    const { browser } = await startPasskeySignIn();
    const options = await signInOptions(browser);
    const copy = new Browser();
    for (const [name, value] of browser.cookies) copy.cookies.set(name, value);
    const done = await postAssertion(browser, await authenticator.assert(options));
    expect(done.status).toBe(302);
    const after = await passkeySnapshot(user.id);
    await expectNotRecognised(await postAssertion(copy, await authenticator.assert(options)));
    // The counter stays 0 for this key (a synced passkey), so only the challenge can refuse it.
    const assertion = await authenticator.assert(options);
    // The same browser's sign-in is over: refused before the passkey is looked at.
    const again = await postAssertion(browser, assertion);
    expect(again.status).toBe(400);
    expect(again.headers.get("location")).toBeNull();
    const { browser: other } = await startPasskeySignIn();
    await signInOptions(other);
    await expectNotRecognised(await postAssertion(other, assertion));
    expect(await passkeySnapshot(user.id)).toEqual(after);
  });

  it("completes once when the same answer is posted twice at once", async () => {
    const { authenticator } = await setUp("pks-parallel");
    const { browser } = await startPasskeySignIn();
    const assertion = await authenticator.assert(await signInOptions(browser));
    const answers = await Promise.all([postAssertion(browser, assertion), postAssertion(browser, assertion)]);
    expect(answers.map((a) => a.status).sort()).toEqual([302, 400]);
  });

  it("refuses another account's credential answered with a different key", async () => {
    const { user, authenticator: victim, before } = await setUp("pks-victim");
    const attacker = await SoftwareAuthenticator.create();
    const { browser } = await startPasskeySignIn();
    const forged = await attacker.assert(await signInOptions(browser));
    const claimed = { ...forged, id: victim.credentialId, rawId: victim.credentialId };
    await expectNotRecognised(await postAssertion(browser, claimed));
    expect(await passkeySnapshot(user.id)).toEqual(before);
  });

  it("refuses a credential whose user handle names another account", async () => {
    const { user, authenticator, before } = await setUp("pks-handle");
    const other = await newUser("pks-handle-other");
    authenticator.userHandle = btoa(other.id).replace(/=+$/, "").replace(/\+/g, "-").replace(/\//g, "_");
    const { done } = await passkeySignIn(authenticator);
    await expectNotRecognised(done);
    expect(await passkeySnapshot(user.id)).toEqual(before);
  });

  it("refuses an unknown credential", async () => {
    const stranger = await SoftwareAuthenticator.create();
    const { done } = await passkeySignIn(stranger);
    await expectNotRecognised(done);
  });

  it("refuses a removed passkey", async () => {
    const user = await newUser("pks-removed");
    const { authenticator, passkey } = await addPasskey(user);
    await addPasskey(user);
    expect((await call(user, "DELETE", `/me/passkeys/${passkey.id}`)).status).toBe(204);
    const before = await passkeySnapshot(user.id);
    const { done } = await passkeySignIn(authenticator);
    await expectNotRecognised(done);
    expect(await passkeySnapshot(user.id)).toEqual(before);
  });

  it("refuses a deactivated account", async () => {
    const admin = await signInAdmin();
    const { user, authenticator } = await setUp("pks-deactivated");
    expect((await call(admin, "PATCH", `/admin/users/${user.id}`, { is_active: false })).status).toBe(200);
    const before = await passkeySnapshot(user.id);
    const { done } = await passkeySignIn(authenticator);
    await expectNotRecognised(done);
    expect(await passkeySnapshot(user.id)).toEqual(before);
  });

  it("refuses a counter that went backwards", async () => {
    const { user, authenticator } = await setUp("pks-backwards", 10);
    await signInWithPasskey(authenticator); // stored counter now 11
    const before = await passkeySnapshot(user.id);
    authenticator.counter = 5;
    const { done } = await passkeySignIn(authenticator);
    await expectNotRecognised(done);
    expect(await passkeySnapshot(user.id)).toEqual(before);
  });

  it("accepts one of two sign-ins that report the same counter at once (a cloned key)", async () => {
    const { authenticator } = await setUp("pks-clone", 10);
    const [first, second] = [await startPasskeySignIn(), await startPasskeySignIn()];
    const firstAssertion = await authenticator.assert(await signInOptions(first.browser));
    authenticator.counter--;
    const secondAssertion = await authenticator.assert(await signInOptions(second.browser));
    const answers = await Promise.all([
      postAssertion(first.browser, firstAssertion),
      postAssertion(second.browser, secondAssertion),
    ]);
    expect(answers.map((a) => a.status).sort()).toEqual([302, 400]);
  });

  it("refuses an answer without options first, and garbage, with the same 4xx page", async () => {
    const { authenticator } = await setUp("pks-garbage");
    const { browser } = await startPasskeySignIn();
    await expectNotRecognised(await postAssertion(browser, await authenticator.assert({ challenge: "AAAA" })));
    await signInOptions(browser);
    await expectNotRecognised(await browser.post("/passkey/verify", { response: "{not json" }));
    await signInOptions(browser);
    await expectNotRecognised(await browser.post("/passkey/verify", {}));
  });

  it("keeps a refused challenge refused: a right answer after a wrong one needs new options", async () => {
    const { authenticator } = await setUp("pks-one-try");
    const { browser } = await startPasskeySignIn();
    const options = await signInOptions(browser);
    await expectNotRecognised(
      await postAssertion(browser, await authenticator.assert(options, { userVerified: false })),
    );
    await expectNotRecognised(await postAssertion(browser, await authenticator.assert(options)));
  });

  it("does not look at a passkey once the sign-in itself has ended (its authorization cookie gone)", async () => {
    const { user, authenticator, before } = await setUp("pks-ended");
    const { browser } = await startPasskeySignIn();
    const options = await signInOptions(browser);
    browser.cookies.delete("authorization");
    const answer = await postAssertion(browser, await authenticator.assert(options));
    expect(answer.status).toBe(400);
    expect(await answer.text()).toContain("This sign-in has ended");
    expect(await passkeySnapshot(user.id)).toEqual(before);
  });

  it("answers options only inside a sign-in (400 without /authorize first)", async () => {
    const response = await SELF.fetch("http://localhost/passkey/options", { method: "POST" });
    expect(response.status).toBe(400);
  });
});
