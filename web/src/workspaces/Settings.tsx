/** The settings tab: rename and delete (owners), ownership transfer (owners), and leaving (everyone). */
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { api, call } from "../api/client";
import { useMe } from "../me/useMe";
import { ErrorMessage } from "../ui/Status";
import { useLeaveWorkspacePage } from "./leaving";
import { NominateOwner } from "./Ownership";
import { workspaceKeys } from "./queries";
import { can } from "./rules";
import type { WorkspaceDetail } from "./Workspace";

export default function Settings({ workspace }: { workspace: WorkspaceDetail }) {
  return (
    <section aria-label="Workspace settings">
      {can(workspace.role, "rename") && <Rename workspace={workspace} />}
      {can(workspace.role, "nominate_owner") && !workspace.pending_transfer && <NominateOwner workspace={workspace} />}
      <Leave workspace={workspace} />
      {can(workspace.role, "delete_workspace") && <Delete workspace={workspace} />}
    </section>
  );
}

function Rename({ workspace }: { workspace: WorkspaceDetail }) {
  const [name, setName] = useState(workspace.name);
  const queryClient = useQueryClient();
  const rename = useMutation({
    mutationFn: () => call(api.PATCH("/workspaces/{id}", { params: { path: { id: workspace.id } }, body: { name } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: workspaceKeys.list }),
  });
  return (
    <form
      className="card"
      onSubmit={(event) => {
        event.preventDefault();
        rename.mutate();
      }}
    >
      <h2>Name</h2>
      <div className="form-row">
        <div className="field">
          <label htmlFor="rename">Workspace name</label>
          <input id="rename" required maxLength={100} value={name} onChange={(event) => setName(event.target.value)} />
        </div>
        <button type="submit" disabled={rename.isPending}>
          Rename
        </button>
      </div>
      <ErrorMessage error={rename.error} />
    </form>
  );
}

function Leave({ workspace }: { workspace: WorkspaceDetail }) {
  const me = useMe().data;
  const done = useLeaveWorkspacePage(workspace.id);
  const leave = useMutation({
    mutationFn: () =>
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
      <button
        type="button"
        className="danger"
        disabled={!me || leave.isPending}
        onClick={() => window.confirm(`Leave ${workspace.name}?`) && leave.mutate()}
      >
        Leave this workspace
      </button>
      <ErrorMessage error={leave.error} />
    </div>
  );
}

function Delete({ workspace }: { workspace: WorkspaceDetail }) {
  const done = useLeaveWorkspacePage(workspace.id);
  const remove = useMutation({
    mutationFn: () => call(api.DELETE("/workspaces/{id}", { params: { path: { id: workspace.id } } })),
    onSuccess: done,
  });
  return (
    <div className="card">
      <h2>Delete</h2>
      <p className="muted">Deletes the workspace for every member. This cannot be undone.</p>
      <button
        type="button"
        className="danger"
        disabled={remove.isPending}
        onClick={() => window.confirm(`Delete ${workspace.name} for everyone?`) && remove.mutate()}
      >
        Delete this workspace
      </button>
      <ErrorMessage error={remove.error} />
    </div>
  );
}
