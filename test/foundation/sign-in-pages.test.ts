/**
 * The sign-in pages are our own (issue 16) and self-contained (issue 11): every step has a title and a heading that
 * says where the person is, messages sit beside their fields, the address on a code page is masked, the theme
 * cookie the web app writes is honoured, and nothing is loaded from another host (one stylesheet, same origin).
 */
import { SELF } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { PASSWORD_RULES } from "../../src/auth/password-policy";
import { SIGN_IN_LIMITS } from "../../src/auth/sign-in-limits";
import { Browser, ORIGIN } from "../support/browser";
import { nextEmail, PASSWORD } from "../support/people";
import { authorizeUrl, pkcePair, signUpWithPassword, startAuthorization } from "../support/sign-in";

const PASSKEY_SCRIPT_TAG = '<script src="/sign-in-passkey.js" defer></script>';

/** Every URL the page would load: src and href attributes, CSS url() and @import. */
function referencedUrls(html: string): string[] {
  const patterns = [/\s(?:src|href)="([^"]*)"/g, /url\(\s*['"]?([^'")\s]+)/g, /@import\s+['"]([^'"]+)['"]/g];
  return patterns.flatMap((pattern) => [...html.matchAll(pattern)].map((match) => match[1] ?? ""));
}

function outsideReferences(html: string): string[] {
  return referencedUrls(html).filter((url) => new URL(url, ORIGIN).origin !== ORIGIN);
}

const titleOf = (html: string) => /<title>([^<]*)<\/title>/.exec(html)?.[1];
const headingsOf = (html: string) => [...html.matchAll(/<h1>([^<]*)<\/h1>/g)].map((m) => m[1]);

/** The first page of each flow, and the code step of each, with the title and heading each must show. */
async function signInPages(email: string) {
  const pages: { name: string; html: string; title: string; heading: string }[] = [];
  const add = async (name: string, response: Promise<Response>, title: string, heading: string) =>
    pages.push({ name, html: await (await response).text(), title, heading });
  const { challenge } = await pkcePair();
  const masked = `${email[0]}…@example.com`;
  await add("choose", new Browser().get(authorizeUrl(challenge)), "Sign in", "Sign in to Edge Identity");
  const password = new Browser();
  await startAuthorization(password, "password");
  await add("password", password.get("/password/authorize"), "Sign in", "Sign in to Edge Identity");
  await add("register", password.get("/password/register"), "Create your account", "Create your account");
  const registered = password.post("/password/register", {
    action: "register",
    email,
    password: PASSWORD,
    repeat: PASSWORD,
  });
  await add("register code", registered, "Create your account", `Enter the code we sent to ${masked}`);
  await add("reset", password.get("/password/change"), "Reset your password", "Reset your password");
  const resetCode = password.post("/password/change", { action: "code", email });
  await add("reset code", resetCode, "Reset your password", `Enter the code we sent to ${masked}`);
  const code = new Browser();
  await startAuthorization(code, "code");
  await add("code", code.get("/code/authorize"), "Sign in", "Sign in to Edge Identity");
  const codeSent = code.post("/code/authorize", { action: "request", email });
  await add("code sent", codeSent, "Sign in", `Enter the code we sent to ${masked}`);
  return pages;
}

