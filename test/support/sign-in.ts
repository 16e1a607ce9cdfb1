/** Sign-in flows driven through HTTP as a browser and then an SPA would: PKCE, forms, mailbox, code exchange. */
import { SELF } from "cloudflare:test";
import { expect } from "vitest";
import { Browser, ORIGIN, REDIRECT_URI, selfFetch } from "./browser";
import * as client from "./sign-in-client";
import { pkcePair, type Tokens } from "./sign-in-client";

export { pkcePair, type Tokens };

export function authorizeUrl(challenge: string, params: Record<string, string> = {}) {
  const query = new URLSearchParams({
    client_id: "web",
    redirect_uri: REDIRECT_URI,
    response_type: "code",
    state: "state-1",
    code_challenge: challenge,
    code_challenge_method: "S256",
    ...params,
  });
  return `/authorize?${query}`;
}

export const mailbox = (to: string) => client.mailbox(ORIGIN, to, selfFetch);

export const latestCode = (to: string) => client.latestCode(ORIGIN, to, selfFetch);

/** Starts an authorization in the browser; returns the PKCE verifier for the exchange. */
export async function startAuthorization(browser: Browser, provider: "password" | "code") {
  const { verifier, challenge } = await pkcePair();
  const response = await browser.get(authorizeUrl(challenge, { provider }));
  expect(response.status).toBe(302);
  return verifier;
}

/** The authorization code from the redirect back to the client. */
export function codeFromRedirect(response: Response): string {
  expect(response.status).toBe(302);
  const location = new URL(response.headers.get("location") ?? "");
  expect(`${location.origin}${location.pathname}`).toBe(REDIRECT_URI);
  expect(location.searchParams.get("state")).toBe("state-1");
  const code = location.searchParams.get("code");
  if (!code) throw new Error(`no code in ${location}`);
  return code;
}

export async function tokenRequest(fields: Record<string, string>, headers: Record<string, string> = {}) {
  return SELF.fetch("http://localhost/token", {
    method: "POST",
    body: new URLSearchParams(fields).toString(),
    headers: { "content-type": "application/x-www-form-urlencoded", ...headers },
  });
}

export async function exchange(code: string, verifier: string): Promise<Tokens> {
  const response = await tokenRequest({
    grant_type: "authorization_code",
    code,
    redirect_uri: REDIRECT_URI,
    client_id: "web",
    code_verifier: verifier,
  });
  expect(response.status).toBe(200);
  return (await response.json()) as Tokens;
}

export async function refresh(refreshToken: string) {
  return tokenRequest({ grant_type: "refresh_token", refresh_token: refreshToken, client_id: "web" });
}

export function api(path: string, accessToken: string, init: RequestInit = {}) {
  const headers = new Headers(init.headers);
  headers.set("authorization", `Bearer ${accessToken}`);
  return SELF.fetch(`http://localhost${path}`, { ...init, headers });
}

/** The sign-in flows the Node tests and the bench run (test/support/sign-in-client.ts), here through SELF. */
export function signUpWithPassword(email: string, password: string, browser = new Browser()): Promise<Tokens> {
  return client.signUpWithPassword(ORIGIN, email, password, { browser, fetch: selfFetch });
}

export function signInWithPassword(email: string, password: string, browser = new Browser()): Promise<Tokens> {
  return client.signInWithPassword(ORIGIN, email, password, { browser, fetch: selfFetch });
}

export function signInWithCode(email: string, browser = new Browser()): Promise<Tokens> {
  return client.signInWithCode(ORIGIN, email, { browser, fetch: selfFetch });
}
