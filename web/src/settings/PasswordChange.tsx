/**
 * Changing the password goes through the issuer's reset flow (an emailed code, then the new password), so the app
 * never handles a password. A new password ends every session, this one too; the flow signs the person back in.
 */
import { useLocation } from "react-router";
import { signInAgain } from "../auth/session";

export function PasswordChange() {
  const location = useLocation();
  return (
    <section className="card" aria-labelledby="password-heading">
      <h2 id="password-heading">Password</h2>
      <p>
        To set a new password, continue to the sign-in page and choose <strong>Forgot password?</strong>. We email you a
        code, then you choose the new password. It signs you out on every device, and back in here.
      </p>
      <div className="actions">
        <button type="button" className="secondary" onClick={() => signInAgain(location.pathname, "password")}>
          Change password
        </button>
      </div>
    </section>
  );
}
