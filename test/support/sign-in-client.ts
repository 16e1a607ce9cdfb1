/**
 * One sign-in client for the tests and the bench: a browser that keeps cookies for the issuer's HTML forms,
 * PKCE, the development mailbox, and the whole emailed-code sign-in down to tokens, through HTTP only.
 * Node tests (test/node) and the bench (bench/run.mjs) use it against a running server; the Workers tests
 * use it with SELF.fetch (test/support/browser.ts). Plain TypeScript that Node runs as it is (type stripping):
 * no parameter properties, no enums, no imports.
 */

export type Fetch = (url: string, init?: RequestInit) => Promise<Response>;

export interface Tokens {
  access_token: string;
  refresh_token: string;
  token_type: string;
  expires_in: number;
}

/** A minimal cookie jar (no domain or path rules: one origin). */
export class CookieJar {
  readonly cookies = new Map<string, string>();

  /** The Cookie header to send, or null when empty. */
  header(): string | null {
    return this.cookies.size ? [...this.cookies].map(([name, value]) => `${name}=${value}`).join("; ") : null;
  }

  /** Takes every Set-Cookie of a response; an expired or emptied cookie is dropped. */
  store(response: Response) {
    for (const line of response.headers.getSetCookie()) {
      const [pair = "", ...attributes] = line.split(";");
      const index = pair.indexOf("=");
      const name = pair.slice(0, index).trim();
      const value = pair.slice(index + 1).trim();
      const expired = attributes.some((a) => /^\s*max-age=0\s*$/i.test(a) || /^\s*expires=Thu, 01 Jan 1970/i.test(a));
      if (expired || value === "") this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
}

export interface BrowserOptions {
  /** How requests go out (default: global fetch). */
  fetch?: Fetch;
  /** Sent with every request (user agent, client IP, …). */
  headers?: Record<string, string>;
}

/** Cookies, forms and manual redirects against one origin, as a person's browser would. */
export class FormBrowser {
  readonly origin: string;
  private readonly jar = new CookieJar();
  private readonly send: Fetch;
  private readonly headers: Record<string, string>;

  constructor(origin: string, options: BrowserOptions = {}) {
    this.origin = origin;
    this.send = options.fetch ?? ((url, init) => fetch(url, init));
    this.headers = { "user-agent": "sign-in-client/1.0", ...options.headers };
  }

  /** The cookies held now (tests copy them to replay a request). */
  get cookies(): Map<string, string> {
    return this.jar.cookies;
  }

  async request(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    for (const [name, value] of Object.entries(this.headers)) headers.set(name, value);
    const cookie = this.jar.header();
    if (cookie) headers.set("cookie", cookie);
    const response = await this.send(new URL(path, this.origin).toString(), { ...init, headers, redirect: "manual" });
    this.jar.store(response);
    return response;
  }

  get(path: string) {
    return this.request(path);
  }

  post(path: string, fields: Record<string, string>) {
    return this.request(path, {
      method: "POST",
      body: new URLSearchParams(fields).toString(),
      headers: { "content-type": "application/x-www-form-urlencoded" },
    });
  }

  /** Follows redirects on this origin; stops at the first page, or at a redirect to /callback or elsewhere. */
  async follow(response: Response): Promise<Response> {
    let current = response;
    for (let hops = 0; hops < 10 && current.status >= 300 && current.status < 400; hops++) {
      const target = new URL(current.headers.get("location") ?? "", this.origin);
      if (target.origin !== new URL(this.origin).origin || target.pathname === "/callback") return current;
      current = await this.get(target.toString());
    }
    return current;
  }
}

function base64Url(bytes: ArrayBuffer | Uint8Array): string {
  return btoa(String.fromCharCode(...new Uint8Array(bytes)))
    .replace(/\+/g, "-")
    .replace(/\//g, "_")
    .replace(/=+$/, "");
}

/** A PKCE verifier and its S256 challenge. */
export async function pkcePair() {
  const verifier = base64Url(crypto.getRandomValues(new Uint8Array(32)));
  const challenge = base64Url(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier)));
  return { verifier, challenge };
}

/** A message in the development mailbox. */
export interface MailboxMessage {
  subject: string;
  text: string;
}

/** The development mailbox of one address, newest first. */
export async function mailbox(origin: string, to: string, send: Fetch = (url) => fetch(url)) {
  const response = await send(`${origin}/dev/mailbox?to=${encodeURIComponent(to)}`);
  if (response.status !== 200) throw new Error(`GET /dev/mailbox answered ${response.status}`);
  return ((await response.json()) as { messages: MailboxMessage[] }).messages;
}

/**
 * What `pick` finds in the mailbox of `to` (newest first), looked for again every 250 ms for up to 10 s: mail goes
 * out after the answer that caused it, and a Durable Object's later than the worker's.
 */
export async function awaitMail<T>(
  origin: string,
  to: string,
  pick: (messages: MailboxMessage[]) => T | undefined,
  send?: Fetch,
): Promise<T> {
  let last: MailboxMessage[] = [];
  for (let attempt = 0; attempt < 40; attempt++) {
    last = await mailbox(origin, to, send);
    const found = pick(last);
    if (found !== undefined) return found;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  throw new Error(`not mailed to ${to} as expected; mailbox: ${JSON.stringify(last).slice(0, 500)}`);
}

/** The 6-digit code in the newest message to `to`; waits briefly in case delivery lags the form's answer. */
export function latestCode(origin: string, to: string, send?: Fetch): Promise<string> {
  return awaitMail(origin, to, (messages) => /\b(\d{6})\b/.exec(messages[0]?.text ?? "")?.[1], send);
}

/** Throws with what the server said unless the status is the expected one. */
export async function expectStatus(response: Response, status: number, what: string): Promise<Response> {
  if (response.status !== status) {
    const body = (await response.clone().text()).slice(0, 300);
    throw new Error(
      `${what}: expected ${status}, got ${response.status} ${response.headers.get("location") ?? ""}\n${body}`,
    );
  }
  return response;
}

/** Where the client asks to come back: the app's own origin is always an allowed redirect target. */
const callbackOf = (origin: string) => `${origin}/callback`;

/** Sends the browser to /authorize with PKCE for `provider`; returns the verifier for the exchange. */
export async function startAuthorization(browser: FormBrowser, provider: "password" | "code"): Promise<string> {
  const { verifier, challenge } = await pkcePair();
  const authorize = new URLSearchParams({
    client_id: "web",
    redirect_uri: callbackOf(browser.origin),
    response_type: "code",
    state: "sign-in-client",
    code_challenge: challenge,
    code_challenge_method: "S256",
    provider,
  });
  await expectStatus(await browser.get(`/authorize?${authorize}`), 302, "GET /authorize");
  return verifier;
}

/** The authorization code in the redirect that ends a flow, exchanged at POST /token. */
export async function finishAuthorization(browser: FormBrowser, done: Response, verifier: string): Promise<Tokens> {
  const redirectUri = callbackOf(browser.origin);
  await expectStatus(done, 302, "the flow's last step");
  const callback = new URL(done.headers.get("location") ?? "", browser.origin);
  const authorizationCode = callback.searchParams.get("code");
  if (`${callback.origin}${callback.pathname}` !== redirectUri || !authorizationCode) {
    throw new Error(`no authorization code in ${callback}`);
  }
  const token = await browser.post("/token", {
    grant_type: "authorization_code",
    code: authorizationCode,
    redirect_uri: redirectUri,
    client_id: "web",
    code_verifier: verifier,
  });
  return (await (await expectStatus(token, 200, "POST /token")).json()) as Tokens;
}

/** The `action` of the sign-in's second-step form (two-factor on), or null when the page is not that form. */
export function secondFactorAction(page: string): string | null {
  if (!/name="code"/.test(page)) return null;
  const action = /<form[^>]*\saction="(\/(?:password|code)\/two-factor)"/.exec(page)?.[1];
  return action ?? null;
}

/**
 * Answers the second step: `page` must be its form (200); posts `code` to the form's action and returns the answer
 * (the redirect with the authorization code when the code was right).
 */
export async function answerSecondFactor(browser: FormBrowser, page: Response, code: string): Promise<Response> {
  await expectStatus(page, 200, "the first factor's last step (the second-step form)");
  const action = secondFactorAction(await page.text());
  if (!action) throw new Error("the page is not the second-step form");
  return browser.post(action, { code });
}

interface FlowOptions {
  browser?: FormBrowser;
  fetch?: Fetch;
  /** For an account with two-factor on: the code to answer the second step with (a TOTP or a backup code). */
  secondFactor?: () => string | Promise<string>;
}

/** The answer to the first factor's last step, past the second step when the account has two-factor on. */
async function pastSecondFactor(browser: FormBrowser, done: Response, options: FlowOptions): Promise<Response> {
  if (!options.secondFactor) return done;
  return answerSecondFactor(browser, done, await options.secondFactor());
}

const browserFor = (origin: string, options: FlowOptions) =>
  options.browser ?? new FormBrowser(origin, { fetch: options.fetch });

/**
 * Emailed-code sign-in from an empty browser to tokens, as the web app does it: /authorize with PKCE, the
 * code form, the code from the development mailbox, then POST /token. An unknown email becomes an account.
 */
export async function signInWithCode(origin: string, email: string, options: FlowOptions = {}): Promise<Tokens> {
  const browser = browserFor(origin, options);
  const verifier = await startAuthorization(browser, "code");
  await expectStatus(await browser.get("/code/authorize"), 200, "GET /code/authorize");
  await expectStatus(await browser.post("/code/authorize", { action: "request", email }), 200, "request a code");
  const code = await latestCode(origin, email, options.fetch);
  const done = await browser.post("/code/authorize", { action: "verify", email, code });
  return finishAuthorization(browser, await pastSecondFactor(browser, done, options), verifier);
}

/** Password sign-up from an empty browser to tokens: the form, the emailed code, POST /token. */
export async function signUpWithPassword(
  origin: string,
  email: string,
  password: string,
  options: FlowOptions = {},
): Promise<Tokens> {
  const browser = browserFor(origin, options);
  const verifier = await startAuthorization(browser, "password");
  await expectStatus(await browser.get("/password/register"), 200, "GET /password/register");
  const form = { action: "register", email, password, repeat: password };
  await expectStatus(await browser.post("/password/register", form), 200, "register");
  const code = await latestCode(origin, email, options.fetch);
  const done = await browser.post("/password/register", { action: "verify", code });
  return finishAuthorization(browser, done, verifier);
}

/** Password sign-in from an empty browser to tokens. */
export async function signInWithPassword(
  origin: string,
  email: string,
  password: string,
  options: FlowOptions = {},
): Promise<Tokens> {
  const browser = browserFor(origin, options);
  const verifier = await startAuthorization(browser, "password");
  const done = await browser.post("/password/authorize", { email, password });
  return finishAuthorization(browser, await pastSecondFactor(browser, done, options), verifier);
}
