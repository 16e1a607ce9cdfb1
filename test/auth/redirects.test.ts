/**
 * Where sign-in may send the browser back to: `/authorize` refuses a bad client, redirect URI or flow before any
 * form, without redirecting and without starting an authorization; forwarded-host headers change nothing; and a
 * password reset never ends on a redirect_uri the allowlist did not pass.
 */
import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { nextIp } from "../support/auth-inspect";
import { Browser, ORIGIN, REDIRECT_URI } from "../support/browser";
import { nextEmail, PASSWORD } from "../support/people";
import {
  codeFromRedirect,
  exchange,
  latestCode,
  pkcePair,
  signInWithPassword,
  signUpWithPassword,
  startAuthorization,
} from "../support/sign-in";

const NEW_PASSWORD = "a brand new passphrase";

/** An /authorize URL that is valid unless `changes` say otherwise; null removes a parameter. */
async function authorizePath(changes: Record<string, string | null> = {}) {
  const { challenge } = await pkcePair();
  const params: Record<string, string | null> = {
    client_id: "web",
    redirect_uri: REDIRECT_URI,
    response_type: "code",
    state: "state-1",
    code_challenge: challenge,
    code_challenge_method: "S256",
    provider: "password",
    ...changes,
  };
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(params)) if (value !== null) query.set(name, value);
  return `/authorize?${query}`;
}

async function expectRefusedBeforeAnyForm(response: Response) {
  expect(response.status).toBe(400);
  expect(response.headers.get("location")).toBeNull();
  expect(response.headers.getSetCookie()).toEqual([]);
  const html = await response.text();
  expect(html).toContain("This sign-in link is not valid");
  expect(html).not.toContain("<form");
}

describe("/authorize", () => {
  const refusals: [string, Record<string, string | null>][] = [
    ["a redirect_uri on another site", { redirect_uri: "https://evil.example/cb" }],
    ["a scheme-relative redirect_uri", { redirect_uri: "//evil.example/cb" }],
    ["a redirect_uri without slashes", { redirect_uri: "https:evil.example" }],
    ["a javascript: redirect_uri", { redirect_uri: "javascript:alert(1)" }],
    ["a redirect_uri whose user name is localhost", { redirect_uri: "http://localhost@evil.example/cb" }],
    ["a redirect_uri on a host that starts with localhost", { redirect_uri: "http://localhost.evil.example/cb" }],
    ["a redirect_uri with a backslash before @localhost", { redirect_uri: "http://evil.example\\@localhost/cb" }],
    ["a missing redirect_uri", { redirect_uri: null }],
    ["an unknown client_id", { client_id: "evil-client" }],
    ["a missing client_id", { client_id: null }],
    ["response_type=token", { response_type: "token" }],
    ["a missing PKCE challenge", { code_challenge: null, code_challenge_method: null }],
    ["a PKCE challenge without a method", { code_challenge_method: null }],
    ["code_challenge_method=plain", { code_challenge_method: "plain" }],
    ["an unknown provider", { provider: "evil" }],
  ];

  it.each(refusals)(
    "refuses %s with 400, before any form, without redirecting or starting an authorization",
    async (_, changes) => {
      const browser = new Browser(nextIp());
      await expectRefusedBeforeAnyForm(await browser.get(await authorizePath(changes)));
    },
  );

  it("refuses https://evil.example/cb even when x-forwarded-host says evil.example", async () => {
    const browser = new Browser(nextIp());
    const response = await browser.request(await authorizePath({ redirect_uri: "https://evil.example/cb" }), {
      headers: { "x-forwarded-host": "evil.example", "x-forwarded-proto": "https" },
    });
    await expectRefusedBeforeAnyForm(response);
  });

  it("leaves nothing for a later form to complete after a refusal", async () => {
    const email = "refused-then-signed-in@example.com";
    await signUpWithPassword(email, PASSWORD, new Browser(nextIp()));
    const browser = new Browser(nextIp());
    await expectRefusedBeforeAnyForm(
      await browser.get(await authorizePath({ redirect_uri: "https://evil.example/cb" })),
    );

    expect((await browser.get("/password/authorize")).status).toBe(200);
    // With no authorization state OpenAuth answers (and logs) UnknownStateError: an error page, not a redirect.
    const done = await browser.post("/password/authorize", { email, password: PASSWORD });

    expect(done.headers.get("location") ?? "").not.toContain("evil.example");
    expect(done.status).not.toBe(302);
  });

  it("proceeds with 302 to the provider's form for the app's own callback", async () => {
    const browser = new Browser(nextIp());
    const response = await browser.get(await authorizePath());

    expect(response.status).toBe(302);
    expect(new URL(response.headers.get("location") ?? "", ORIGIN).toString()).toBe(`${ORIGIN}/password/authorize`);
    expect(response.headers.getSetCookie().some((line) => line.startsWith("authorization="))).toBe(true);
    const form = await browser.follow(response);
    expect(form.status).toBe(200);
    expect(await form.text()).toContain('name="password"');
  });

  it.each(["http://localhost:5173/callback", "http://127.0.0.1:8787/callback"])(
    "proceeds in development for the loopback callback %s",
    async (redirectUri) => {
      const response = await new Browser(nextIp()).get(await authorizePath({ redirect_uri: redirectUri }));
      expect(response.status).toBe(302);
      expect(new URL(response.headers.get("location") ?? "", ORIGIN).toString()).toBe(`${ORIGIN}/password/authorize`);
    },
  );

  it("ignores x-forwarded-host on an allowed request: the form is on the app's own origin", async () => {
    const browser = new Browser(nextIp());
    const response = await browser.request(await authorizePath(), { headers: { "x-forwarded-host": "evil.example" } });
    expect(response.status).toBe(302);
    expect(new URL(response.headers.get("location") ?? "", ORIGIN).origin).toBe(ORIGIN);
  });
});

