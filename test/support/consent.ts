/**
 * The consent step (decision 0033) in the Workers tests: the worker called with an env of its own that names the
 * documents (the shared env has none, so every other test signs up without the step), browsers that reach it, and
 * the flows up to the consent page and past it.
 */
import { createExecutionContext, env } from "cloudflare:test";
import { expect } from "vitest";
import worker from "../../src/index";
import { nextIp } from "./auth-inspect";
import { Browser, selfFetch } from "./browser";
import { type Fetch, finishAuthorization, latestCode, startAuthorization, type Tokens } from "./sign-in-client";
import { accountStub } from "./two-factor";

export const TERMS_URL = "https://example.com/terms";
export const PRIVACY_URL = "https://example.com/privacy";

export interface Versions {
  terms: string;
  privacy: string;
}

const envs = new Map<string, object>();

/** The worker's env with TERMS_* and PRIVACY_* set; one object per versions, so its services are built once. */
export function consentEnv(versions: Versions): object {
  const key = `${versions.terms}|${versions.privacy}`;
  let configured = envs.get(key);
  if (!configured) {
    configured = {
      ...(env as unknown as Record<string, unknown>),
      TERMS_VERSION: versions.terms,
      TERMS_URL,
      PRIVACY_VERSION: versions.privacy,
      PRIVACY_URL,
    };
    envs.set(key, configured);
  }
  return configured;
}

/** The worker as a browser reaches it with these documents configured. */
export function consentFetch(versions: Versions): Fetch {
  const configured = consentEnv(versions);
  return async (url, init) => worker.fetch(new Request(url, init), configured as never, createExecutionContext());
}

export const consentBrowser = (versions: Versions) => new Browser(nextIp(), consentFetch(versions));

/** The consent form's action on `page`, or null when the page is not the consent step. */
export function consentAction(page: string): string | null {
  return (
    /<form[^>]*\saction="(\/(?:password|code|passkey|oidc|github|google)\/(?:sign-up-consent|consent))"/.exec(
      page,
    )?.[1] ?? null
  );
}

export const ACCEPT_BOTH = { decision: "accept", accept_terms: "yes", accept_privacy: "yes" };

/** The consent records of one account, oldest first, read from its Account object. */
export const consentRows = (userId: string) => accountStub(userId).consentHistory();

/** A code sign-up up to its consent page: the page's HTML, its action and the PKCE verifier for the exchange. */
export async function codeSignUpToConsent(browser: Browser, email: string) {
  const verifier = await startAuthorization(browser, "code");
  await browser.get("/code/authorize");
  expect((await browser.post("/code/authorize", { action: "request", email })).status).toBe(200);
  const code = await latestCode(browser.origin, email, selfFetch);
  const page = await browser.post("/code/authorize", { action: "verify", email, code });
  return stepOf(page, verifier);
}

/** A password sign-up up to its consent page. */
export async function passwordSignUpToConsent(browser: Browser, email: string, password: string) {
  const verifier = await startAuthorization(browser, "password");
  await browser.get("/password/register");
  const form = { action: "register", email, password, repeat: password };
  expect((await browser.post("/password/register", form)).status).toBe(200);
  const code = await latestCode(browser.origin, email, selfFetch);
  const page = await browser.post("/password/register", { action: "verify", code });
  return stepOf(page, verifier);
}

/** A password sign-in up to whatever its last step answers (the consent page, or the redirect). */
export async function passwordSignIn(browser: Browser, email: string, password: string) {
  const verifier = await startAuthorization(browser, "password");
  const answer = await browser.post("/password/authorize", { email, password });
  return { answer, verifier };
}

async function stepOf(page: Response, verifier: string) {
  expect(page.status).toBe(200);
  const html = await page.text();
  const action = consentAction(html);
  if (!action) throw new Error(`not the consent step: ${html.slice(0, 400)}`);
  return { html, action, verifier };
}

/** Posts the consent form and, when it redirects back with a code, exchanges it. */
export async function acceptAndFinish(
  browser: Browser,
  action: string,
  verifier: string,
  fields: Record<string, string> = ACCEPT_BOTH,
): Promise<Tokens> {
  return finishAuthorization(browser, await browser.post(action, fields), verifier);
}
