/**
 * Passkeys through HTTP for the Workers tests: registering a software authenticator's key from settings, and the
 * usernameless sign-in through the issuer (/authorize → /passkey/options → /passkey/verify → /token). Plus what a
 * refused attempt must leave unchanged: the account's object and D1's credential map.
 */
import { env, runInDurableObject } from "cloudflare:test";
import { expect } from "vitest";
import type { Account } from "../../src/account/account";
import { authorizationCodes } from "./auth-inspect";
import { type CeremonyOptions, SoftwareAuthenticator } from "./authenticator";
import { Browser } from "./browser";
import { call, type User } from "./http";
import { tablesOf } from "./object-tables";
import { authorizeUrl, codeFromRedirect, exchange, pkcePair, type Tokens } from "./sign-in";
import { accountStub } from "./two-factor";

export interface PasskeyAnswer {
  id: string;
  name: string;
  created_at: string;
  last_used_at: string | null;
  backed_up: boolean;
  device_type: string;
}

/** The creation options for `user` (200), or the refusal. */
export const passkeyOptions = (user: User) => call(user, "POST", "/me/passkeys/options");

/** Registers a new software authenticator's key for `user`; returns the authenticator and the API's answer. */
export async function registerPasskey(
  user: User,
  options: { name?: string; ceremony?: CeremonyOptions; counter?: number } = {},
) {
  const authenticator = await SoftwareAuthenticator.create({ counter: options.counter });
  const created = await passkeyOptions(user);
  expect(created.status, JSON.stringify(created.body)).toBe(200);
  const response = await authenticator.register(created.body as never, options.ceremony);
  const answer = await call(user, "POST", "/me/passkeys", { response, name: options.name });
  return { authenticator, answer };
}

/** Like registerPasskey, but it must succeed (201). */
export async function addPasskey(user: User, options: { name?: string; counter?: number } = {}) {
  const { authenticator, answer } = await registerPasskey(user, options);
  expect(answer.status, JSON.stringify(answer.body)).toBe(201);
  return { authenticator, passkey: answer.body as unknown as PasskeyAnswer };
}

/** A browser at /authorize for the passkey provider; the PKCE verifier for the exchange. */
export async function startPasskeySignIn(browser = new Browser()) {
  const { verifier, challenge } = await pkcePair();
  const start = await browser.get(authorizeUrl(challenge, { provider: "passkey" }));
  expect(start.status).toBe(302);
  return { browser, verifier };
}

/** The options `/passkey/options` gives this browser (200 with a challenge). */
export async function signInOptions(browser: Browser): Promise<{ challenge: string; allowCredentials?: unknown[] }> {
  const response = await browser.request("/passkey/options", { method: "POST" });
  expect(response.status).toBe(200);
  return (await response.json()) as { challenge: string };
}

export const postAssertion = (browser: Browser, assertion: unknown) =>
  browser.post("/passkey/verify", { response: JSON.stringify(assertion) });

/** The whole usernameless sign-in with `authenticator`: the answer of /passkey/verify and the verifier. */
export async function passkeySignIn(authenticator: SoftwareAuthenticator, ceremony: CeremonyOptions = {}) {
  const { browser, verifier } = await startPasskeySignIn();
  const options = await signInOptions(browser);
  const done = await postAssertion(browser, await authenticator.assert(options, ceremony));
  return { browser, verifier, done, options };
}

/** Signs in with the passkey to tokens. */
export async function signInWithPasskey(authenticator: SoftwareAuthenticator): Promise<Tokens> {
  const { done, verifier } = await passkeySignIn(authenticator);
  return exchange(codeFromRedirect(done), verifier);
}

/** The refusal every failed passkey sign-in gets: the same page, 400. */
export async function expectNotRecognised(response: Response) {
  expect(response.status).toBe(400);
  expect(response.headers.get("location")).toBeNull();
  expect(await response.text()).toContain("That passkey was not recognised.");
}

/** The account object's tables and D1's credential map: what a refusal must leave as it was. */
export async function passkeySnapshot(userId: string) {
  const tables = await runInDurableObject(accountStub(userId), (_object: Account, state) =>
    tablesOf(state.storage.sql),
  );
  const map = await env.DB.prepare("select * from passkey_credentials order by credential_id").all();
  const codes = await authorizationCodes();
  return { tables, map: map.results, codes };
}

/** D1's credential map rows of one credential. */
export async function mapRowsOf(credentialId: string) {
  const rows = await env.DB.prepare("select * from passkey_credentials where credential_id = ?")
    .bind(credentialId)
    .all();
  return rows.results;
}
