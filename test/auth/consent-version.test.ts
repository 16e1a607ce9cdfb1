/**
 * A changed document (decision 0033): the next sign-in shows it after both factors and completes only once it is
 * accepted; asked once; a refusal signs nobody in, and the sessions the person already has go on.
 */
import { describe, expect, it } from "vitest";
import { authorizationCodes, read } from "../support/auth-inspect";
import { selfFetch } from "../support/browser";
import {
  ACCEPT_BOTH,
  acceptAndFinish,
  codeSignUpToConsent,
  consentAction,
  consentBrowser,
  consentRows,
} from "../support/consent";
import { call, type User } from "../support/http";
import { nextEmail } from "../support/people";
import { finishAuthorization, latestCode, secondFactorAction, startAuthorization } from "../support/sign-in-client";
import { accountStub, totpAt, turnOnTwoFactor } from "../support/two-factor";

const V1 = { terms: "1", privacy: "1" };
const V2 = { terms: "2", privacy: "1" };

const userIdOf = (accessToken: string): string =>
  JSON.parse(atob((accessToken.split(".")[1] ?? "").replace(/-/g, "+").replace(/_/g, "/"))).sub;

/** A person who signed up under V1, with the access token of that sign-in. */
async function signedUpUnderV1(label: string): Promise<User> {
  const email = nextEmail(label);
  const browser = consentBrowser(V1);
  const step = await codeSignUpToConsent(browser, email);
  const tokens = await acceptAndFinish(browser, step.action, step.verifier);
  return { id: userIdOf(tokens.access_token), email, token: tokens.access_token };
}

/** A code sign-in under `versions` up to the answer of its last first-factor step. */
async function codeSignIn(email: string, versions = V2) {
  const browser = consentBrowser(versions);
  const verifier = await startAuthorization(browser, "code");
  await browser.post("/code/authorize", { action: "request", email });
  const code = await latestCode(browser.origin, email, selfFetch);
  const answer = await browser.post("/code/authorize", { action: "verify", email, code });
  return { browser, verifier, answer };
}

const sessionCount = (userId: string) =>
  accountStub(userId)
    .listSessions()
    .then((sessions) => sessions.length);

describe("a document whose version changed", () => {
  it("is asked for once, at the next sign-in, showing only the changed document", async () => {
    const person = await signedUpUnderV1("consent-v2");
    const { browser, verifier, answer } = await codeSignIn(person.email);
    expect(answer.status).toBe(200);
    const html = await answer.text();
    expect(consentAction(html)).toBe("/code/consent");
    expect(html).toContain("Our documents have changed");
    expect(html).toContain('name="accept_terms"');
    expect(html).not.toContain('name="accept_privacy"');
    await acceptAndFinish(browser, "/code/consent", verifier, { decision: "accept", accept_terms: "yes" });
    const rows = await consentRows(person.id);
    expect(rows.map((row) => [row.document, row.version, row.how])).toEqual([
      ["terms", "1", "code_sign_up"],
      ["privacy", "1", "code_sign_up"],
      ["terms", "2", "version_change"],
    ]);

    // Asked once: the sign-in after goes straight back to the app, and records nothing more.
    const again = await codeSignIn(person.email);
    await finishAuthorization(again.browser, again.answer, again.verifier);
    expect(await consentRows(person.id)).toHaveLength(3);
  });

  it("signs nobody in when refused or forged, and the sessions the person has go on", async () => {
    const person = await signedUpUnderV1("consent-v2-refused");
    const sessionsBefore = await sessionCount(person.id);
    const codesBefore = await authorizationCodes();

    const declined = await codeSignIn(person.email);
    const page = await read(await declined.browser.post("/code/consent", { decision: "decline" }));
    expect(page.location).toBeNull();
    expect(page.html).toContain("you are not signed in");
    const replay = await read(
      await declined.browser.post("/code/consent", { decision: "accept", accept_terms: "yes" }),
    );
    expect(replay.html).toContain("This sign-in has ended");

    const forged = await codeSignIn(person.email);
    for (const fields of <Record<string, string>[]>[
      { decision: "accept" },
      { decision: "accept", accept_privacy: "yes" },
    ]) {
      const answer = await read(await forged.browser.post("/code/consent", fields));
      expect(answer.location).toBeNull();
      expect(answer.messages).toContain("Tick every document to accept it, or decline.");
    }

    expect(await authorizationCodes()).toBe(codesBefore);
    expect(await sessionCount(person.id)).toBe(sessionsBefore);
    expect(await consentRows(person.id)).toHaveLength(2);
    expect((await call(person, "GET", "/me")).status).toBe(200);
  });

  it("completes one sign-in when the same step is accepted twice at once", async () => {
    const person = await signedUpUnderV1("consent-v2-parallel");
    const { browser, verifier } = await codeSignIn(person.email);
    const fields = { decision: "accept", accept_terms: "yes" };
    const answers = await Promise.all([browser.post("/code/consent", fields), browser.post("/code/consent", fields)]);
    const redirects = answers.filter((answer) => answer.status === 302);
    expect(redirects).toHaveLength(1);
    await finishAuthorization(browser, redirects[0] as Response, verifier);
    expect((await consentRows(person.id)).filter((row) => row.version === "2")).toHaveLength(1);
  });

  it("is asked after the second factor, never before it", async () => {
    const person = await signedUpUnderV1("consent-v2-2fa");
    const { secret } = await turnOnTwoFactor(person);
    const { browser, verifier, answer } = await codeSignIn(person.email);
    const first = await answer.text();
    expect(consentAction(first)).toBeNull();
    const action = secondFactorAction(first);
    expect(action).toBe("/code/two-factor");
    const consent = await browser.post(action as string, { code: totpAt(secret, 1) });
    expect(consent.status).toBe(200);
    expect(consentAction(await consent.text())).toBe("/code/consent");
    await acceptAndFinish(browser, "/code/consent", verifier, { ...ACCEPT_BOTH });
  });
});
