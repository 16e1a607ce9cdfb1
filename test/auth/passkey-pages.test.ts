/**
 * The sign-in pages' passkey parts (decision 0031): the button and the email field's autofill on the sign-in forms,
 * the one script from the origin, the passkey page, and nothing of it when passkeys are off.
 */
import { createExecutionContext, env, SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import worker from "../../src/index";
import { Browser, ORIGIN } from "../support/browser";
import { authorizeUrl, pkcePair, startAuthorization } from "../support/sign-in";

const BUTTON = "data-passkey-button";
const SCRIPT_TAG = '<script src="/sign-in-passkey.js" defer></script>';

async function page(provider: "password" | "code" | null, path: string, browser = new Browser()) {
  if (provider) await startAuthorization(browser, provider);
  else {
    const { challenge } = await pkcePair();
    return (await browser.get(authorizeUrl(challenge))).text();
  }
  return (await browser.get(path)).text();
}

describe("the sign-in pages with passkeys on", () => {
  it.each([
    ["the start page", null, "/authorize"],
    ["password sign-in", "password", "/password/authorize"],
    ["code sign-in", "code", "/code/authorize"],
  ] as const)("%s offers a passkey button, hidden until the script finds WebAuthn", async (_name, provider, path) => {
    const html = await page(provider, path);
    expect(html).toContain(SCRIPT_TAG);
    expect(html).toMatch(/<div class="passkey" data-passkey hidden>/);
    expect(html).toContain(`<button type="button" class="secondary" ${BUTTON}>Sign in with a passkey</button>`);
    expect(html).toContain('<form method="post" action="/passkey/verify" data-passkey-form hidden>');
  });

  it.each([
    ["password", "/password/authorize"],
    ["code", "/code/authorize"],
  ] as const)("the %s sign-in's email field offers passkeys in autofill (conditional UI)", async (provider, path) => {
    const html = await page(provider, path);
    expect(html).toMatch(/<input id="field-email" name="email" type="email"[^>]*autocomplete="username webauthn"/);
  });

  it("keeps the plain email autofill where an account is made or a password reset", async () => {
    const browser = new Browser();
    await startAuthorization(browser, "password");
    for (const path of ["/password/register", "/password/change"]) {
      const html = await (await browser.get(path)).text();
      expect(html, path).toMatch(/autocomplete="email"/);
      expect(html, path).not.toContain("webauthn");
    }
  });

  it("serves the script from the origin: @simplewebauthn/browser and ours, calling no other host", async () => {
    const script = await SELF.fetch(`${ORIGIN}/sign-in-passkey.js`);
    expect(script.status).toBe(200);
    expect(script.headers.get("content-type")).toMatch(/^text\/javascript/);
    const text = await script.text();
    expect(text).toContain("SimpleWebAuthnBrowser");
    expect(text).toContain('fetch("/passkey/options"');
    // It calls only the origin (the library names its docs' address in a warning, which loads nothing).
    expect(text).not.toMatch(/(fetch|import)\(\s*["'`]https?:/);
  });

  it("shows the passkey page at /authorize?provider=passkey", async () => {
    const browser = new Browser();
    const { challenge } = await pkcePair();
    const start = await browser.get(authorizeUrl(challenge, { provider: "passkey" }));
    expect(start.headers.get("location")).toBe("/passkey/authorize");
    const html = await (await browser.get("/passkey/authorize")).text();
    expect(html).toContain(BUTTON);
    expect(html).not.toContain('name="email"');
  });
});

describe("the sign-in pages with passkeys off (no ISSUER_ORIGIN)", () => {
  it("show no button, no autofill and load no script; the options answer 404", async () => {
    const { ISSUER_ORIGIN: _origin, ...rest } = env as unknown as Record<string, unknown>;
    const ctx = createExecutionContext();
    const fetchOff = async (url: string, init?: RequestInit) =>
      worker.fetch(new Request(url, init), rest as never, ctx);
    const browser = new Browser(undefined, fetchOff);
    await startAuthorization(browser, "password");
    const html = await (await browser.get("/password/authorize")).text();
    expect(html).not.toContain(BUTTON);
    expect(html).not.toContain("<script");
    expect(html).toMatch(/autocomplete="email"/);
    expect((await browser.request("/passkey/options", { method: "POST" })).status).toBe(404);
    const { challenge } = await pkcePair();
    const refused = await new Browser(undefined, fetchOff).get(authorizeUrl(challenge, { provider: "passkey" }));
    expect(refused.status).toBe(400);
    expect(await refused.text()).toContain("Unknown sign-in method.");
  });
});
