/** `/workspaces`: the person's workspaces and a form to create one. */
import { useInfiniteQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Link, useNavigate } from "react-router";
import { api, call } from "../api/client";
import { Field } from "../forms/Field";
import { FormError } from "../forms/FormError";
import { LIMITS } from "../forms/field-words";
import { useSubmit } from "../forms/useSubmit";
import { ShowMore } from "../ui/ShowMore";
import { Empty, ErrorMessage, Loading } from "../ui/Status";
import { workspaceKeys, workspaceListQuery } from "./queries";
import { prefetchTabAt, prefetchWorkspace } from "./tabs";

export default function WorkspaceList() {
  const workspaces = useInfiniteQuery(workspaceListQuery());
  const all = workspaces.data?.pages.flatMap((page) => page.workspaces) ?? [];
  const queryClient = useQueryClient();
  // Pointing at a workspace starts its data and its first tab's, so the page opens without waiting for them.
  const prefetchOpening = (id: string) => {
    prefetchWorkspace(queryClient, id);
    prefetchTabAt(queryClient, id, "");
  };

  return (
    <>
      <h1>Workspaces</h1>
      <CreateWorkspace />
      <h2>Yours</h2>
      {workspaces.isPending ? (
        <Loading />
      ) : workspaces.isError ? (
        <ErrorMessage error={workspaces.error} />
      ) : all.length === 0 ? (
        <Empty>You are not in any workspace yet. Create one above, or open an invitation link you received.</Empty>
      ) : (
        <ul className="list" aria-label="Your workspaces">
          {all.map((workspace) => (
            <li key={workspace.id}>
              <Link
                className="grow"
                to={`/workspaces/${workspace.id}`}
                onPointerEnter={() => prefetchOpening(workspace.id)}
                onFocus={() => prefetchOpening(workspace.id)}
              >
                {workspace.name}
              </Link>
              <span className="badge">{workspace.role}</span>
            </li>
          ))}
        </ul>
      )}
      <ShowMore list={workspaces} label="Show more" />
    </>
  );
}

function CreateWorkspace() {
  const [name, setName] = useState("");
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const create = useSubmit({
    submit: () => call(api.POST("/workspaces", { body: { name } })),
    onSuccess: (workspace) => {
      queryClient.invalidateQueries({ queryKey: workspaceKeys.list });
      navigate(`/workspaces/${workspace.id}`);
    },
    fields: ["name"],
  });
  return (
    <form className="card" onSubmit={create.onSubmit}>
      <div className="form-row">
        <Field
          id="workspace-name"
          label="New workspace name"
          error={create.fieldError("name")}
          count={{ value: name, max: LIMITS.name }}
        >
          {(control) => <input {...control} value={name} onChange={(event) => setName(event.target.value)} required />}
        </Field>
        <button type="submit" disabled={create.pending}>
          Create workspace
        </button>
      </div>
      <FormError of={create} />
    </form>
  );
}
