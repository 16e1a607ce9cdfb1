/**
 * Sign-in through an upstream OpenID Connect provider (decision 0038), against a local upstream (oauth2-mock-server,
 * test/support/upstream-setup.ts): an account is made only from a verified email, an existing account is never linked
 * by its email alone, linking starts from settings, a connection is never the last way to sign in removed, and the
 * second factor still follows an upstream sign-in unless the upstream's trusted `amr` says it had two.
 */
import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { Browser } from "../support/browser";
import { ACCEPT_BOTH, consentAction, consentBrowser, consentRows } from "../support/consent";
import { call, newUser } from "../support/http";
import { nextEmail, PASSWORD } from "../support/people";
import { authorizeUrl, codeFromRedirect, exchange, pkcePair, signUpWithPassword } from "../support/sign-in";
import { expectSecurityMail, findMail } from "../support/step-up";
import { totpAt, turnOnTwoFactor } from "../support/two-factor";
import {
  connectionsOf,
  directorySnapshot,
  identityRows,
  lastLinkTicket,
  linkThroughUpstream,
  postLink,
  signInThroughUpstream,
  upstreamPerson,
} from "../support/upstream";

const subjectOf = (token: string) =>
  JSON.parse(atob((token.split(".")[1] ?? "").replace(/-/g, "+").replace(/_/g, "/"))).sub;

async function signedInThroughUpstream(person: ReturnType<typeof upstreamPerson>) {
  const { verifier, answer } = await signInThroughUpstream(new Browser(), person);
  const tokens = await exchange(codeFromRedirect(answer), verifier);
  return { id: subjectOf(tokens.access_token) as string, email: person.email ?? "", token: tokens.access_token };
}

describe("a first sign-in through an upstream", () => {
  it("makes an account from a verified email, linked to that identity, recorded as a connection sign-in", async () => {
    const email = nextEmail("upstream-new");
    const person = upstreamPerson(email);
    const user = await signedInThroughUpstream(person);
    const me = await call(user, "GET", "/me");
    expect(me.body.email).toBe(email);
    const listed = await call(user, "GET", "/me/connections");
    expect(listed.status).toBe(200);
    expect(listed.body.connections).toEqual([
      { provider: "oidc", email, linked_at: expect.any(String), last_used_at: expect.any(String) },
    ]);
    expect(await identityRows(person.sub)).toEqual([expect.objectContaining({ provider: "oidc", user_id: user.id })]);
    const exported = await call(user, "GET", "/me/export");
    expect(exported.body.connections).toEqual(listed.body.connections);
    expect(JSON.stringify(exported.body)).not.toContain(person.sub);
    const activity = await call(user, "GET", "/me/activity");
    expect((activity.body.events as { method: string }[])[0]?.method).toBe("connection");

    // The same identity again signs in to the same account, whatever email it reports now.
    const again = await signedInThroughUpstream({ ...person, email: nextEmail("changed"), email_verified: false });
    expect(again.id).toBe(user.id);
  });

  it("refuses an email the upstream did not verify, with a page, storing nothing (every form, repeated)", async () => {
    const before = await directorySnapshot();
    for (const verified of [false, "true", undefined, false]) {
      const email = nextEmail("upstream-unverified");
      const { answer } = await signInThroughUpstream(
        new Browser(),
        upstreamPerson(email, { email_verified: verified }),
      );
      expect(answer.status).toBe(403);
      expect(answer.headers.get("location")).toBeNull();
      expect(await answer.text()).toContain("did not confirm that your email address is verified");
    }
    const noEmail = await signInThroughUpstream(new Browser(), upstreamPerson("", { email: undefined }));
    expect(noEmail.answer.status).toBe(403);
    expect(await directorySnapshot()).toEqual(before);
  });

  it("never links an existing account by its email alone, even verified, even in parallel", async () => {
    const existing = await newUser("upstream-existing");
    const person = upstreamPerson(existing.email);
    const before = await directorySnapshot();
    const answers = await Promise.all([1, 2, 3].map(() => signInThroughUpstream(new Browser(), person)));
    for (const { answer } of answers) {
      expect(answer.status).toBe(403);
      expect(await answer.text()).toContain("Sign in to that account another way, then connect");
    }
    expect(await directorySnapshot()).toEqual(before);
    expect(await connectionsOf(existing.id)).toEqual([]);
  });
});

