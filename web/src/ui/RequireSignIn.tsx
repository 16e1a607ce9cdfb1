/** Pages for signed-in people: anyone else is offered to sign in and comes back to the same page. */
import { Outlet, useLocation } from "react-router";
import { signIn } from "../auth/session";
import { useAuthStatus } from "../auth/useAuth";

export function RequireSignIn() {
  const location = useLocation();
  if (useAuthStatus() === "signed-in") return <Outlet />;
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
