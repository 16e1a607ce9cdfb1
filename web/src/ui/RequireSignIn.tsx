/**
 * Pages for signed-in people: anyone else is offered to sign in and comes back to the same page. A person whose
 * account is scheduled for deletion sees only the screen to restore it or export their data, since the API
 * refuses everything else to such a session.
 */
import { Outlet, useLocation } from "react-router";
import { DeletedAccount } from "../account/DeletedAccount";
import { signIn } from "../auth/session";
import { useAuthStatus } from "../auth/useAuth";
import { useMe } from "../me/useMe";
import { Loading } from "./Status";

export function RequireSignIn() {
  const location = useLocation();
  const signedIn = useAuthStatus() === "signed-in";
  const me = useMe();
  // Waits for the person (the layout asks for them anyway) so no page calls the API a deleted account may not use.
  if (signedIn && me.isPending) return <Loading />;
  if (signedIn && me.data?.deleted_at) return <DeletedAccount purgeAfter={me.data.purge_after} />;
  if (signedIn) return <Outlet />;
  const returnTo = location.pathname + location.search;
  return (
    <section className="narrow">
      <h1>Sign in to continue</h1>
      <p>This page is for signed-in people.</p>
      <div className="actions">
        <button type="button" onClick={() => signIn({ returnTo })}>
          Sign in
        </button>
        <button type="button" className="secondary" onClick={() => signIn({ returnTo, provider: "password" })}>
          Create an account
        </button>
      </div>
    </section>
  );
}
