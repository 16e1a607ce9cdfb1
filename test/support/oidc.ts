/**
 * A standard relying party (openid-client 6) against the worker under test, inside the Workers runtime: its HTTP
 * goes to SELF (customFetch), the person's browser is the shared form browser, the sign-in is by emailed code.
 */
import { env, SELF } from "cloudflare:test";
import { createLocalJWKSet, type JWTPayload, jwtVerify } from "jose";
import { expect } from "vitest";
import { signInAdmin } from "./admin";
import { authorizationCodes } from "./auth-inspect";
import { Browser, ORIGIN } from "./browser";
import { call, type User } from "./http";
import {
  authorization,
  type ClientRegistration,
  callbackUrl,
  clientRegistration,
  oidc,
  type RegisteredClient,
} from "./oidc-relying-party";
import { latestCode } from "./sign-in";

// The relying party's pure parts are shared with the Node tests (test/node/oidc-relying-party.test.ts).
export {
  type Authorization,
  authorization,
  callbackUrl,
  oidc,
  type RegisteredClient,
  RP_LOGOUT,
  RP_REDIRECT,
} from "./oidc-relying-party";

let admin: Promise<User> | null = null;
/** One admin sign-in per test file (each sign-in mails the admin; admin writes need one from the last 10 minutes). */
export const theAdmin = () => (admin ??= signInAdmin());

export async function registerClient(body: ClientRegistration = {}, as?: User): Promise<RegisteredClient> {
  const answer = await call(as ?? (await theAdmin()), "POST", "/admin/clients", clientRegistration(body));
  expect(answer.status, JSON.stringify(answer.body)).toBe(201);
  return answer.body as unknown as RegisteredClient;
}

const selfFetch: oidc.CustomFetch = (url, options) =>
  SELF.fetch(url, {
    method: options.method,
    headers: options.headers,
    body: options.body as BodyInit,
    redirect: "manual",
  });

/** The relying party's configuration from discovery, over http (the tests' origin), through SELF. */
export async function relyingParty(clientId: string, auth: oidc.ClientAuth = oidc.None()): Promise<oidc.Configuration> {
  const config = await oidc.discovery(new URL(ORIGIN), clientId, undefined, auth, {
    execute: [oidc.allowInsecureRequests],
    [oidc.customFetch]: selfFetch,
  });
  config[oidc.customFetch] = selfFetch;
  return config;
}

/** The person signs in by emailed code in `browser`; answers the redirect back to the relying party. */
export async function signInAt(url: URL, email: string, browser = new Browser()): Promise<Response> {
  const form = await browser.follow(await browser.get(url.toString()));
  expect(form.status, `${url} → ${form.status} ${form.headers.get("location")}`).toBe(200);
  expect((await browser.post("/code/authorize", { action: "request", email })).status).toBe(200);
  return browser.post("/code/authorize", { action: "verify", email, code: await latestCode(email) });
}

/** The whole code flow: sign-in, then the relying party's code exchange with its checks. */
export async function codeFlow(config: oidc.Configuration, email: string, params: Record<string, string> = {}) {
  const auth = await authorization(config, params);
  const callback = callbackUrl(await signInAt(auth.url, email));
  const tokens = await oidc.authorizationCodeGrant(config, callback, {
    pkceCodeVerifier: auth.verifier,
    expectedState: auth.state,
    expectedNonce: auth.nonce,
    idTokenExpected: true,
  });
  return { auth, callback, tokens };
}

/** The id_token verified as a careful relying party must (openid-client does not check its signature). */
export async function verifyIdToken(idToken: string, clientId: string): Promise<JWTPayload> {
  const jwks = createLocalJWKSet(await (await SELF.fetch(`${ORIGIN}/.well-known/jwks.json`)).json());
  const { payload } = await jwtVerify(idToken, jwks, { algorithms: ["ES256"], issuer: ORIGIN, audience: clientId });
  return payload;
}

/** Row counts that a refused request must leave alone. */
export async function oidcSnapshot() {
  const count = async (sql: string) => ((await env.DB.prepare(sql).first<{ n: number }>())?.n ?? 0) as number;
  return {
    clients: await count("select count(*) as n from oidc_clients"),
    codes: await authorizationCodes(),
    grants: await count("select count(*) as n from oauth_storage where key like 'oidc:session%'"),
  };
}