describe("the sign-in pages", () => {
  it("each say where the person is, in the title and the one heading, and reference nothing outside the origin", async () => {
    const pages = await signInPages(nextEmail("pages"));
    expect(pages).toHaveLength(8);
    for (const page of pages) {
      expect(page.html, page.name).toMatch(/^<!doctype html>\n<html lang="en" data-theme="system">/);
      expect(titleOf(page.html), page.name).toBe(`${page.title} · Edge Identity`);
      expect(headingsOf(page.html), page.name).toEqual([page.heading]);
      expect(page.html, page.name).toContain('<link rel="stylesheet" href="/sign-in.css">');
      // One script, the origin's own (passkeys; decision 0031), and nothing inline.
      expect(page.html, page.name).toContain(PASSKEY_SCRIPT_TAG);
      expect(page.html.replace(PASSKEY_SCRIPT_TAG, ""), page.name).not.toMatch(/style=|<style|<script|\son\w+=/);
      expect(outsideReferences(page.html), page.name).toEqual([]);
    }
  });

  it("offers to create an account from the start page, and shows the password rules before anything is typed", async () => {
    const { challenge } = await pkcePair();
    const start = await (await new Browser().get(authorizeUrl(challenge))).text();
    expect(start).toContain('<a href="/password/register">Create an account</a>');
    const browser = new Browser();
    await startAuthorization(browser, "password");
    const register = await (await browser.get("/password/register")).text();
    expect(register).toContain(`<p class="hint" id="field-password-hint">${PASSWORD_RULES}</p>`);
    expect(register).toMatch(/id="field-password"[^>]*aria-describedby="field-password-hint"/);
  });

  it("puts a refusal beside its field, named by aria-describedby and marked aria-invalid", async () => {
    const browser = new Browser();
    await startAuthorization(browser, "password");
    await browser.get("/password/register");
    const fields = { action: "register", email: nextEmail("mismatch"), password: PASSWORD, repeat: "not the same" };
    const html = await (await browser.post("/password/register", fields)).text();
    expect(html).toMatch(/id="field-repeat"[^>]*aria-describedby="field-repeat-error"[^>]*aria-invalid="true"/);
    expect(html).toContain('<p class="field-error" id="field-repeat-error"><span data-slot="message">');
    expect(html).not.toMatch(/id="field-password"[^>]*aria-invalid/);

    const wrong = await browser.post("/password/authorize", { email: nextEmail("nobody"), password: "wrong guess" });
    expect(wrong.status).toBe(401);
    expect(await wrong.text()).toMatch(/id="field-password"[^>]*aria-describedby="field-password-error"/);
  });

  it("leads a taken address on to sign-in with the same page a free one gets", async () => {
    const taken = nextEmail("taken");
    await signUpWithPassword(taken, PASSWORD, new Browser());
    const pages: string[] = [];
    for (const email of [taken, nextEmail("taken")]) {
      const browser = new Browser();
      await startAuthorization(browser, "password");
      await browser.get("/password/register");
      const fields = { action: "register", email, password: PASSWORD, repeat: PASSWORD };
      pages.push((await (await browser.post("/password/register", fields)).text()).replaceAll(email, "EMAIL"));
    }
    expect(pages[0]).toContain('<a href="/password/authorize">Sign in</a>');
    expect(pages[0]).toBe(pages[1]);
  });

  it("offers a new code only after the cooldown, and another email at once", async () => {
    const browser = new Browser();
    await startAuthorization(browser, "code");
    const html = await (await browser.post("/code/authorize", { action: "request", email: nextEmail("c") })).text();
    expect(html).toContain('<form method="post" class="resend wait-30">');
    expect(html).toContain("You can ask for a new code in 30 seconds.");
    expect(html).toContain('<a href="/code/authorize">Use another email</a>');
  });

  it("follows the theme the web app wrote in its cookie, else the device's", async () => {
    for (const [cookie, theme] of [
      ["theme=dark", "dark"],
      ["other=1; theme=light", "light"],
      ["theme=purple", "system"],
      ["", "system"],
    ]) {
      const { challenge } = await pkcePair();
      const response = await SELF.fetch(`${ORIGIN}${authorizeUrl(challenge)}`, { headers: { cookie: cookie ?? "" } });
      expect(await response.text(), cookie).toContain(`<html lang="en" data-theme="${theme}">`);
    }
  });

  it("load one stylesheet from the origin, under a policy that allows only it", async () => {
    const css = await SELF.fetch(`${ORIGIN}/sign-in.css`);
    expect(css.status).toBe(200);
    expect(css.headers.get("content-type")).toMatch(/^text\/css/);
    expect(outsideReferences(await css.text())).toEqual([]);
    const { challenge } = await pkcePair();
    const page = await SELF.fetch(`${ORIGIN}${authorizeUrl(challenge)}`);
    expect(page.headers.get("content-security-policy")).toMatch(/(^|; )style-src 'self'(;|$)/);
  });

  it("show the step-up, a refused link and a sign-in whose state is gone as notices under a heading", async () => {
    const email = nextEmail("notices");
    for (let attempt = 0; attempt < SIGN_IN_LIMITS.passwordFailuresPerAccount.limit; attempt++) {
      const stranger = new Browser();
      await startAuthorization(stranger, "password");
      await stranger.post("/password/authorize", { email, password: `wrong ${attempt}` });
    }
    const browser = new Browser();
    await startAuthorization(browser, "password");
    const stepUp = await (await browser.post("/password/authorize", { email, password: PASSWORD })).text();
    expect(titleOf(stepUp)).toBe("Confirm it is you · Edge Identity");
    expect(headingsOf(stepUp)).toEqual([`Enter the code we sent to ${email[0]}…@example.com`]);
    expect(stepUp).toMatch(/<div class="notice info" role="status"><strong>One more step<\/strong>/);

    const { challenge } = await pkcePair();
    const refused = await SELF.fetch(`${ORIGIN}${authorizeUrl(challenge, { client_id: "unknown" })}`);
    expect(refused.status).toBe(400);
    const refusedHtml = await refused.text();
    expect(headingsOf(refusedHtml)).toEqual(["This sign-in link is not valid"]);
    expect(refusedHtml).toContain('<div class="notice error" role="alert"><span data-slot="message">The app asking');

    // The right password from a browser that never started a sign-in: OpenAuth has no authorization to finish.
    const owner = nextEmail("no-state");
    await signUpWithPassword(owner, PASSWORD, new Browser());
    const gone = await new Browser().post("/password/authorize", { email: owner, password: PASSWORD });
    expect(gone.status).toBe(400);
    expect(headingsOf(await gone.text())).toEqual(["This sign-in has ended"]);
  });

  it("finds an outside reference when one is there (the check can fail)", () => {
    expect(
      outsideReferences(
        '<link href="https://openauth.js.org/favicon.svg"><style>@import url("https://unpkg.com/x.css");</style>',
      ),
    ).toEqual(["https://openauth.js.org/favicon.svg", "https://unpkg.com/x.css"]);
    expect(outsideReferences('<img src="/logo.svg"><svg xmlns="http://www.w3.org/2000/svg"></svg>')).toEqual([]);
  });
});
