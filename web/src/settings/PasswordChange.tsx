/**
 * Changing the password goes through the issuer's reset flow (`/password/change`: an emailed code, then the new
 * password), so the app never handles a password. The API's step before it (`POST /api/me/password/change`)
 * needs a sign-in from the last 10 minutes, as every security change does (decision 0020), and answers where to
 * go. The new password ends every session, this one too; the flow returns here, where the person signs in with it.
 */
import { useMutation } from "@tanstack/react-query";
import { api, call } from "../api/client";
import { PasswordRemoval } from "./PasswordRemoval";
import { ActionError } from "./SignInAgain";

export function PasswordChange() {
  const start = useMutation({
    mutationFn: () => call(api.POST("/me/password/change")),
    onSuccess: (answer) => window.location.assign(answer.location),
  });
  return (
    <section className="card" aria-labelledby="password-heading">
      <h2 id="password-heading">Password</h2>
      <p>
        We email you a code, then you choose the new password. Changing it signs you out on every device, this one too:
        sign in again with the new password.
      </p>
      <div className="actions">
        <button
          type="button"
          className="secondary"
          onClick={() => start.mutate()}
          disabled={start.isPending || start.isSuccess}
        >
          Change password
        </button>
      </div>
      <ActionError error={start.error} />
      <PasswordRemoval />
    </section>
  );
}