describe("the consent step on a sign-up through an upstream", () => {
  it("makes the account, linked, only once the documents are accepted; declined, nothing is stored", async () => {
    const versions = { terms: "t-1", privacy: "p-1" };
    const declined = upstreamPerson(nextEmail("upstream-decline"));
    const before = await directorySnapshot();
    const browser = consentBrowser(versions);
    const asked = await signInThroughUpstream(browser, declined);
    const action = consentAction(await asked.answer.text());
    expect(action).toBe("/oidc/sign-up-consent");
    expect(await directorySnapshot()).toEqual(before);
    await browser.post(action ?? "", { decision: "decline" });
    expect(await directorySnapshot()).toEqual(before);

    const accepted = upstreamPerson(nextEmail("upstream-accept"));
    const second = consentBrowser(versions);
    const { verifier, answer } = await signInThroughUpstream(second, accepted);
    const done = await second.post(consentAction(await answer.text()) ?? "", ACCEPT_BOTH);
    const tokens = await exchange(codeFromRedirect(done), verifier);
    const userId = subjectOf(tokens.access_token) as string;
    expect(await identityRows(accepted.sub)).toEqual([expect.objectContaining({ user_id: userId })]);
    const rows = await consentRows(userId);
    expect(rows.map((row) => row.how)).toEqual(["connection_sign_up", "connection_sign_up"]);
  });
});

describe("an upstream that is not configured", () => {
  it("has no routes, and /authorize refuses it by name; the start page offers only the configured one", async () => {
    const browser = new Browser();
    expect((await browser.get("/github/authorize")).status).toBe(404);
    const { challenge } = await pkcePair();
    expect((await browser.get(authorizeUrl(challenge, { provider: "github" }))).status).toBe(400);
    const start = await browser.get(authorizeUrl(challenge));
    const page = await start.text();
    expect(page).toContain('href="/oidc/authorize"');
    expect(page).not.toContain("/github/authorize");
  });
});

describe("linking from settings", () => {
  it("starts a link only from this origin's own page (a page elsewhere posting a ticket gets nothing, every form)", async () => {
    const user = await newUser("upstream-csrf");
    const started = await call(user, "POST", "/me/connections/oidc/link");
    const ticket = new URL(started.body.url as string, "http://localhost").searchParams.get("ticket") ?? "";
    const elsewhere: [string | null, Record<string, string>][] = [
      ["https://attacker.example", {}],
      ["", {}],
      [null, {}],
      // A browser posting from a page with no referrer says `Origin: null`; only its fetch site tells where from.
      ["null", {}],
      ["null", { "sec-fetch-site": "cross-site" }],
      ["null", { "sec-fetch-site": "same-site" }],
      ["https://attacker.example", { "sec-fetch-site": "same-origin" }],
    ];
    for (const [origin, headers] of elsewhere) {
      const browser = new Browser();
      const pressed = await postLink(browser, ticket, origin, headers);
      expect(pressed.status).toBe(400);
      expect(pressed.headers.get("location")).toBeNull();
      expect(browser.cookies.size).toBe(0);
    }
    // The ticket is still good for the person's own page, and its form may go on to the upstream.
    const page = await new Browser().get(started.body.url as string);
    expect(page.headers.get("content-security-policy")).toContain(env.CONNECT_OIDC_ISSUER);
    expect((await postLink(new Browser(), ticket)).status).toBe(303);
    // As a browser posts it from that page: the sign-in pages send no referrer, so its Origin is "null".
    expect((await postLink(new Browser(), ticket, "null", { "sec-fetch-site": "same-origin" })).status).toBe(303);
  });

  it("links the upstream identity to the signed-in account; the upstream then signs in to it", async () => {
    const user = await newUser("upstream-link");
    const person = upstreamPerson(nextEmail("elsewhere"));
    const linked = await linkThroughUpstream(user, person, new Browser());
    expect(linked.status).toBe(303);
    expect(linked.headers.get("location")).toBe("/settings/security?connected=oidc");
    await expectSecurityMail(user.email, /account was connected to yours/i, "test-browser/1.0");
    const listed = await call(user, "GET", "/me/connections");
    expect(
      (listed.body.connections as { provider: string; email: string }[]).map((c) => [c.provider, c.email]),
    ).toEqual([["oidc", person.email]]);
    const signedIn = await signedInThroughUpstream(person);
    expect(signedIn.id).toBe(user.id);
  });

  it("refuses an identity another account holds, and a used ticket, changing nothing", async () => {
    const holder = await signedInThroughUpstream(upstreamPerson(nextEmail("holder")));
    const [row] = await identityRows((await connectionsOf(holder.id))[0]?.subject as string);
    const other = await newUser("upstream-other");
    const before = await directorySnapshot();
    const taken = await linkThroughUpstream(
      other,
      upstreamPerson("x@example.com", { sub: row?.subject as string }),
      new Browser(),
    );
    expect(taken.status).toBe(403);
    expect(await taken.text()).toContain("connected to another account already");
    expect(await directorySnapshot()).toEqual(before);
    expect(await connectionsOf(other.id)).toEqual([]);

    // The ticket was used by that answer: neither its page nor its button starts anything again.
    const replay = new Browser();
    expect((await replay.get(`/oidc/link?ticket=${lastLinkTicket}`)).status).toBe(400);
    const pressed = await postLink(replay, lastLinkTicket);
    expect(pressed.status).toBe(400);
    expect(pressed.headers.get("location")).toBeNull();
  });
});

