/**
 * Connected accounts (decision 0038): the upstream accounts that sign the person in (GitHub, Google, an organisation's
 * single sign-on), connecting one more and disconnecting one. Connecting asks the server for the link page
 * (`POST /api/me/connections/:provider/link`, which wants a sign-in from the last 10 minutes) and goes there; the
 * upstream then brings the browser back here with `?connected=<provider>`. Shown only where a provider is configured.
 */
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useSearchParams } from "react-router";
import { api, call } from "../api/client";
import type { components } from "../api/schema";
import { FormError } from "../forms/FormError";
import { useSubmit } from "../forms/useSubmit";
import { ConfirmButton } from "../ui/ConfirmDialog";
import { Empty, ErrorMessage } from "../ui/Status";
import { formatTime } from "../workspaces/names";
import {
  connectableProviders,
  connectedNotice,
  LAST_SIGN_IN_METHOD_WORDS,
  providerLabel,
  showsConnectedAccounts,
} from "./connection-words";
import { connectionsKey, connectionsQuery } from "./connections-query";

type Connection = components["schemas"]["Connection"];

export function ConnectedAccounts() {
  const connections = useQuery(connectionsQuery());
  const notice = connectedNotice(useSearchParams()[0].get("connected"), connections.data?.connections ?? []);
  if (connections.isPending) return null;
  if (connections.isError) return <ErrorMessage error={connections.error} />;
  const { connections: list, available } = connections.data;
  if (!showsConnectedAccounts(available, list)) return null;
  const connectable = connectableProviders(available, list);
  return (
    <section className="card" aria-labelledby="connections-heading">
      <h2 id="connections-heading">Connected accounts</h2>
      <p>Sign in with an account you already have elsewhere instead of your password.</p>
      {notice && (
        <p className="success" role="status">
          {notice}
        </p>
      )}
      {list.length === 0 ? (
        <Empty>No connected accounts yet.</Empty>
      ) : (
        <ul className="list" aria-label="Connected accounts">
          {list.map((connection) => (
            <ConnectionRow key={connection.provider} connection={connection} />
          ))}
        </ul>
      )}
      {connectable.length > 0 && (
        <ul className="list" aria-label="Accounts you can connect">
          {connectable.map((provider) => (
            <ConnectRow key={provider} provider={provider} />
          ))}
        </ul>
      )}
    </section>
  );
}

function ConnectionRow({ connection }: { connection: Connection }) {
  const queryClient = useQueryClient();
  const label = providerLabel(connection.provider);
  const remove = useSubmit({
    submit: () =>
      call(api.DELETE("/me/connections/{provider}", { params: { path: { provider: connection.provider } } })),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: connectionsKey }),
    codesOnFields: { last_sign_in_method: { path: "connection", message: LAST_SIGN_IN_METHOD_WORDS } },
  });
  return (
    <li data-testid="connection">
      <div className="grow">
        <strong>{label}</strong> {connection.email}
        <div className="muted">
          Connected <time dateTime={connection.linked_at}>{formatTime(connection.linked_at)}</time> ·{" "}
          {connection.last_used_at ? (
            <>
              last used <time dateTime={connection.last_used_at}>{formatTime(connection.last_used_at)}</time>
            </>
          ) : (
            "not used to sign in yet"
          )}
        </div>
        <FormError of={remove} />
      </div>
      <ConfirmButton
        label="Disconnect"
        aria-label={`Disconnect ${label}`}
        disabled={remove.pending}
        title={`Disconnect ${label}`}
        onConfirm={() => remove.run()}
      >
        <p>
          You can no longer sign in with {label} ({connection.email}). You can connect it again here at any time.
        </p>
      </ConfirmButton>
    </li>
  );
}

function ConnectRow({ provider }: { provider: string }) {
  const label = providerLabel(provider);
  const connect = useSubmit({
    submit: () => call(api.POST("/me/connections/{provider}/link", { params: { path: { provider } } })),
    onSuccess: ({ url }) => window.location.assign(url),
  });
  return (
    <li data-testid="connectable">
      <div className="grow">
        <strong>{label}</strong>
        <div className="muted">Not connected</div>
        <FormError of={connect} />
      </div>
      <button
        type="button"
        className="secondary"
        aria-label={`Connect ${label}`}
        disabled={connect.pending || connect.succeeded}
        onClick={() => connect.run()}
      >
        Connect
      </button>
    </li>
  );
}
