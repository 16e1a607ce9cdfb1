/**
 * Why a person is no longer signed in, and what the landing page (`/signed-out?reason=…`) says about it: they signed
 * out, their session ended (signed out in another tab, ended from another device, expired), or an admin deactivated
 * the account (the API's 401 `reason`, docs/api.md, Errors). Pure, so every wording and path is tested.
 */

export const SIGN_OUT_REASONS = ["signed-out", "session-ended", "deactivated"] as const;
export type SignOutReason = (typeof SIGN_OUT_REASONS)[number];

export const SIGNED_OUT_PATH = "/signed-out";

/** Pages that say themselves what happened, or that end in a sign-in of their own: no landing page over them. */
const PAGES_THAT_EXPLAIN = ["/signed-out", "/account-deleted", "/callback", "/invite"];

/** The landing page's address; `from` (the app path the person was on) is where signing in again returns. */
export function signedOutPath(reason: SignOutReason, from?: string): string {
  const search = new URLSearchParams({ reason });
  if (from && reason !== "deactivated") search.set("from", from);
  return `${SIGNED_OUT_PATH}?${search}`;
}

/** Where "Sign in again" returns: the path the person was on, if it is one of this app's own; else the workspaces. */
export function returnPathFrom(search: URLSearchParams): string {
  const from = search.get("from") ?? "";
  // Only a path of this origin: "//host" and "/\\host" would leave it; the landing page itself would loop.
  const ownPath = /^\/(?![/\\])/.test(from) && !from.startsWith(SIGNED_OUT_PATH);
  return ownPath ? from : "/workspaces";
}

/** The reason in a landing page's address; an unknown or missing one reads as a plain sign-out. */
export function reasonFromSearch(search: URLSearchParams): SignOutReason {
  const reason = search.get("reason");
  return SIGN_OUT_REASONS.find((known) => known === reason) ?? "signed-out";
}

/** The landing page's reason for a refused API answer, by the problem's `reason`; null when it says none. */
export function reasonOfRefusal(status: number, problem: unknown): SignOutReason | null {
  if (status !== 401 || typeof problem !== "object" || problem === null) return null;
  const reason = (problem as { reason?: unknown }).reason;
  if (reason === "account_deactivated") return "deactivated";
  return reason === "session_ended" ? "session-ended" : null;
}

/** Whether a sign-out seen while on `pathname` should lead to the landing page. */
export const landsOnSignedOutPage = (pathname: string) =>
  !PAGES_THAT_EXPLAIN.some((page) => pathname === page || pathname.startsWith(`${page}/`));

export interface SignOutWords {
  title: string;
  body: string;
  /** What to do next; no offer to sign in when sign-in is refused anyway. */
  signInAgain: boolean;
}

export const SIGN_OUT_WORDS: Record<SignOutReason, SignOutWords> = {
  "signed-out": {
    title: "You are signed out",
    body: "You signed out on this device. Your other devices stay signed in.",
    signInAgain: true,
  },
  "session-ended": {
    title: "Your session ended",
    body: "You were signed out: in another tab or window, from another device, or because the session expired. Sign in again to continue.",
    signInAgain: true,
  },
  deactivated: {
    title: "Your account is deactivated",
    body: "An administrator deactivated your account, so every session of yours has ended and sign-in is refused. Contact your administrator to have it reactivated.",
    signInAgain: false,
  },
};