describe("the list of connections", () => {
  it("names the providers configured here, to connect or connected, for an account with none", async () => {
    const user = await newUser("upstream-available");
    const listed = await call(user, "GET", "/me/connections");
    expect(listed.status).toBe(200);
    expect(listed.body).toEqual({ connections: [], available: ["oidc"] });
  });
});

describe("removing a connection", () => {
  it("is refused (409 last_sign_in_method) when it is the last way to sign in, repeated and in parallel", async () => {
    const user = await signedInThroughUpstream(upstreamPerson(nextEmail("upstream-last")));
    const before = await connectionsOf(user.id);
    const answers = [await call(user, "DELETE", "/me/connections/oidc")];
    answers.push(...(await Promise.all([1, 2].map(() => call(user, "DELETE", "/me/connections/oidc")))));
    for (const answer of answers) {
      expect(answer.status).toBe(409);
      expect(answer.body.code).toBe("last_sign_in_method");
    }
    expect(await connectionsOf(user.id)).toEqual(before);
  });

  it("is allowed with a password left; the map row goes; the password cannot then go", async () => {
    const email = nextEmail("upstream-unlink");
    const tokens = await signUpWithPassword(email, PASSWORD);
    const user = { id: subjectOf(tokens.access_token) as string, email, token: tokens.access_token };
    const person = upstreamPerson(nextEmail("elsewhere"));
    expect((await linkThroughUpstream(user, person, new Browser())).status).toBe(303);
    expect(await identityRows(person.sub)).toHaveLength(1);
    const removed = await call(user, "DELETE", "/me/connections/oidc");
    expect(removed.status).toBe(204);
    expect(await findMail(email, /connected account was removed/i)).toBeDefined();
    expect(await connectionsOf(user.id)).toEqual([]);
    expect(await identityRows(person.sub)).toEqual([]);
    expect((await call(user, "DELETE", "/me/connections/oidc")).status).toBe(404);
    expect((await call(user, "DELETE", "/me/password")).body.code).toBe("last_sign_in_method");
  });
});

describe("the second factor after an upstream sign-in", () => {
  it("is asked when the account has two-factor on, unless the upstream reports a trusted mfa", async () => {
    const user = await newUser("upstream-2fa");
    const person = upstreamPerson(nextEmail("elsewhere"));
    expect((await linkThroughUpstream(user, person, new Browser())).status).toBe(303);
    const { secret } = await turnOnTwoFactor(user);

    const browser = new Browser();
    const { verifier, answer } = await signInThroughUpstream(browser, person);
    expect(answer.status).toBe(200);
    expect(await answer.text()).toContain('action="/oidc/two-factor"');
    const completed = await browser.post("/oidc/two-factor", { code: totpAt(secret, 1) });
    const tokens = await exchange(codeFromRedirect(completed), verifier);
    expect(subjectOf(tokens.access_token)).toBe(user.id);

    const trusted = await signInThroughUpstream(new Browser(), { ...person, amr: ["pwd", "mfa"] });
    expect(subjectOf((await exchange(codeFromRedirect(trusted.answer), trusted.verifier)).access_token)).toBe(user.id);
  });
});
