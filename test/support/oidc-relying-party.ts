/**
 * A standard relying party (openid-client 6) and what it needs to talk to the OpenID Connect provider over HTTP:
 * the registered URIs, the authorization URL, the admin who registers clients, the person signing in by emailed
 * code in a form browser, and the id_token checked on its own with jose against the JWKS. Node-safe (no Workers
 * imports): the Node tests use it against `npm run dev`; the Workers tests (test/support/oidc.ts) share its pure parts.
 */
import { createRemoteJWKSet, type JWTPayload, jwtVerify } from "jose";
import * as oidc from "openid-client";
import { expect } from "vitest";
import { totpCode } from "../../src/account/two-factor";
import { expectStatus, FormBrowser, mailbox, signInWithCode } from "./sign-in-client";

export { oidc };

/** Registered by the tests; the browser never follows a redirect there (another origin). */
export const RP_REDIRECT = "https://rp.example/callback";
export const RP_LOGOUT = "https://rp.example/signed-out";

export interface RegisteredClient {
  client_id: string;
  client_secret?: string;
}

export type ClientRegistration = Partial<{
  name: string;
  type: "public" | "confidential";
  first_party: boolean;
  redirect_uris: string[];
  post_logout_redirect_uris: string[];
}>;

/** The body of `POST /api/admin/clients`: a first-party public client at the test URIs unless `body` says otherwise. */
export const clientRegistration = (body: ClientRegistration = {}) => ({
  name: "Relying party",
  type: "public",
  first_party: true,
  redirect_uris: [RP_REDIRECT],
  post_logout_redirect_uris: [RP_LOGOUT],
  ...body,
});

export interface Authorization {
  url: URL;
  verifier: string;
  state: string;
  nonce: string;
}

/** An authorization URL with PKCE, state and nonce (and any extra parameters), for the emailed-code form. */
export async function authorization(
  config: oidc.Configuration,
  params: Record<string, string> = {},
): Promise<Authorization> {
  const verifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: RP_REDIRECT,
    scope: "openid email profile",
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: "S256",
    state,
    nonce,
    provider: "code",
    ...params,
  });
  return { url, verifier, state, nonce };
}

/** The redirect's target as the relying party sees it (the callback URL with code and state, or an error). */
export function callbackUrl(response: Response): URL {
  expect(response.status, `expected a redirect, got ${response.status}`).toBe(302);
  return new URL(response.headers.get("location") ?? "");
}

// Over HTTP against a running server (`npm run dev`).

/** The relying party's configuration from discovery at `origin` (plain http under `npm run dev`). */
export function discover(
  origin: string,
  clientId: string,
  auth: oidc.ClientAuth = oidc.None(),
  fetchImpl?: oidc.CustomFetch,
): Promise<oidc.Configuration> {
  const options: oidc.DiscoveryRequestOptions = { execute: [oidc.allowInsecureRequests] };
  if (fetchImpl) options[oidc.customFetch] = fetchImpl;
  return oidc.discovery(new URL(origin), clientId, undefined, auth, options);
}

/** One API call with a Bearer token; the status and the parsed body. */
export async function apiCall(origin: string, token: string, method: string, path: string, body?: unknown) {
  const response = await fetch(`${origin}/api${path}`, {
    method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body === undefined ? {} : { "content-type": "application/json" }),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : null };
}

/**
 * The admin of ADMIN_EMAILS (admin@example.com under `npm run dev`), signed in just now with two-factor turned on,
 * as every admin write requires (decision 0020); the TOTP is made with the server's own parameters.
 */
export async function signInAdmin(origin: string): Promise<string> {
  const token = (await signInWithCode(origin, "admin@example.com")).access_token;
  const setup = await apiCall(origin, token, "POST", "/me/2fa");
  expect(setup.status, JSON.stringify(setup.body)).toBe(200);
  const verified = await apiCall(origin, token, "POST", "/me/2fa/verify", {
    code: totpCode(setup.body.secret, new Date()),
  });
  expect(verified.status, JSON.stringify(verified.body)).toBe(200);
  return token;
}

export async function registerClientAt(origin: string, adminToken: string, body: ClientRegistration = {}) {
  const answer = await apiCall(origin, adminToken, "POST", "/admin/clients", clientRegistration(body));
  expect(answer.status, JSON.stringify(answer.body)).toBe(201);
  return answer.body as RegisteredClient;
}

