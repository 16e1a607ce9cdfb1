/**
 * `/admin/clients/:id`: one registered app: change its name, addresses and first-party flag; rotate a confidential
 * app's secret (the new one shown once, the old one stops working at once); delete it, after a confirming dialog.
 */
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { useNavigate, useParams } from "react-router";
import { api, call } from "../api/client";
import { FormError } from "../forms/FormError";
import { useSubmit } from "../forms/useSubmit";
import { ConfirmButton } from "../ui/ConfirmDialog";
import { ErrorMessage, Loading } from "../ui/Status";
import { AdminNav } from "./AdminNav";
import { CLIENT_FIELDS, ClientFields } from "./ClientFields";
import { ClientSecret } from "./ClientSecret";
import { clientChange, draftOf, type OidcClient } from "./client-draft";
import { adminClientQuery, adminKeys } from "./queries";

export default function AdminClient() {
  const id = useParams().id ?? "";
  const client = useQuery(adminClientQuery(id));
  if (client.isPending) return <Loading />;
  if (client.isError)
    return (
      <>
        <h1>Administration</h1>
        <AdminNav />
        <ErrorMessage error={client.error} />
      </>
    );
  return (
    <>
      <h1>{client.data.name}</h1>
      <AdminNav />
      <p>
        App id <code data-testid="client-id">{client.data.client_id}</code> ·{" "}
        {client.data.type === "public" ? "Public app (no secret; uses PKCE)" : "Confidential app (has a secret)"}
      </p>
      <EditClient client={client.data} />
      {client.data.type === "confidential" && <RotateSecret client={client.data} />}
      <DeleteClient client={client.data} />
    </>
  );
}

function EditClient({ client }: { client: OidcClient }) {
  const [draft, setDraft] = useState(() => draftOf(client));
  const queryClient = useQueryClient();
  const change = clientChange(client, draft);
  const unchanged = Object.keys(change).length === 0;
  const save = useSubmit({
    submit: () =>
      call(
        api.PATCH("/admin/clients/{client_id}", { params: { path: { client_id: client.client_id } }, body: change }),
      ),
    onSuccess: (saved) => {
      // The form starts again from what the server holds now (it may have trimmed the name).
      setDraft(draftOf(saved));
      queryClient.setQueryData(adminKeys.client(client.client_id), saved);
      return queryClient.invalidateQueries({ queryKey: adminKeys.clients, exact: true });
    },
    fields: CLIENT_FIELDS,
  });
  return (
    <section className="card" aria-labelledby="edit-client-heading">
      <h2 id="edit-client-heading">Settings</h2>
      <form onSubmit={save.onSubmit}>
        <ClientFields
          idPrefix="client"
          draft={draft}
          change={(next) => setDraft((current) => ({ ...current, ...next }))}
          errorOf={save.fieldError}
          chooseType={false}
        />
        <div className="actions">
          <button type="submit" disabled={save.pending || unchanged}>
            Save changes
          </button>
        </div>
        {save.succeeded && unchanged && (
          <p className="success" role="status">
            Saved.
          </p>
        )}
        <FormError of={save} />
      </form>
    </section>
  );
}

function RotateSecret({ client }: { client: OidcClient }) {
  const rotate = useSubmit({
    submit: () =>
      call(api.POST("/admin/clients/{client_id}/rotate-secret", { params: { path: { client_id: client.client_id } } })),
  });
  return (
    <section className="card" aria-labelledby="rotate-secret-heading">
      <h2 id="rotate-secret-heading">Secret</h2>
      <p>Only a hash of the secret is kept. A new secret replaces the old one at once: update the app right away.</p>
      <div className="actions">
        <ConfirmButton
          label="Make a new secret"
          className="secondary"
          disabled={rotate.pending}
          title={`Make a new secret for “${client.name}”`}
          onConfirm={() => rotate.run()}
        >
          <p>The current secret stops working now; the app cannot sign anyone in until it has the new one.</p>
        </ConfirmButton>
      </div>
      {rotate.data && (
        <ClientSecret clientId={rotate.data.client_id} secret={rotate.data.client_secret} onDone={rotate.reset} />
      )}
      <FormError of={rotate} />
    </section>
  );
}

function DeleteClient({ client }: { client: OidcClient }) {
  const queryClient = useQueryClient();
  const navigate = useNavigate();
  const remove = useSubmit({
    submit: () => call(api.DELETE("/admin/clients/{client_id}", { params: { path: { client_id: client.client_id } } })),
    onSuccess: async () => {
      queryClient.removeQueries({ queryKey: adminKeys.client(client.client_id) });
      await queryClient.invalidateQueries({ queryKey: adminKeys.clients });
      navigate("/admin/clients");
    },
  });
  return (
    <section className="card danger-zone" aria-labelledby="delete-client-heading">
      <h2 id="delete-client-heading">Delete app</h2>
      <p>The app can no longer sign anyone in; codes it has not exchanged yet stop working.</p>
      <div className="actions">
        <ConfirmButton
          label="Delete app"
          disabled={remove.pending}
          title={`Delete the app “${client.name}”`}
          confirmLabel="Delete app"
          onConfirm={() => remove.run()}
        >
          <p>This cannot be undone. To let it sign people in again, register it anew: it gets a new id.</p>
        </ConfirmButton>
      </div>
      <FormError of={remove} />
    </section>
  );
}
