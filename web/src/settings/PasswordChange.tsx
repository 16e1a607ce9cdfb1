/**
 * Changing the password goes through the issuer's reset flow (`/password/change`: an emailed code, then the new
 * password), so the app never handles a password. The new password ends every session, this one too; the flow
 * returns here, where the person signs in with it.
 */
import { useLocation } from "react-router";

export function PasswordChange() {
  const location = useLocation();
  const back = `${window.location.origin}${location.pathname}`;
  const reset = `/password/change?${new URLSearchParams({ redirect_uri: back })}`;
  return (
    <section className="card" aria-labelledby="password-heading">
      <h2 id="password-heading">Password</h2>
      <p>
        We email you a code, then you choose the new password. Changing it signs you out on every device, this one too:
        sign in again with the new password.
      </p>
      <div className="actions">
        <a className="button secondary" href={reset}>
          Change password
        </a>
      </div>
    </section>
  );
}
