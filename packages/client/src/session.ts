/**
 * A signed-in session of a single-page app against the service (docs/decisions/0016-web-app-tokens.md, 0025):
 *
 * - the access token lives only in memory: nothing a page script can enumerate keeps it, and it dies with the tab;
 * - the refresh token is kept in localStorage, so a reload or a second tab stays signed in;
 * - refresh tokens rotate on every use and a spent one, presented again after a short grace, ends the whole session
 *   (theft detection). So two refreshes must never race: within a tab every waiting caller shares one refresh, and
 *   across tabs a Web Lock lets one tab refresh at a time, each reading the newest refresh token only once it holds
 *   the lock;
 * - a request refreshes first when the token is about to expire, and once more on a 401 (a revoked session, a
 *   deactivated account): if that refresh is refused the person is signed out, in every tab.
 */
import { isRedirectTarget, isServiceUrl, type ResolvedConfig, resolveConfig, type SessionConfig } from "./config.js";
import { createEmitter, type Emitter } from "./events.js";
import { type AccessToken, accessTokenFrom, isFresh } from "./expiry.js";
import { createSignInFlow, type SignInOptions } from "./sign-in.js";
import { oncePerKey, singleFlight } from "./single-flight.js";
import { requestRefresh, type TokenSet } from "./tokens.js";

export type SessionStatus = "signed-in" | "signed-out";

/** What a session announces; live-session events (a revoked session, a role change) will join these. */
export interface SessionEvents {
  status: SessionStatus;
  /** New tokens arrived (a sign-in or a refresh); the access token itself is never handed out this way. */
  refreshed: { expiresAt: number };
}

export interface Session {
  readonly config: ResolvedConfig;
  status(): SessionStatus;
  /** Calls `listener` whenever the status changes, here or in another tab (the shape useSyncExternalStore takes). */
  subscribe(listener: () => void): () => void;
  on: Emitter<SessionEvents>["on"];
  /** Sends the browser to the issuer's sign-in (or sign-up) pages. */
  signIn(options?: SignInOptions): Promise<void>;
  /** Whether `location` (default: the current page) is the issuer's answer to a sign-in. */
  isRedirect(location?: string): boolean;
  /** On the redirect URI: checks the state, exchanges the code (once per URL); returns the path to go to. */
  completeSignIn(location?: string): Promise<string>;
  /** A fresh access token, refreshed first when about to expire; null when signed out. */
  accessToken(): Promise<string | null>;
  /** `fetch` with the access token for the service's own URLs, refreshed once more after a 401. */
  fetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response>;
  /** Ends this session (or, with `everywhere`, every session of the person) on the server, then in every tab. */
  signOut(options?: { everywhere?: boolean }): Promise<void>;
  /** Forgets a session the server has already ended (the account was just deleted): signed out in every tab. */
  forget(): void;
  /**
   * A fresh sign-in for what needs one from the last 10 minutes (`403 reauthentication_required`). The issuer
   * keeps no single-sign-on session, so a new /authorize asks for every factor again. The session it replaces is
   * ended first; the stored refresh token stays until the new one overwrites it, so other tabs pick up the new one.
   */
  reauthenticate(returnTo?: string): Promise<void>;
}

/** Runs `task` under the app's cross-tab lock; where Web Locks are missing, one tab still refreshes alone. */
function underLock<T>(name: string, task: () => Promise<T>): Promise<T> {
  if (typeof navigator === "undefined" || !navigator.locks) return task();
  // lib.dom types the lock's answer as the callback's return, a promise here; the browser awaits it.
  return navigator.locks.request(name, task) as unknown as Promise<T>;
}

/**
 * One refresh, under the cross-tab lock, reading the newest refresh token only once it holds it. A refused refresh
 * signs out; an unavailable issuer keeps the token to try again. Answers the new access token, or null.
 */
async function refreshUnderLock(
  config: ResolvedConfig,
  session: { forget(): void; keep(tokens: TokenSet): void },
): Promise<string | null> {
  return underLock(config.keys.refreshLock, async () => {
    const refreshToken = localStorage.getItem(config.keys.refreshToken);
    if (!refreshToken) return null;
    const outcome = await requestRefresh(config.issuer, config.clientId, refreshToken);
    if (outcome.kind === "refused") session.forget();
    if (outcome.kind !== "tokens") return null;
    session.keep(outcome.tokens);
    return outcome.tokens.access;
  });
}

