/**
 * The web app's session: the `web` client of @edge-identity/client on this origin (docs/decisions/0016, 0025). The
 * package holds the rules (PKCE, the access token in memory, one refresh across tabs, sign-out in every tab); this
 * module only names the app's configuration and keeps the names the pages import.
 */
import { createSession, type SessionStatus } from "@edge-identity/client";

export const session = createSession({
  issuer: window.location.origin,
  clientId: "web",
  redirectUri: `${window.location.origin}/callback`,
  // The keys the app used before the package, so no one is signed out by the move.
  storageKeyPrefix: "edge-identity",
});

export type AuthStatus = SessionStatus;

/** For code outside React (main.tsx clears the data cache on sign-out). */
export const auth = { subscribe: session.subscribe, status: session.status };

export const signIn = session.signIn;
/** On /callback: checks the state, exchanges the code (once per URL); returns the path to go to. */
export const completeSignIn = (query: URLSearchParams) =>
  session.completeSignIn(`${window.location.origin}/callback?${query}`);
export const authorizedFetch = session.fetch;
export const signOut = () => session.signOut();
/** Forgets a session the server has already ended (the account was just deleted): signed out in every tab. */
export const forgetSession = session.forget;
/** A fresh sign-in for `403 reauthentication_required`, coming back to `returnTo` (decision 0018). */
export const signInAgain = (returnTo: string) => session.reauthenticate(returnTo);
