/**
 * Signing in to this service from a single-page app: OAuth 2 authorization code with PKCE, as the public client
 * `web` (docs/decisions/0016-web-app-tokens.md). What any SPA against this API needs, and nothing more:
 *
 * - the access token lives only in this module's memory: nothing a page script can enumerate keeps it, and it
 *   dies with the tab; it lives 15 minutes;
 * - the refresh token is kept in localStorage, so a reload or a second tab stays signed in;
 * - refresh tokens rotate on every use and a spent one, presented again after a short grace, ends the whole
 *   session (theft detection). So two refreshes must never race: within a tab every waiting caller shares one
 *   refresh, and across tabs a Web Lock lets one tab refresh at a time, each reading the newest refresh token
 *   only once it holds the lock;
 * - a request refreshes first when the token is about to expire, and once more on a 401 (a revoked session, a
 *   deactivated account): if that refresh is refused the person is signed out, in every tab.
 */
import { createClient } from "@openauthjs/openauth/client";

const CLIENT_ID = "web";
const REFRESH_TOKEN_KEY = "edge-identity.refresh-token";
/** Per tab: the PKCE verifier and state of a sign-in under way, and where to return after it. */
const PENDING_SIGN_IN_KEY = "edge-identity.pending-sign-in";
const REFRESH_LOCK = "edge-identity.refresh";
/** Refresh this long before the access token expires, so no request ever carries a token that dies in flight. */
const EXPIRY_MARGIN_MS = 60_000;

const issuer = window.location.origin;
const openAuth = createClient({ clientID: CLIENT_ID, issuer });
const callbackUri = `${issuer}/callback`;

export type AuthStatus = "signed-in" | "signed-out";

let access: { token: string; expiresAt: number } | null = null;
let refreshing: Promise<string | null> | null = null;
let status: AuthStatus = localStorage.getItem(REFRESH_TOKEN_KEY) ? "signed-in" : "signed-out";
const listeners = new Set<() => void>();

function setStatus(next: AuthStatus) {
  if (next === status) return;
  status = next;
  for (const listener of listeners) listener();
}

/** For useSyncExternalStore (useAuth.ts). */
export const auth = {
  subscribe(listener: () => void) {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
  status: () => status,
};

function forget() {
  access = null;
  localStorage.removeItem(REFRESH_TOKEN_KEY);
  setStatus("signed-out");
}

function keep(tokens: { access: string; refresh: string; expiresIn: number }) {
  access = { token: tokens.access, expiresAt: Date.now() + tokens.expiresIn * 1000 };
  localStorage.setItem(REFRESH_TOKEN_KEY, tokens.refresh);
  setStatus("signed-in");
}

// Another tab signed out (or its refresh was refused): this one is signed out too; signed in: this one too.
window.addEventListener("storage", (event) => {
  if (event.key !== REFRESH_TOKEN_KEY) return;
  if (event.newValue === null) access = null;
  setStatus(event.newValue === null ? "signed-out" : "signed-in");
});

/** Sends the browser to the issuer's sign-in (or sign-up) pages; `returnTo` is the app path to land on after. */
export async function signIn(options: { provider?: "password" | "code"; returnTo?: string } = {}) {
  const { challenge, url } = await openAuth.authorize(callbackUri, "code", {
    pkce: true,
    provider: options.provider,
  });
  const pending = { ...challenge, returnTo: options.returnTo ?? "/" };
  sessionStorage.setItem(PENDING_SIGN_IN_KEY, JSON.stringify(pending));
  window.location.assign(url);
}

/** On /callback: checks the state, exchanges the code for tokens; returns the path to go to. */
export async function completeSignIn(query: URLSearchParams): Promise<string> {
  const pending = JSON.parse(sessionStorage.getItem(PENDING_SIGN_IN_KEY) ?? "null");
  sessionStorage.removeItem(PENDING_SIGN_IN_KEY);
  const error = query.get("error_description") ?? query.get("error");
  if (error) throw new Error(error);
  // The state ties this answer to a sign-in this tab started (no one can log the person in to their own account).
  const code = query.get("code");
  if (!pending || !code || query.get("state") !== pending.state) throw new Error("This sign-in link is not valid.");
  const exchanged = await openAuth.exchange(code, callbackUri, pending.verifier);
  if (exchanged.err) throw new Error("Signing in failed. Please try again.");
  keep(exchanged.tokens);
  return pending.returnTo;
}

/**
 * One refresh, under the cross-tab lock. Our /token requires the refresh to name its client (`client_id`), which
 * OpenAuth 0.4's `client.refresh()` does not send, hence this plain form post.
 */
async function refreshUnderLock(): Promise<string | null> {
  const refreshToken = localStorage.getItem(REFRESH_TOKEN_KEY);
  if (!refreshToken) return null;
  const response = await fetch("/token", {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ grant_type: "refresh_token", refresh_token: refreshToken, client_id: CLIENT_ID }),
  });
  if (!response.ok) {
    // Refused (revoked, deactivated, expired): signed out. A network or server failure keeps the token to retry.
    if (response.status === 400 || response.status === 401) forget();
    return null;
  }
  const body = await response.json();
  keep({ access: body.access_token, refresh: body.refresh_token, expiresIn: body.expires_in });
  return body.access_token;
}

/** A fresh access token, shared by every caller waiting now; null when signed out. */
function refresh(): Promise<string | null> {
  if (!refreshing) {
    // lib.dom types the lock's answer as the callback's return, a promise here; the browser awaits it.
    const locked = navigator.locks.request(REFRESH_LOCK, refreshUnderLock) as unknown as Promise<string | null>;
    refreshing = locked.finally(() => {
      refreshing = null;
    });
  }
  return refreshing;
}

async function accessToken(): Promise<string | null> {
  if (status === "signed-out") return null;
  if (access && access.expiresAt - EXPIRY_MARGIN_MS > Date.now()) return access.token;
  return refresh();
}

/** `fetch` with the access token: refreshed first when about to expire, and once more after a 401. */
export async function authorizedFetch(request: Request): Promise<Response> {
  const retry = request.clone();
  const send = (req: Request, token: string | null) => {
    if (token) req.headers.set("authorization", `Bearer ${token}`);
    return fetch(req);
  };
  const token = await accessToken();
  const response = await send(request, token);
  if (response.status !== 401 || !token) return response;
  // Only the first request to see the 401 refreshes; a token already replaced meanwhile is simply used.
  if (access?.token === token) access = null;
  const fresh = await accessToken();
  return fresh ? send(retry, fresh) : response;
}

/** Forgets a session the server has already ended (the account was just deleted): signed out in every tab. */
export function forgetSession() {
  forget();
}

/** Ends this session on the server: its tokens stop working at once. */
async function endSessionOnServer() {
  const token = await accessToken().catch(() => null);
  if (token) await fetch("/api/me/sign-out", { method: "POST", headers: { authorization: `Bearer ${token}` } });
}

/** Ends this session on the server (its tokens stop working at once), then here and in every tab. */
export async function signOut() {
  await endSessionOnServer();
  forget();
}

/**
 * A fresh sign-in for what needs one from the last 10 minutes (`403 reauthentication_required`: deleting the
 * account, changing the email, turning two-factor off). The issuer keeps no single-sign-on session, so any new
 * /authorize asks for every factor again. The session it replaces is ended first rather than left to idle out;
 * the stored refresh token is kept until the new one overwrites it, so other tabs pick up the new session.
 */
export async function signInAgain(returnTo: string) {
  await endSessionOnServer();
  await signIn({ returnTo });
}
