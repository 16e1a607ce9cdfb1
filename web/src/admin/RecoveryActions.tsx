/**
 * The two ways an admin helps a person back (decision 0020): restoring an account in its grace period (the only way
 * back from a deletion an admin made), and resetting two-factor for a lost authenticator. Both confirmed first;
 * a refusal (a sign-in that is not recent, two-factor missing on the admin's side, the last admin) is said as every
 * admin action says it (FormError).
 */
import { useQueryClient } from "@tanstack/react-query";
import { api, call } from "../api/client";
import type { components } from "../api/schema";
import { FormError } from "../forms/FormError";
import { useSubmit } from "../forms/useSubmit";
import { ConfirmButton } from "../ui/ConfirmDialog";
import { adminKeys } from "./queries";

type Account = components["schemas"]["AdminUserDetail"];

export function RecoveryActions({ account }: { account: Account }) {
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: adminKeys.users });
  const path = { id: account.id };
  const restore = useSubmit({
    submit: () => call(api.POST("/admin/users/{id}/restore", { params: { path } })),
    onSettled: refresh,
  });
  const resetTwoFactor = useSubmit({
    submit: () => call(api.DELETE("/admin/users/{id}/2fa", { params: { path } })),
    onSettled: refresh,
  });
  const busy = restore.pending || resetTwoFactor.pending;
  const deleted = account.status === "deleted";
  if (!deleted && !account.two_factor_enabled && !restore.succeeded && !resetTwoFactor.succeeded) return null;
  return (
    <section className="card" aria-labelledby="recovery-heading">
      <h2 id="recovery-heading">Help them back</h2>
      <div className="actions">
        {deleted && (
          <ConfirmButton
            label="Restore account"
            className="secondary"
            disabled={busy}
            title={`Restore the account of ${account.email}`}
            confirmLabel="Restore account"
            onConfirm={() => restore.run()}
          >
            <p>The deletion is cancelled and they can sign in again. Sessions that ended stay ended.</p>
          </ConfirmButton>
        )}
        {account.two_factor_enabled && (
          <ConfirmButton
            label="Reset two-factor"
            className="secondary"
            disabled={busy}
            title={`Reset two-factor authentication for ${account.email}`}
            onConfirm={() => resetTwoFactor.run()}
          >
            <p>
              Two-factor is turned off, so they sign in with their password or an email code alone until they set it up
              again. They are emailed about it.
            </p>
          </ConfirmButton>
        )}
      </div>
      <RecoveryDone restored={restore.succeeded} reset={resetTwoFactor.succeeded} />
      <FormError of={[restore, resetTwoFactor]} />
    </section>
  );
}

function RecoveryDone({ restored, reset }: { restored: boolean; reset: boolean }) {
  return (
    <>
      {restored && (
        <p className="success" role="status">
          Restored: they can sign in again.
        </p>
      )}
      {reset && (
        <p className="success" role="status">
          Two-factor is off for them; they have been emailed.
        </p>
      )}
    </>
  );
}
