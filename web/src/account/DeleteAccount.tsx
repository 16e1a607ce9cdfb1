/**
 * Deleting one's account: what happens, the email typed out as confirmation, and when refused because the person
 * is the only owner of workspaces others use, which ones and what to do about them.
 */
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useNavigate } from "react-router";
import { api, call } from "../api/client";
import { ApiError } from "../api/problems";
import { forgetSession } from "../auth/session";
import { ActionError } from "../settings/SignInAgain";
import { BlockingWorkspaces } from "./BlockingWorkspaces";
import { blockingWorkspaces } from "./sole-owner";

export function DeleteAccount({ email }: { email: string }) {
  const [confirm, setConfirm] = useState("");
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const remove = useMutation({
    mutationFn: () => call(api.DELETE("/me", { body: { confirm } })),
    onSuccess: ({ purge_after }) => {
      // Every session has just ended on the server, this one too.
      navigate(`/account-deleted?purge_after=${encodeURIComponent(purge_after)}`, { replace: true });
      forgetSession();
      queryClient.clear();
    },
  });
  const blocking = blockingWorkspaces(remove.error);
  const confirmError = remove.error instanceof ApiError ? remove.error.fieldMessage("confirm") : undefined;

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
          remove.mutate();
        }}
      >
        <div className="form-row">
          <div className="field">
            <label htmlFor="delete-confirm">
              Type your email, <strong>{email}</strong>, to confirm
            </label>
            <input
              id="delete-confirm"
              type="email"
              autoComplete="off"
              value={confirm}
              onChange={(event) => setConfirm(event.target.value)}
              required
              aria-invalid={confirmError ? true : undefined}
            />
          </div>
          <button type="submit" className="danger" disabled={remove.isPending}>
            Delete my account
          </button>
        </div>
      </form>
      {blocking.length > 0 ? (
        <BlockingWorkspaces workspaces={blocking} who="you" linked />
      ) : (
        <ActionError error={remove.error} />
      )}
    </section>
  );
}
