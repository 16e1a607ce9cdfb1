/**
 * Deleting someone's account: softly (they may sign in and restore it for 30 days; the purge follows), or at once
 * and for good, which asks for their email typed out after saying plainly what it erases. The sole-owner rule of
 * DELETE /api/me applies, and the refusal lists the workspaces in the way.
 */
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useNavigate } from "react-router";
import { BlockingWorkspaces } from "../account/BlockingWorkspaces";
import { blockingWorkspaces } from "../account/sole-owner";
import { api, call } from "../api/client";
import { Field } from "../forms/Field";
import { FormError } from "../forms/FormError";
import { useSubmit } from "../forms/useSubmit";
import { ConfirmButton, ConfirmDialog } from "../ui/ConfirmDialog";
import { formatDate } from "../ui/dates";
import { adminKeys } from "./queries";

type Person = { id: string; email: string; status: string };

export function DeleteUser({ user }: { user: Person }) {
  const remove = useDeleteUser(user);
  const blocking = blockingWorkspaces(remove.error);
  return (
    <section className="card danger-zone" aria-labelledby="delete-user-heading">
      <h2 id="delete-user-heading">Delete account</h2>
      {user.status !== "deleted" && (
        <>
          <p>
            Deleting signs them out everywhere. For 30 days they can sign in to restore the account or download their
            data; then everything is erased.
          </p>
          <div className="actions">
            <ConfirmButton
              label="Delete (can be restored for 30 days)"
              disabled={remove.pending}
              title={`Delete the account of ${user.email}`}
              onConfirm={() => remove.run(false)}
            >
              <p>They are signed out everywhere now; for 30 days they can sign in to restore it.</p>
            </ConfirmButton>
          </div>
        </>
      )}
      {remove.data?.purge_after && (
        <p className="success" role="status">
          Scheduled: everything will be erased on {formatDate(remove.data.purge_after)}.
        </p>
      )}
      <EraseNow email={user.email} remove={remove} />
      {blocking.length > 0 ? (
        <BlockingWorkspaces workspaces={blocking} who="they" linked={false} />
      ) : (
        <FormError of={remove} />
      )}
    </section>
  );
}

/** DELETE /api/admin/users/:id, softly (`run(false)`) or for good (`run(true)`). */
function useDeleteUser(user: Person) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  return useSubmit({
    submit: (hard: boolean) =>
      call(
        api.DELETE("/admin/users/{id}", {
          params: { path: { id: user.id }, query: hard ? { hard: "true" } : {} },
        }),
      ),
    onSuccess: async (scheduled) => {
      // 204 (nothing left) has no body; 202 says when the purge happens.
      if (!scheduled) {
        queryClient.removeQueries({ queryKey: adminKeys.user(user.id) });
        // In the page's state, not its address: an erased person's email must not stay in the browser's history.
        navigate("/admin/users", { state: { purged: user.email } });
      }
      await queryClient.invalidateQueries({ queryKey: adminKeys.users });
    },
  });
}

/** Erasing at once: offered only once their email is typed out. */
function EraseNow({ email, remove }: { email: string; remove: ReturnType<typeof useDeleteUser> }) {
  const [typed, setTyped] = useState("");
  const [asking, setAsking] = useState(false);
  const confirmed = typed.trim().toLowerCase() === email.toLowerCase();
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        setAsking(true);
      }}
    >
      <p className="error">
        <strong>Erase now, for good:</strong> the account, its profile, sessions and memberships are removed at once,
        and what workspaces keep about them is made anonymous. This cannot be undone.
      </p>
      <div className="form-row">
        <Field id="purge-confirm" label={`Type their email, ${email}, to erase the account now`}>
          {(control) => (
            <input
              {...control}
              type="email"
              autoComplete="off"
              value={typed}
              onChange={(event) => setTyped(event.target.value)}
              required
            />
          )}
        </Field>
        <button type="submit" className="danger" disabled={remove.pending || !confirmed}>
          Erase now
        </button>
      </div>
      {asking && (
        <ConfirmDialog
          title={`Erase the account of ${email} for good`}
          onConfirm={() => remove.run(true)}
          onClose={() => setAsking(false)}
        >
          <p>Nothing of the account can be restored afterwards.</p>
        </ConfirmDialog>
      )}
    </form>
  );
}