/** The sessions of the person with `email` as the admin sees them (none when no exchange ever succeeded). */
export async function sessionsOf(origin: string, adminToken: string, email: string): Promise<unknown[]> {
  const found = await apiCall(origin, adminToken, "GET", `/admin/users?q=${encodeURIComponent(email)}`);
  const user = (found.body.users as { id: string; email: string }[]).find((candidate) => candidate.email === email);
  if (!user) return [];
  const detail = await apiCall(origin, adminToken, "GET", `/admin/users/${user.id}`);
  expect(detail.status).toBe(200);
  return detail.body.sessions;
}

/** The code mailed after `seen` messages: waits for the new message, so a repeated sign-in never reads the old one. */
async function newCode(origin: string, email: string, seen: number): Promise<string> {
  for (let attempt = 0; attempt < 40; attempt++) {
    const messages = await mailbox(origin, email);
    const code = messages.length > seen ? /\b(\d{6})\b/.exec(messages[0]?.text ?? "")?.[1] : undefined;
    if (code) return code;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`no new code mailed to ${email}`);
}

/**
 * The person signs in by emailed code in `browser` at the authorization `url`: the page /authorize leads to must be
 * the code form (a sign-in page, never a silent redirect). Answers what the last step answered (the redirect back to
 * the relying party, or the consent page of a third-party client).
 */
export async function signInAt(browser: FormBrowser, url: URL, email: string): Promise<Response> {
  const form = await browser.follow(await browser.get(url.toString()));
  await expectStatus(form, 200, `GET ${url}`);
  expect(new URL(form.url).pathname).toBe("/code/authorize");
  const seen = (await mailbox(browser.origin, email)).length;
  await expectStatus(await browser.post("/code/authorize", { action: "request", email }), 200, "request a code");
  const code = await newCode(browser.origin, email, seen);
  return browser.post("/code/authorize", { action: "verify", email, code });
}

/** The whole code flow in `browser`: sign-in, then openid-client's exchange with its checks. */
export async function codeFlow(
  config: oidc.Configuration,
  email: string,
  params: Record<string, string> = {},
  browser = new FormBrowser(config.serverMetadata().issuer),
) {
  const auth = await authorization(config, params);
  const callback = callbackUrl(await signInAt(browser, auth.url, email));
  expect(callback.searchParams.get("state")).toBe(auth.state);
  const tokens = await oidc.authorizationCodeGrant(config, callback, {
    pkceCodeVerifier: auth.verifier,
    expectedState: auth.state,
    expectedNonce: auth.nonce,
    idTokenExpected: params.scope === undefined || params.scope.split(" ").includes("openid"),
  });
  return { auth, callback, tokens, browser };
}

/**
 * The id_token checked as a careful relying party must, by jose alone (openid-client does not check the signature of
 * a token endpoint's id_token): ES256 signature by a key of the JWKS, exact `iss` and `aud`, `exp` in the future, and
 * the `nonce` the authorization sent.
 */
export async function verifyIdToken(
  config: oidc.Configuration,
  idToken: string,
  expected: { audience: string; nonce: string },
): Promise<JWTPayload> {
  const metadata = config.serverMetadata();
  const jwks = createRemoteJWKSet(new URL(metadata.jwks_uri ?? ""));
  const { payload, protectedHeader } = await jwtVerify(idToken, jwks, {
    algorithms: ["ES256"],
    issuer: metadata.issuer,
    audience: expected.audience,
    requiredClaims: ["exp", "iat", "sub", "auth_time", "nonce"],
  });
  expect(protectedHeader.kid).toEqual(expect.any(String));
  if (payload.nonce !== expected.nonce) throw new Error(`nonce ${payload.nonce} is not ${expected.nonce}`);
  return payload;
}

/** The error code of a refused openid-client call (the server's `error`, or the callback's). */
export async function refusal(call: Promise<unknown>): Promise<string> {
  try {
    await call;
  } catch (error) {
    if (error instanceof oidc.ResponseBodyError || error instanceof oidc.AuthorizationResponseError) return error.error;
    // A 401 with a challenge (Bearer at userinfo, Basic at /token, RFC 6749 §5.2): its error, else the body's.
    if (error instanceof oidc.WWWAuthenticateChallengeError) {
      const named = error.cause[0]?.parameters.error;
      return named ?? ((await error.response.json()) as { error: string }).error;
    }
    throw error;
  }
  throw new Error("the call was not refused");
}
