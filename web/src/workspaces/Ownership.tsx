/** Ownership transfer: the banner of a pending nomination (accept for the nominee, cancel for owners), and nominating. */
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { api, call } from "../api/client";
import { Field } from "../forms/Field";
import { FormError } from "../forms/FormError";
import { useSubmit } from "../forms/useSubmit";
import { useMe } from "../me/useMe";
import { ErrorMessage } from "../ui/Status";
import { formatTime, personName } from "./names";
import { transferCandidatesQuery, workspaceKeys } from "./queries";
import { can } from "./rules";
import type { WorkspaceDetail } from "./types";

function useInvalidateWorkspace(id: string) {
  const queryClient = useQueryClient();
  return () => {
    queryClient.invalidateQueries({ queryKey: workspaceKeys.one(id) });
    queryClient.invalidateQueries({ queryKey: workspaceKeys.list, exact: true });
  };
}

export function TransferBanner({ workspace }: { workspace: WorkspaceDetail }) {
  const me = useMe().data;
  const invalidate = useInvalidateWorkspace(workspace.id);
  const path = { params: { path: { id: workspace.id } } };
  const accept = useSubmit({
    submit: () => call(api.POST("/workspaces/{id}/transfer/accept", path)),
    onSuccess: invalidate,
  });
  const cancel = useSubmit({
    submit: () => call(api.DELETE("/workspaces/{id}/transfer", path)),
    onSuccess: invalidate,
  });
  const transfer = workspace.pending_transfer;
  if (!transfer) return null;
  const isNominee = me?.id === transfer.nominee_id;
  return (
    <section className="card" aria-label="Ownership transfer">
      <p>
        {isNominee
          ? "You have been asked to become an owner of this workspace."
          : "An ownership transfer is waiting for the nominated member to accept."}{" "}
        <span className="muted">Open until {formatTime(transfer.expires_at)}.</span>
      </p>
      <div className="actions">
        {isNominee && (
          <button type="button" disabled={accept.pending} onClick={() => accept.run()}>
            Accept ownership
          </button>
        )}
        {can(workspace.role, "cancel_nomination") && (
          <button type="button" className="secondary" disabled={cancel.pending} onClick={() => cancel.run()}>
            Cancel the transfer
          </button>
        )}
      </div>
      <FormError of={[accept, cancel]} />
    </section>
  );
}

/** Owners: pick a member to hand the workspace to; they become owner when they accept, and you become editor. */
export function NominateOwner({ workspace }: { workspace: WorkspaceDetail }) {
  const [userId, setUserId] = useState("");
  const invalidate = useInvalidateWorkspace(workspace.id);
  const candidates = useQuery({
    ...transferCandidatesQuery(workspace.id),
    select: (page) => page.members.filter((member) => member.role !== "owner"),
  });
  const nominate = useSubmit({
    submit: () =>
      call(
        api.POST("/workspaces/{id}/transfer", { params: { path: { id: workspace.id } }, body: { user_id: userId } }),
      ),
    onSuccess: invalidate,
    fields: ["user_id"],
  });
  const members = candidates.data ?? [];
  return (
    <form className="card" onSubmit={nominate.onSubmit}>
      <h2>Transfer ownership</h2>
      <p className="muted">
        The member you choose is asked by email and becomes an owner when they accept; you then become an editor.
      </p>
      {members.length === 0 ? (
        <p className="muted">There is no other member to hand the workspace to yet.</p>
      ) : (
        <div className="form-row">
          <Field id="nominee" label="New owner" error={nominate.fieldError("user_id")}>
            {(control) => (
              <select {...control} required value={userId} onChange={(event) => setUserId(event.target.value)}>
                <option value="">Choose a member</option>
                {members.map((member) => (
                  <option key={member.user_id} value={member.user_id}>
                    {personName(member) === member.email ? member.email : `${personName(member)} (${member.email})`}
                  </option>
                ))}
              </select>
            )}
          </Field>
          <button type="submit" disabled={nominate.pending || !userId}>
            Ask them
          </button>
        </div>
      )}
      <FormError of={nominate} />
      <ErrorMessage error={candidates.error} />
    </form>
  );
}
