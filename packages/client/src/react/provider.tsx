/**
 * React bindings: one session for the tree, its status as React state (re-rendering when this tab or another signs
 * in or out), and the issuer's redirect handled where it lands.
 */
import { createContext, type ReactNode, useContext, useEffect, useRef, useState, useSyncExternalStore } from "react";
import type { Session, SessionStatus } from "../session.js";

interface SessionContextValue {
  session: Session;
  /** True while the issuer's answer on the redirect URI is being exchanged for tokens. */
  completingSignIn: boolean;
  /** Why the last sign-in did not complete (a refused or replayed redirect), else null. */
  signInError: Error | null;
}

const SessionContext = createContext<SessionContextValue | null>(null);

export interface SessionProviderProps {
  session: Session;
  children?: ReactNode;
  /**
   * Complete a sign-in when the page is the redirect URI (default true). Apps with a router page of their own for
   * the redirect URI pass false and call `session.completeSignIn()` there.
   */
  handleRedirect?: boolean;
  /** Where to go after a completed sign-in; by default the URL is replaced with the path the sign-in started from. */
  onSignedIn?: (returnTo: string) => void;
}

/** The page is the redirect URI with the issuer's answer on it (a code or an error), not merely the same path. */
function isIssuerAnswer(session: Session): boolean {
  const query = new URL(window.location.href).searchParams;
  return session.isRedirect() && (query.has("code") || query.has("error"));
}

export function SessionProvider({ session, children, handleRedirect = true, onSignedIn }: SessionProviderProps) {
  const landing = handleRedirect && isIssuerAnswer(session);
  const [completingSignIn, setCompleting] = useState(landing);
  const [signInError, setSignInError] = useState<Error | null>(null);
  // A ref, so a new callback on each render does not start the effect again.
  const signedIn = useRef(onSignedIn);
  signedIn.current = onSignedIn;
  useEffect(() => {
    if (!landing) return;
    const goTo = signedIn.current ?? ((path: string) => window.history.replaceState(null, "", path));
    session
      .completeSignIn()
      .then(goTo, (error: unknown) => setSignInError(error instanceof Error ? error : new Error(String(error))))
      .finally(() => setCompleting(false));
  }, [landing, session]);
  return (
    <SessionContext.Provider value={{ session, completingSignIn, signInError }}>{children}</SessionContext.Provider>
  );
}

export interface SessionState extends SessionContextValue {
  status: SessionStatus;
  signIn: Session["signIn"];
  signOut: Session["signOut"];
  reauthenticate: Session["reauthenticate"];
}

/** The session of the nearest SessionProvider and its status; throws outside one (a wiring mistake). */
export function useSession(): SessionState {
  const context = useContext(SessionContext);
  if (!context) throw new Error("useSession() needs a <SessionProvider> above it");
  const { session } = context;
  const status = useSyncExternalStore(session.subscribe, session.status, session.status);
  return {
    ...context,
    status,
    signIn: session.signIn,
    signOut: session.signOut,
    reauthenticate: session.reauthenticate,
  };
}

/** Its children only while someone is signed in. */
export function SignedIn({ children }: { children?: ReactNode }) {
  return useSession().status === "signed-in" ? children : null;
}

/** Its children only while no one is signed in (and no sign-in is being completed, so no button flickers). */
export function SignedOut({ children }: { children?: ReactNode }) {
  const { status, completingSignIn } = useSession();
  return status === "signed-out" && !completingSignIn ? children : null;
}
