/** The frame of every page: a skip link, the header with the navigation and the signed-in person, the page. */
import { useQueryClient } from "@tanstack/react-query";
import { NavLink, Outlet } from "react-router";
import { signIn, signOut } from "../auth/session";
import { useAuthStatus } from "../auth/useAuth";
import { useMe } from "../me/useMe";
import { returnPathFrom, SIGNED_OUT_PATH } from "../pages/sign-out-reasons";
import { announceSignOut, useSignedOutLanding } from "../pages/signed-out-landing";
import { personName } from "../workspaces/names";
import { Avatar } from "./Avatar";
import { useTheme } from "./theme";

/** The main navigation; a page that only some people may use says so in `show`. */
const NAV: { to: string; label: string; show?: (me: { platform_role: string }) => boolean }[] = [
  { to: "/workspaces", label: "Workspaces" },
  { to: "/settings", label: "My account" },
  { to: "/admin", label: "Admin", show: (me) => me.platform_role === "admin" },
];

export function Layout() {
  const signedIn = useAuthStatus() === "signed-in";
  const me = useMe().data;
  // The person's theme, everywhere, as soon as their data is known; until then theme-boot.js's hint holds.
  useTheme(me ? (me.preferences.theme ?? "system") : undefined);
  const queryClient = useQueryClient();
  useSignedOutLanding();
  const onSignOut = async () => {
    announceSignOut("signed-out");
    await signOut();
    queryClient.clear();
  };

  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="app-header">
        <NavLink to="/" className="brand">
          Edge Identity
        </NavLink>
        {signedIn && (
          <nav aria-label="Main">
            {NAV.filter((item) => !item.show || (me && item.show(me))).map((item) => (
              <NavLink key={item.to} to={item.to} className="nav-link">
                {item.label}
              </NavLink>
            ))}
          </nav>
        )}
        <div className="account">
          {signedIn ? (
            <>
              <span className="who" title={me?.email}>
                {me && <Avatar person={me} />}
                <span data-testid="signed-in-as">{me ? personName(me) : "\u00a0"}</span>
              </span>
              <button type="button" className="secondary" onClick={onSignOut}>
                Sign out
              </button>
            </>
          ) : (
            <button type="button" onClick={() => signIn({ returnTo: signInReturnPath() })}>
              Sign in
            </button>
          )}
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        <Outlet />
      </main>
    </>
  );
}

/** Back to this page after signing in; from the signed-out page, back to the page the person was on before. */
function signInReturnPath(): string {
  const { pathname, search } = window.location;
  return pathname === SIGNED_OUT_PATH ? returnPathFrom(new URLSearchParams(search)) : pathname;
}
