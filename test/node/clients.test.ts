/**
 * Real clients written by others, against `npm run dev`: OpenAuth's own client and oauth4webapi (a strict RFC
 * 6749/8414/7636 client) each go from an authorization URL through the HTML forms, the development mailbox, the code
 * exchange and a refresh to `GET /api/me`. The browser part is the shared sign-in client (test/support/sign-in-client.ts).
 */
import { createClient } from "@openauthjs/openauth/client";
import * as oauth from "oauth4webapi";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { totpCode } from "../../src/account/two-factor";
import { subjects } from "../../src/auth/subjects";
import { PASSWORD } from "../support/people";
import {
  answerSecondFactor,
  FormBrowser as Browser,
  latestCode,
  secondFactorAction,
  signInWithCode,
  signUpWithPassword,
} from "../support/sign-in-client";
import { type DevServer, startDevServer } from "./dev-server";

/** Describes a response for assertion messages, so a failure shows what the server said. */
async function describeResponse(response: Response): Promise<string> {
  const body = await response.clone().text();
  return `${response.status} ${response.headers.get("location") ?? ""}\n${body.slice(0, 2000)}`;
}

/** The callback URL the issuer redirected to, checked to be the client's redirect URI. */
function callbackFrom(response: Response, redirectUri: string): URL {
  expect(response.status).toBe(302);
  const location = new URL(response.headers.get("location") ?? "");
  expect(`${location.origin}${location.pathname}`).toBe(redirectUri);
  expect(location.searchParams.get("error")).toBeNull();
  return location;
}

/**
 * OpenAuth 0.4.3's client sends no `client_id` when it refreshes, and our /token refuses a refresh that does
 * not name the client its session was issued to. The client's `fetch` option is where an app adds it
 * (the README shows the same few lines).
 */
function addClientIdOnRefresh(clientId: string): typeof fetch {
  return (input, init) => {
    const form = typeof init?.body === "string" ? new URLSearchParams(init.body) : null;
    if (form?.get("grant_type") === "refresh_token" && !form.has("client_id")) {
      form.set("client_id", clientId);
      return fetch(input, { ...init, body: form.toString() });
    }
    return fetch(input, init);
  };
}

async function me(origin: string, accessToken: string): Promise<Response> {
  return fetch(`${origin}/api/me`, { headers: { authorization: `Bearer ${accessToken}` } });
}

/** The TOTP code `steps` 30-second steps from now, made with the server's own library (otpauth). */
const totpAt = (secret: string, steps = 0) => totpCode(secret, new Date(Date.now() + steps * 30_000));

