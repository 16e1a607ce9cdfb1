/**
 * The settings tab: rename and delete (owners), ownership transfer (owners), the policy (owners change it, everyone
 * reads it), and leaving (everyone).
 */
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { api, call } from "../api/client";
import { Field } from "../forms/Field";
import { FormError } from "../forms/FormError";
import { LIMITS } from "../forms/field-words";
import { useSubmit } from "../forms/useSubmit";
import { useMe } from "../me/useMe";
import { ConfirmButton } from "../ui/ConfirmDialog";
import { LeavingCancels } from "./LeavingCancels";
import { useLeaveWorkspacePage } from "./leaving";
import { NominateOwner } from "./Ownership";
import { Policy } from "./Policy";
import { workspaceKeys } from "./queries";
import { can } from "./rules";
import type { WorkspaceDetail } from "./types";

export default function Settings({ workspace }: { workspace: WorkspaceDetail }) {
  return (
    <section aria-label="Workspace settings">
      {can(workspace.role, "rename") && <Rename workspace={workspace} />}
      {can(workspace.role, "nominate_owner") && !workspace.pending_transfer && <NominateOwner workspace={workspace} />}
      <Policy workspace={workspace} />
      <Leave workspace={workspace} />
      {can(workspace.role, "delete_workspace") && <Delete workspace={workspace} />}
    </section>
  );
}

function Rename({ workspace }: { workspace: WorkspaceDetail }) {
  const [name, setName] = useState(workspace.name);
  const queryClient = useQueryClient();
  const rename = useSubmit({
    submit: () => call(api.PATCH("/workspaces/{id}", { params: { path: { id: workspace.id } }, body: { name } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: workspaceKeys.list }),
    fields: ["name"],
  });
  return (
    <form className="card" onSubmit={rename.onSubmit}>
      <h2>Name</h2>
      <div className="form-row">
        <Field
          id="rename"
          label="Workspace name"
          error={rename.fieldError("name")}
          count={{ value: name, max: LIMITS.name }}
        >
          {(control) => <input {...control} required value={name} onChange={(event) => setName(event.target.value)} />}
        </Field>
        <button type="submit" disabled={rename.pending}>
          Rename
        </button>
      </div>
      <FormError of={rename} />
    </form>
  );
}

function Leave({ workspace }: { workspace: WorkspaceDetail }) {
  const me = useMe().data;
  const done = useLeaveWorkspacePage(workspace.id);
  const leave = useSubmit({
    submit: () =>
      call(
        api.DELETE("/workspaces/{id}/members/{user_id}", {
          params: { path: { id: workspace.id, user_id: me?.id ?? "" } },
        }),
      ),
    onSuccess: done,
  });
  return (
    <div className="card">
      <h2>Leave</h2>
      <p className="muted">You lose access until someone invites you again. A workspace must keep one owner.</p>
      <ConfirmButton
        label="Leave this workspace"
        disabled={!me || leave.pending}
        title={`Leave ${workspace.name}`}
        onConfirm={() => leave.run()}
      >
        <p>You lose access until someone invites you again.</p>
        <LeavingCancels workspace={workspace} />
      </ConfirmButton>
      <FormError of={leave} />
    </div>
  );
}

function Delete({ workspace }: { workspace: WorkspaceDetail }) {
  const done = useLeaveWorkspacePage(workspace.id);
  const remove = useSubmit({
    submit: () => call(api.DELETE("/workspaces/{id}", { params: { path: { id: workspace.id } } })),
    onSuccess: done,
  });
  return (
    <div className="card">
      <h2>Delete</h2>
      <p className="muted">Deletes the workspace for every member. This cannot be undone.</p>
      <ConfirmButton
        label="Delete this workspace"
        disabled={remove.pending}
        title={`Delete ${workspace.name} for everyone`}
        onConfirm={() => remove.run()}
      >
        <p>Every member loses {workspace.name} and all it holds. This cannot be undone.</p>
      </ConfirmButton>
      <FormError of={remove} />
    </div>
  );
}
