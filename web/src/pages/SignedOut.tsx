/** `/signed-out?reason=…`: where signing out, an ended session and a deactivated account land, saying which. */
import { Link, useSearchParams } from "react-router";
import { signIn } from "../auth/session";
import { useAuthStatus } from "../auth/useAuth";
import { reasonFromSearch, returnPathFrom, SIGN_OUT_WORDS } from "./sign-out-reasons";

export default function SignedOut() {
  const [search] = useSearchParams();
  const reason = reasonFromSearch(search);
  const words = SIGN_OUT_WORDS[reason];
  const signedIn = useAuthStatus() === "signed-in";
  return (
    <section className="narrow" data-reason={reason}>
      <h1>{words.title}</h1>
      <p className={reason === "deactivated" ? "notice" : undefined}>{words.body}</p>
      <div className="actions">
        {signedIn ? (
          <Link to="/workspaces">You are signed in again: go to your workspaces</Link>
        ) : (
          words.signInAgain && (
            <button type="button" onClick={() => signIn({ returnTo: returnPathFrom(search) })}>
              Sign in again
            </button>
          )
        )}
        <Link to="/">Back to the start</Link>
      </div>
    </section>
  );
}