/** Turns two-factor on through the API with a code of the current step; returns the secret. */
async function turnOnTwoFactor(origin: string, accessToken: string): Promise<string> {
  const call = (path: string, body?: unknown) =>
    fetch(`${origin}/api${path}`, {
      method: "POST",
      headers: { authorization: `Bearer ${accessToken}`, "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  const setup = await call("/me/2fa");
  expect(setup.status, await describeResponse(setup)).toBe(200);
  const { secret } = (await setup.json()) as { secret: string };
  const verified = await call("/me/2fa/verify", { code: totpAt(secret) });
  expect(verified.status, await describeResponse(verified)).toBe(200);
  return secret;
}

/**
 * oauth4webapi's side of an authorization: discovery (over http, as under `npm run dev`, with
 * `allowInsecureRequests`), PKCE and state, and the /authorize URL for the emailed-code provider.
 */
async function oauth4webapiAuthorization(origin: string) {
  const insecure = { [oauth.allowInsecureRequests]: true };
  const issuer = new URL(origin);
  const as = await oauth.processDiscoveryResponse(
    issuer,
    await oauth.discoveryRequest(issuer, { algorithm: "oauth2", ...insecure }),
  );
  if (!as.authorization_endpoint) throw new Error("no authorization_endpoint in the metadata");
  const client: oauth.Client = { client_id: "web" };
  const verifier = oauth.generateRandomCodeVerifier();
  const state = oauth.generateRandomState();
  const authorizationUrl = new URL(as.authorization_endpoint);
  authorizationUrl.search = new URLSearchParams({
    client_id: client.client_id,
    redirect_uri: `${origin}/callback`,
    response_type: "code",
    state,
    code_challenge: await oauth.calculatePKCECodeChallenge(verifier),
    code_challenge_method: "S256",
    provider: "code",
  }).toString();
  return { as, client, verifier, state, authorizationUrl, insecure };
}

describe("real OAuth clients against npm run dev", () => {
  let server: DevServer;
  let origin: string;
  let redirectUri: string;

  beforeAll(async () => {
    server = await startDevServer();
    origin = server.origin;
    redirectUri = `${origin}/callback`;
  });
  afterAll(async () => {
    await server?.stop();
  });

  it("OpenAuth's own client: password sign-up, exchange, verify, refresh, /api/me", async () => {
    const email = "openauth-client@example.com";
    const client = createClient({ clientID: "web", issuer: origin, fetch: addClientIdOnRefresh("web") });
    const { url, challenge } = await client.authorize(redirectUri, "code", { pkce: true });
    expect(challenge.verifier).toEqual(expect.any(String));

    // No provider in the URL: the issuer shows its chooser, and the person picks password, then sign-up.
    const browser = new Browser(origin);
    const chooser = await browser.follow(await browser.get(url));
    expect(chooser.status, await describeResponse(chooser)).toBe(200);
    expect(await chooser.text()).toContain('href="/password/authorize"');
    const registerPage = await browser.get("/password/register");
    expect(registerPage.status, await describeResponse(registerPage)).toBe(200);

    const codePage = await browser.post("/password/register", {
      action: "register",
      email,
      password: PASSWORD,
      repeat: PASSWORD,
    });
    expect(codePage.status, await describeResponse(codePage)).toBe(200);
    expect(await codePage.text()).toContain('name="code"');
    const done = await browser.post("/password/register", { action: "verify", code: await latestCode(origin, email) });
    const callback = callbackFrom(done, redirectUri);
    expect(callback.searchParams.get("state")).toBe(challenge.state);
    const code = callback.searchParams.get("code");
    if (!code) throw new Error(`no code in ${callback}`);

    const exchanged = await client.exchange(code, redirectUri, challenge.verifier);
    if (exchanged.err) throw new Error(`exchange failed: ${exchanged.err.message}`);
    const { access, refresh, expiresIn } = exchanged.tokens;
    expect(access).toEqual(expect.any(String));
    expect(refresh).toEqual(expect.any(String));
    expect(expiresIn).toBeGreaterThan(0);
    expect(expiresIn).toBeLessThanOrEqual(15 * 60);

    const verified = await client.verify(subjects, access);
    if (verified.err) throw new Error(`verify failed: ${verified.err.message}`);
    expect(verified.subject.type).toBe("user");
    expect(verified.subject.properties.email).toBe(email);
    expect(verified.aud).toBe("web");

    // Without client_id (the stock client), the refresh is refused and the token stays good.
    const stock = await createClient({ clientID: "web", issuer: origin }).refresh(refresh);
    expect(stock.err).toBeTruthy();
    const refreshed = await client.refresh(refresh);
    if (refreshed.err) throw new Error(`refresh failed: ${refreshed.err.message}`);
    if (!refreshed.tokens) throw new Error("refresh returned no tokens");
    expect(refreshed.tokens.refresh).toEqual(expect.any(String));
    expect(refreshed.tokens.refresh).not.toBe(refresh);
    const reverified = await client.verify(subjects, refreshed.tokens.access);
    if (reverified.err) throw new Error(`verify of the refreshed token failed: ${reverified.err.message}`);
    expect(reverified.subject.properties.id).toBe(verified.subject.properties.id);

    const profile = await me(origin, refreshed.tokens.access);
    expect(profile.status, await describeResponse(profile)).toBe(200);
    const body = (await profile.json()) as { id: string; email: string };
    expect(body.email).toBe(email);
    expect(body.id).toBe(verified.subject.properties.id);

    // The code is single-use: OpenAuth's client reports the second exchange as an error, and the replay ends the
    // session the code started (RFC 6749 §4.1.2), so its refresh token stops working.
    const again = await client.exchange(code, redirectUri, challenge.verifier);
    expect(again.err).toBeTruthy();
    expect((await client.refresh(refreshed.tokens.refresh)).err).toBeTruthy();
  });

  it("oauth4webapi: discovery, PKCE, code sign-in, code grant, refresh grant, /api/me", async () => {
    const email = "oauth4webapi-client@example.com";
    const { as, client, verifier, state, authorizationUrl, insecure } = await oauth4webapiAuthorization(origin);
    expect(as.token_endpoint).toBe(`${origin}/token`);
    expect(as.code_challenge_methods_supported).toContain("S256");
    const clientAuth = oauth.None();

    const browser = new Browser(origin);
    const form = await browser.follow(await browser.get(authorizationUrl.toString()));
    expect(form.status, await describeResponse(form)).toBe(200);
    expect(new URL(form.url).pathname).toBe("/code/authorize");
    const codePage = await browser.post("/code/authorize", { action: "request", email });
    expect(codePage.status, await describeResponse(codePage)).toBe(200);
    expect(await codePage.text()).toContain('name="code"');
    const done = await browser.post("/code/authorize", {
      action: "verify",
      email,
      code: await latestCode(origin, email),
    });
    const callback = callbackFrom(done, redirectUri);

    const params = oauth.validateAuthResponse(as, client, callback, state);
    const codeResponse = await oauth.authorizationCodeGrantRequest(
      as,
      client,
      clientAuth,
      params,
      redirectUri,
      verifier,
      insecure,
    );
    // Throws on anything short of RFC 6749 §5.1, e.g. a missing token_type.
    const tokens = await oauth.processAuthorizationCodeResponse(as, client, codeResponse);
    expect(tokens.token_type).toBe("bearer");
    expect(tokens.expires_in).toBeGreaterThan(0);
    if (!tokens.refresh_token) throw new Error("no refresh_token in the token response");

    const refreshResponse = await oauth.refreshTokenGrantRequest(
      as,
      client,
      clientAuth,
      tokens.refresh_token,
      insecure,
    );
    const refreshed = await oauth.processRefreshTokenResponse(as, client, refreshResponse);
    expect(refreshed.token_type).toBe("bearer");
    expect(refreshed.refresh_token).toEqual(expect.any(String));
    expect(refreshed.refresh_token).not.toBe(tokens.refresh_token);

    const profile = await me(origin, refreshed.access_token);
    expect(profile.status, await describeResponse(profile)).toBe(200);
    expect(((await profile.json()) as { email: string }).email).toBe(email);
  });

  it("OpenAuth's own client: password sign-in with the two-factor step, TOTP made by the test", async () => {
    const email = "openauth-client-2fa@example.com";
    const first = await signUpWithPassword(origin, email, PASSWORD);
    const secret = await turnOnTwoFactor(origin, first.access_token);

    const client = createClient({ clientID: "web", issuer: origin, fetch: addClientIdOnRefresh("web") });
    const { url, challenge } = await client.authorize(redirectUri, "code", { pkce: true, provider: "password" });
    const browser = new Browser(origin);
    const form = await browser.follow(await browser.get(url));
    expect(form.status, await describeResponse(form)).toBe(200);
    const secondStep = await browser.post("/password/authorize", { email, password: PASSWORD });
    expect(secondStep.status, await describeResponse(secondStep)).toBe(200);
    expect(secondFactorAction(await secondStep.clone().text())).toBe("/password/two-factor");

    const done = await answerSecondFactor(browser, secondStep, totpAt(secret, 1));
    const callback = callbackFrom(done, redirectUri);
    expect(callback.searchParams.get("state")).toBe(challenge.state);
    const exchanged = await client.exchange(callback.searchParams.get("code") ?? "", redirectUri, challenge.verifier);
    if (exchanged.err) throw new Error(`exchange failed: ${exchanged.err.message}`);
    const verified = await client.verify(subjects, exchanged.tokens.access);
    if (verified.err) throw new Error(`verify failed: ${verified.err.message}`);
    expect(verified.subject.properties.email).toBe(email);
    const profile = await me(origin, exchanged.tokens.access);
    expect(((await profile.json()) as { two_factor_enabled: boolean }).two_factor_enabled).toBe(true);
  });

  it("oauth4webapi: code sign-in with the two-factor step, TOTP made by the test", async () => {
    const email = "oauth4webapi-client-2fa@example.com";
    const first = await signInWithCode(origin, email);
    const secret = await turnOnTwoFactor(origin, first.access_token);

    const { as, client, verifier, state, authorizationUrl, insecure } = await oauth4webapiAuthorization(origin);

    const browser = new Browser(origin);
    await browser.follow(await browser.get(authorizationUrl.toString()));
    await browser.post("/code/authorize", { action: "request", email });
    const secondStep = await browser.post("/code/authorize", {
      action: "verify",
      email,
      code: await latestCode(origin, email),
    });
    expect(secondStep.status, await describeResponse(secondStep)).toBe(200);
    expect(secondFactorAction(await secondStep.clone().text())).toBe("/code/two-factor");
    const callback = callbackFrom(await answerSecondFactor(browser, secondStep, totpAt(secret, 1)), redirectUri);

    const params = oauth.validateAuthResponse(as, client, callback, state);
    const codeResponse = await oauth.authorizationCodeGrantRequest(
      as,
      client,
      oauth.None(),
      params,
      redirectUri,
      verifier,
      insecure,
    );
    const tokens = await oauth.processAuthorizationCodeResponse(as, client, codeResponse);
    expect(tokens.token_type).toBe("bearer");
    const profile = await me(origin, tokens.access_token);
    expect(((await profile.json()) as { email: string }).email).toBe(email);
  });

  it("oauth4webapi refuses stock OpenAuth's token answer, which lacks token_type", async () => {
    // The control for the test above: passing it means something only if this client is strict about §5.1.
    const as = await oauth.processDiscoveryResponse(
      new URL(origin),
      await oauth.discoveryRequest(new URL(origin), { algorithm: "oauth2", [oauth.allowInsecureRequests]: true }),
    );
    const client: oauth.Client = { client_id: "web" };
    const stock = Response.json({ access_token: "a", refresh_token: "r", expires_in: 900 });
    await expect(oauth.processRefreshTokenResponse(as, client, stock)).rejects.toThrow(/token_type/);
  });
});
