/**
 * Sign-in through the tests' OpenID Connect upstream (test/support/upstream-setup.ts, decision 0038), as a browser
 * would: our /authorize with provider=oidc, our redirect to the upstream, the upstream's redirect back with a code
 * (the upstream signs in whoever `person` says), and our callback's answer.
 */
import { env, runInDurableObject } from "cloudflare:test";
import { expect } from "vitest";
import type { Account } from "../../src/account/account";
import { authorizationCodes } from "./auth-inspect";
import type { Browser } from "./browser";
import { call, type User } from "./http";
import { tablesOf } from "./object-tables";
import { authorizeUrl, pkcePair } from "./sign-in";
import { accountStub } from "./two-factor";

/** Who the upstream says the person is: the id_token claims it adds. */
export interface UpstreamPerson {
  sub: string;
  email?: string;
  email_verified?: unknown;
  amr?: string[];
}

export const upstreamPerson = (email: string, overrides: Partial<UpstreamPerson> = {}): UpstreamPerson => ({
  sub: `upstream-${crypto.randomUUID()}`,
  email,
  email_verified: true,
  ...overrides,
});

/** Follows our redirect to the upstream and the upstream's back to us; returns our callback's answer. */
export async function throughUpstream(
  browser: Browser,
  toUpstream: Response,
  person: UpstreamPerson,
): Promise<Response> {
  expect(toUpstream.status).toBe(302);
  const upstream = new URL(toUpstream.headers.get("location") ?? "");
  expect(upstream.origin).toBe(env.CONNECT_OIDC_ISSUER);
  upstream.searchParams.set(
    "scenario",
    btoa(JSON.stringify(person)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, ""),
  );
  const back = await fetch(upstream, { redirect: "manual" });
  expect(back.status).toBe(302);
  const callback = new URL(back.headers.get("location") ?? "");
  expect(callback.pathname).toBe("/oidc/callback");
  return browser.get(`${callback.pathname}${callback.search}`);
}

/** A sign-in through the upstream from the start; returns the PKCE verifier and our callback's answer. */
export async function signInThroughUpstream(browser: Browser, person: UpstreamPerson) {
  const { verifier, challenge } = await pkcePair();
  const started = await browser.get(authorizeUrl(challenge, { provider: "oidc" }));
  const toUpstream = await browser.follow(started);
  return { verifier, answer: await throughUpstream(browser, toUpstream, person) };
}

/** The rows of D1's identity map for one upstream subject. */
export async function identityRows(subject: string) {
  const rows = await env.DB.prepare("select * from connected_identities where subject = ?").bind(subject).all();
  return rows.results;
}

/** The connections table of an account's object. */
export async function connectionsOf(userId: string) {
  return runInDurableObject(
    accountStub(userId),
    (_object: Account, state) => tablesOf(state.storage.sql).connections ?? [],
  );
}

/** D1 users, the identity map and authorization codes: what a refused sign-in must leave as it was. */
export async function directorySnapshot() {
  const users = await env.DB.prepare("select id, email from users order by id").all();
  const map = await env.DB.prepare("select * from connected_identities order by provider, subject").all();
  const codes = await authorizationCodes();
  return { users: users.results, map: map.results, codes };
}

/** The ticket of the last link `linkThroughUpstream` started (a test replays it). */
export let lastLinkTicket = "";

/** Links the upstream identity `person` to `user` from settings: the API's ticket, the confirmation page, the upstream. */
export async function linkThroughUpstream(user: User, person: UpstreamPerson, browser: Browser): Promise<Response> {
  const started = await call(user, "POST", "/me/connections/oidc/link");
  expect(started.status).toBe(200);
  const page = await browser.get(started.body.url as string);
  expect(page.status).toBe(200);
  expect(await page.text()).toContain(user.email);
  const ticket = new URL(started.body.url as string, "http://localhost").searchParams.get("ticket") ?? "";
  lastLinkTicket = ticket;
  const confirmed = await postLink(browser, ticket);
  return throughUpstream(browser, await browser.follow(confirmed), person);
}

/**
 * The link page's button, as the browser posts it from that page (its Origin, or `origin`; `headers` more, such as
 * the `Sec-Fetch-Site` a browser adds). `origin` null sends no Origin header.
 */
export function postLink(
  browser: Browser,
  ticket: string,
  origin: string | null = "http://localhost",
  headers: Record<string, string> = {},
) {
  return browser.request("/oidc/link", {
    method: "POST",
    body: new URLSearchParams({ ticket }).toString(),
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      ...(origin === null ? {} : { origin }),
      ...headers,
    },
  });
}
