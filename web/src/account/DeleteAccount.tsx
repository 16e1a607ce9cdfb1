/**
 * Deleting one's account: what happens, the email typed out as confirmation, and when refused because the person
 * is the only owner of workspaces others use, which ones and what to do about them.
 */
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useNavigate } from "react-router";
import { api, call } from "../api/client";
import { forgetSession } from "../auth/session";
import { Field } from "../forms/Field";
import { FormError } from "../forms/FormError";
import { useSubmit } from "../forms/useSubmit";
import { announceSignOut } from "../pages/signed-out-landing";
import { ConfirmDialog } from "../ui/ConfirmDialog";
import { BlockingWorkspaces } from "./BlockingWorkspaces";
import { blockingWorkspaces } from "./sole-owner";

export function DeleteAccount({ email }: { email: string }) {
  const [confirm, setConfirm] = useState("");
  const [asking, setAsking] = useState(false);
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const remove = useSubmit({
    submit: () => {
      // Every session ends with the deletion: the page to land on is /account-deleted, not the signed-out page.
      announceSignOut("elsewhere");
      return call(api.DELETE("/me", { body: { confirm } }));
    },
    onSettled: () => announceSignOut(null),
    onSuccess: ({ purge_after }) => {
      // Every session has just ended on the server, this one too.
      navigate(`/account-deleted?purge_after=${encodeURIComponent(purge_after)}`, { replace: true });
      forgetSession();
      queryClient.clear();
    },
    fields: ["confirm"],
  });
  const blocking = blockingWorkspaces(remove.error);

  return (
    <section className="card danger-zone" aria-labelledby="delete-heading">
      <h2 id="delete-heading">Delete your account</h2>
      <p>
        You are signed out everywhere at once. For 30 days you can still sign in to restore the account or download your
        data; after that everything is erased and cannot be recovered.
      </p>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          setAsking(true);
        }}
      >
        <div className="form-row">
          <Field
            id="delete-confirm"
            label={
              <>
                Type your email, <strong>{email}</strong>, to confirm
              </>
            }
            error={remove.fieldError("confirm")}
          >
            {(control) => (
              <input
                {...control}
                type="email"
                autoComplete="off"
                value={confirm}
                onChange={(event) => setConfirm(event.target.value)}
                required
              />
            )}
          </Field>
          <button type="submit" className="danger" disabled={remove.pending}>
            Delete my account
          </button>
        </div>
        {asking && (
          <ConfirmDialog
            title={`Delete your account, ${email}`}
            confirmLabel="Delete your account"
            onConfirm={() => remove.run()}
            onClose={() => setAsking(false)}
          >
            <p>You are signed out everywhere at once; for 30 days you can sign in to restore it.</p>
          </ConfirmDialog>
        )}
      </form>
      {blocking.length > 0 ? <BlockingWorkspaces workspaces={blocking} who="you" linked /> : <FormError of={remove} />}
    </section>
  );
}
