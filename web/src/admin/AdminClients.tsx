/**
 * `/admin/clients`: the apps registered to sign people in with OpenID Connect (decision 0036), and registering one.
 * A confidential app's secret is shown once, right after registering.
 */
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { Link } from "react-router";
import { api, call } from "../api/client";
import { FormError } from "../forms/FormError";
import { useSubmit } from "../forms/useSubmit";
import { Empty, ErrorMessage, Loading } from "../ui/Status";
import { formatTime } from "../workspaces/names";
import { AdminNav } from "./AdminNav";
import { CLIENT_FIELDS, ClientFields } from "./ClientFields";
import { ClientSecret } from "./ClientSecret";
import { EMPTY_DRAFT, newClientBody, type OidcClient } from "./client-draft";
import { adminClientsQuery, adminKeys } from "./queries";

export default function AdminClients() {
  const clients = useQuery(adminClientsQuery);
  return (
    <>
      <h1>Administration</h1>
      <AdminNav />
      <RegisterClient />
      <h2>Apps</h2>
      <p>
        Apps that sign people in with this service through OpenID Connect. People are asked to allow a third-party app
        the first time it signs them in; first-party apps are not asked.
      </p>
      {clients.isPending ? (
        <Loading />
      ) : clients.isError ? (
        <ErrorMessage error={clients.error} />
      ) : clients.data.clients.length === 0 ? (
        <Empty>No app is registered yet.</Empty>
      ) : (
        <ClientsTable clients={clients.data.clients} />
      )}
    </>
  );
}

function RegisterClient() {
  const [draft, setDraft] = useState(EMPTY_DRAFT);
  const queryClient = useQueryClient();
  const register = useSubmit({
    submit: () => call(api.POST("/admin/clients", { body: newClientBody(draft) })),
    onSuccess: () => {
      setDraft(EMPTY_DRAFT);
      return queryClient.invalidateQueries({ queryKey: adminKeys.clients });
    },
    fields: CLIENT_FIELDS,
  });
  const created = register.data;
  return (
    <details className="card">
      <summary>Register an app</summary>
      <form onSubmit={register.onSubmit}>
        <ClientFields
          idPrefix="new-client"
          draft={draft}
          change={(change) => setDraft((current) => ({ ...current, ...change }))}
          errorOf={register.fieldError}
          chooseType
        />
        <div className="actions">
          <button type="submit" disabled={register.pending}>
            Register app
          </button>
        </div>
        <FormError of={register} />
      </form>
      {created &&
        (created.client_secret ? (
          <ClientSecret clientId={created.client_id} secret={created.client_secret} onDone={register.reset} />
        ) : (
          <p className="success" role="status">
            Registered <Link to={`/admin/clients/${created.client_id}`}>{created.name}</Link>, app id{" "}
            <code data-testid="client-id">{created.client_id}</code>. A public app has no secret.
          </p>
        ))}
    </details>
  );
}

function ClientsTable({ clients }: { clients: OidcClient[] }) {
  return (
    <div className="table-wrap">
      {/* Below 40rem the rows become cards (styles.css): each cell shows its data-label, the column's name. */}
      <table className="data stacks">
        <caption className="visually-hidden">Registered apps</caption>
        <thead>
          <tr>
            <th scope="col">App</th>
            <th scope="col">Kind</th>
            <th scope="col">Sends people back to</th>
            <th scope="col">Registered</th>
          </tr>
        </thead>
        <tbody>
          {clients.map((client) => (
            <tr key={client.client_id} data-testid="client-row">
              <td data-label="App">
                <div>
                  <Link to={`/admin/clients/${client.client_id}`}>{client.name}</Link>
                </div>
                <code className="muted">{client.client_id}</code>
              </td>
              <td data-label="Kind">
                {client.type === "public" ? "Public" : "Confidential"},{" "}
                {client.first_party ? "first-party" : "third-party (asks people)"}
              </td>
              <td data-label="Sends people back to">
                {client.redirect_uris.map((uri) => (
                  <div key={uri} className="mono">
                    {uri}
                  </div>
                ))}
              </td>
              <td data-label="Registered">{formatTime(client.created_at)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
