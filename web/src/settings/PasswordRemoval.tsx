/**
 * Removing the password (decision 0031), offered once a passkey can sign in: `DELETE /api/me/password` wants a
 * sign-in from the last 10 minutes and refuses the last way to sign in (409 `last_sign_in_method`: the emailed
 * code does not count). The API does not say whether a password is set, so its 404 says so in words here.
 */
import { useQuery } from "@tanstack/react-query";
import { api, call } from "../api/client";
import { ApiError } from "../api/problems";
import { FormError } from "../forms/FormError";
import { useSubmit } from "../forms/useSubmit";
import { passkeysQuery } from "../me/queries";
import { ConfirmButton } from "../ui/ConfirmDialog";

const NO_PASSWORD = "Your account has no password to remove. A password reset would set one.";

export function PasswordRemoval() {
  const passkeys = useQuery(passkeysQuery());
  const remove = useSubmit({
    submit: async () => {
      try {
        await call(api.DELETE("/me/password"));
      } catch (error) {
        throw error instanceof ApiError && error.status === 404 ? new Error(NO_PASSWORD) : error;
      }
    },
  });
  if (!passkeys.data?.passkeys.length) return null;
  return (
    <>
      <p>You have a passkey, so you may remove your password and sign in with the passkey alone.</p>
      <div className="actions">
        <ConfirmButton
          label="Remove password"
          disabled={remove.pending || remove.succeeded}
          title="Remove your password"
          onConfirm={() => remove.run()}
        >
          <p>
            Signing in with your email and password stops working; your passkeys and emailed codes still sign you in. A
            password reset sets a new password at any time.
          </p>
        </ConfirmButton>
        {remove.succeeded && (
          <span className="success" role="status">
            Your password is removed.
          </span>
        )}
      </div>
      <FormError of={remove} />
    </>
  );
}