export function createSession(options: SessionConfig): Session {
  const config = resolveConfig(options);
  const events = createEmitter<SessionEvents>();
  const flow = createSignInFlow(config);
  let access: AccessToken | null = null;
  let status: SessionStatus = localStorage.getItem(config.keys.refreshToken) ? "signed-in" : "signed-out";

  function setStatus(next: SessionStatus) {
    if (next === status) return;
    status = next;
    events.emit("status", next);
  }

  function forget() {
    access = null;
    localStorage.removeItem(config.keys.refreshToken);
    setStatus("signed-out");
  }

  function keep(tokens: TokenSet) {
    access = accessTokenFrom(tokens.access, tokens.expiresIn, Date.now());
    localStorage.setItem(config.keys.refreshToken, tokens.refresh);
    setStatus("signed-in");
    events.emit("refreshed", { expiresAt: access.expiresAt });
  }

  // Another tab signed out (or its refresh was refused): this one is signed out too; signed in: this one too.
  window.addEventListener("storage", (event) => {
    if (event.key !== config.keys.refreshToken) return;
    if (event.newValue === null) access = null;
    setStatus(event.newValue === null ? "signed-out" : "signed-in");
  });

  const refresh = singleFlight(() => refreshUnderLock(config, { forget, keep }));

  async function accessToken(): Promise<string | null> {
    if (status === "signed-out") return null;
    if (access && isFresh(access, Date.now(), config.expiryMarginMs)) return access.token;
    return refresh();
  }

  return assembleSession({
    config,
    events,
    flow,
    forget,
    keep,
    accessToken,
    status: () => status,
    // After a 401: drops the in-memory token, unless another caller already replaced it.
    dropAccess: (token) => {
      if (access?.token === token) access = null;
    },
  });
}

interface Parts {
  config: ResolvedConfig;
  events: Emitter<SessionEvents>;
  flow: ReturnType<typeof createSignInFlow>;
  forget(): void;
  keep(tokens: TokenSet): void;
  accessToken(): Promise<string | null>;
  status(): SessionStatus;
  dropAccess(token: string): void;
}

/** Ends this session (or every session of the person) on the server: its tokens stop working at once. */
async function endOnServer(parts: Parts, everywhere: boolean) {
  const token = await parts.accessToken().catch(() => null);
  if (!token) return;
  const path = everywhere ? "/me/sessions" : "/me/sign-out";
  await fetch(`${parts.config.apiUrl}${path}`, {
    method: everywhere ? "DELETE" : "POST",
    headers: { authorization: `Bearer ${token}` },
  }).catch(() => undefined);
}

/** The public face of a session over its parts: sign-in, authorized fetch, sign-out. */
function assembleSession(parts: Parts): Session {
  const { config, events, flow } = parts;

  async function authorizedFetch(input: RequestInfo | URL, init?: RequestInit): Promise<Response> {
    const request = new Request(input, init);
    if (!isServiceUrl(request.url, config)) return fetch(request);
    const retry = request.clone();
    const send = (req: Request, token: string | null) => {
      if (token) req.headers.set("authorization", `Bearer ${token}`);
      return fetch(req);
    };
    const token = await parts.accessToken();
    const response = await send(request, token);
    if (response.status !== 401 || !token) return response;
    // Only the first request to see the 401 refreshes; a token already replaced meanwhile is simply used.
    parts.dropAccess(token);
    const fresh = await parts.accessToken();
    return fresh ? send(retry, fresh) : response;
  }

  async function signIn(options?: SignInOptions) {
    window.location.assign(await flow.authorizationUrl(options));
  }

  const completeOnce = oncePerKey(async (location: string) => {
    const { tokens, returnTo } = await flow.exchange(location);
    parts.keep(tokens);
    return returnTo;
  });

  return {
    config,
    status: parts.status,
    subscribe: (listener) => events.on("status", listener),
    on: events.on,
    signIn,
    isRedirect: (location = window.location.href) => isRedirectTarget(location, config.redirectUri),
    completeSignIn: (location = window.location.href) => completeOnce(location),
    accessToken: parts.accessToken,
    fetch: authorizedFetch,
    async signOut(options = {}) {
      await endOnServer(parts, options.everywhere ?? false);
      parts.forget();
    },
    forget: parts.forget,
    async reauthenticate(returnTo) {
      await endOnServer(parts, false);
      await signIn(returnTo ? { returnTo } : {});
    },
  };
}
