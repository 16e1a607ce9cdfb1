/**
 * Third-party clients: the consent screen once per person and client, remembered until revoked at
 * /api/me/authorized-apps, which also ends that app's sessions (its refresh token stops working).
 */
import { env } from "cloudflare:test";
import { decodeJwt } from "jose";
import { describe, expect, it } from "vitest";
import { Browser } from "../support/browser";
import { call } from "../support/http";
import { authorization, callbackUrl, oidc, RP_REDIRECT, registerClient, relyingParty, signInAt } from "../support/oidc";
import { nextEmail } from "../support/people";
import { sessionOf } from "../support/sessions";
import { signInWithCode } from "../support/sign-in";

const consents = async () =>
  (await env.DB.prepare("select * from oidc_consents order by user_id, client_id").all()).results;

/** Signs in through a third-party client in `browser`; answers the page after the sign-in. */
async function signInThirdParty(config: oidc.Configuration, email: string, browser: Browser) {
  const auth = await authorization(config, { scope: "openid email offline_access" });
  return { auth, page: await signInAt(auth.url, email, browser) };
}

async function exchange(
  config: oidc.Configuration,
  response: Response,
  auth: Awaited<ReturnType<typeof authorization>>,
) {
  return oidc.authorizationCodeGrant(config, callbackUrl(response), {
    pkceCodeVerifier: auth.verifier,
    expectedState: auth.state,
    expectedNonce: auth.nonce,
  });
}

describe("consent to a third-party client", () => {
  it("asks once, names the app and scopes, remembers, lists and revokes (ending the app's sessions)", async () => {
    const client = await registerClient({ name: "Partner Notes", first_party: false });
    const config = await relyingParty(client.client_id);
    const email = nextEmail("consent");
    const browser = new Browser();

    const { auth, page } = await signInThirdParty(config, email, browser);
    expect(page.status).toBe(200);
    // Browsers hold a form's redirect to form-action: the app's origin is listed.
    expect(page.headers.get("content-security-policy")).toMatch(/form-action [^;]*https:\/\/rp\.example/);
    const html = await page.text();
    expect(html).toContain("Partner Notes");
    expect(html).toContain("See your email address");
    expect(html).toContain("Stay signed in");
    expect(await consents()).toHaveLength(0);
    const allowed = await browser.post("/consent", { decision: "allow" });
    const tokens = await exchange(config, allowed, auth);
    const sub = decodeJwt(tokens.id_token ?? "").sub ?? "";

    // Remembered: the next sign-in goes straight back to the app.
    const second = await signInThirdParty(config, email, new Browser());
    expect(second.page.status).toBe(302);
    expect(callbackUrl(second.page).searchParams.get("code")).toEqual(expect.any(String));

    // The person (signed in to the web app) sees the app and takes it back.
    const person = { id: sub, email, token: (await signInWeb(email)).token };
    const listed = await call(person, "GET", "/me/authorized-apps");
    expect(listed.body).toMatchObject({
      apps: [{ client_id: client.client_id, name: "Partner Notes", scopes: ["openid", "email", "offline_access"] }],
    });
    expect((await call(person, "DELETE", `/me/authorized-apps/${client.client_id}`)).status).toBe(204);
    expect((await call(person, "DELETE", `/me/authorized-apps/${client.client_id}`)).status).toBe(404);
    expect((await call(person, "GET", "/me/authorized-apps")).body).toEqual({ apps: [] });
    await expect(oidc.refreshTokenGrant(config, tokens.refresh_token ?? "")).rejects.toThrow();
    // The person's own web session is untouched.
    expect((await call(person, "GET", "/me")).status).toBe(200);

    // Asked again after revocation.
    const third = await signInThirdParty(config, email, new Browser());
    expect(third.page.status).toBe(200);
  });

  it("denying answers access_denied to the app and records nothing; a replayed decision is refused", async () => {
    const client = await registerClient({ first_party: false });
    const config = await relyingParty(client.client_id);
    const browser = new Browser();
    const { auth } = await signInThirdParty(config, nextEmail("consent-deny"), browser);
    const denied = callbackUrl(await browser.post("/consent", { decision: "deny" }));
    expect(`${denied.origin}${denied.pathname}`).toBe(RP_REDIRECT);
    expect(denied.searchParams.get("error")).toBe("access_denied");
    expect(denied.searchParams.get("state")).toBe(auth.state);
    expect(denied.searchParams.get("code")).toBeNull();
    const before = await consents();
    const replay = await browser.post("/consent", { decision: "allow" });
    expect(replay.status).toBe(400);
    expect(await consents()).toEqual(before);
  });

  it("names the app in quotes as a name, escaped, with every scope in words, in the sign-in pages' frame", async () => {
    const name = 'Notes <img src=x> "Admin"';
    const client = await registerClient({ name, first_party: false });
    const config = await relyingParty(client.client_id);
    const { page } = await signInThirdParty(config, nextEmail("consent-page"), new Browser());
    expect(page.status).toBe(200);
    const html = await page.text();
    const quoted = "“Notes &#60;img src=x&#62; &#34;Admin&#34;”";
    expect(html).toContain(`<h1>Allow ${quoted} to use your account?</h1>`);
    expect(html).not.toContain("<img src=x>");
    expect(html).toContain("<title>Allow access · ");
    expect(html).toContain('<link rel="stylesheet" href="/sign-in.css">');
    for (const words of ["Know who you are", "See your email address", "Stay signed in when you are not using it"])
      expect(html).toContain(`<li>${words}`);
    expect(html).not.toMatch(/<li>(openid|email|offline_access)</);
    expect(html).toContain('<a href="/settings/apps">');
    expect(html).toMatch(/<form data-component="form" method="post" action="\/consent">/);
  });

  it("a first-party client never asks", async () => {
    const client = await registerClient({ first_party: true });
    const config = await relyingParty(client.client_id);
    const { page } = await signInThirdParty(config, nextEmail("consent-first-party"), new Browser());
    expect(page.status).toBe(302);
  });
});

async function signInWeb(email: string) {
  const tokens = await signInWithCode(email);
  expect(sessionOf(tokens.access_token).userId).toEqual(expect.any(String));
  return { token: tokens.access_token };
}