describe("/.well-known/oauth-authorization-server", () => {
  it("names the request's own origin as issuer, whatever x-forwarded-host says", async () => {
    const response = await SELF.fetch(`${ORIGIN}/.well-known/oauth-authorization-server`, {
      headers: { "x-forwarded-host": "evil.example", "x-forwarded-proto": "https" },
    });
    expect(response.status).toBe(200);
    const metadata = (await response.json()) as Record<string, unknown>;
    expect(metadata.issuer).toBe(ORIGIN);
    expect(metadata.authorization_endpoint).toBe(`${ORIGIN}/authorize`);
    expect(metadata.token_endpoint).toBe(`${ORIGIN}/token`);
    expect(JSON.stringify(metadata)).not.toContain("evil.example");
  });
});

/** Drives a whole forgotten-password reset in `browser`; returns the answer to the final update. */
async function resetPassword(browser: Browser, email: string, changePath: string) {
  expect((await browser.get(changePath)).status).toBe(200);
  expect((await browser.post("/password/change", { action: "code", email })).status).toBe(200);
  const verified = await browser.post("/password/change", { action: "verify", code: await latestCode(email) });
  expect(verified.status).toBe(200);
  expect(await verified.text()).toContain('name="repeat"');
  return browser.post("/password/change", { action: "update", password: NEW_PASSWORD, repeat: NEW_PASSWORD });
}

describe("/password/change", () => {
  it.each(["https://evil.example", "https://evil.example/steal", "//evil.example/steal", "https:evil.example"])(
    "never redirects to redirect_uri=%s after a completed reset",
    async (target) => {
      const email = nextEmail("reset");
      await signUpWithPassword(email, PASSWORD, new Browser(nextIp()));
      const browser = new Browser(nextIp());

      const done = await resetPassword(browser, email, `/password/change?redirect_uri=${encodeURIComponent(target)}`);

      expect(done.status).toBe(302);
      const location = done.headers.get("location") ?? "";
      expect(location).not.toContain("evil.example");
      expect(new URL(location, ORIGIN).origin).toBe(ORIGIN);
      // The reset itself went through.
      await signInWithPassword(email, NEW_PASSWORD, new Browser(nextIp()));
    },
  );

  it("returns to the authorization's own vetted callback when a sign-in is in progress", async () => {
    const email = "reset-while-signing-in@example.com";
    await signUpWithPassword(email, PASSWORD, new Browser(nextIp()));
    const browser = new Browser(nextIp());
    const verifier = await startAuthorization(browser, "password");

    const done = await resetPassword(browser, email, "/password/change?redirect_uri=https%3A%2F%2Fevil.example");

    expect(done.headers.get("location") ?? "").not.toContain("evil.example");
    await exchange(codeFromRedirect(done), verifier);
  });
});
