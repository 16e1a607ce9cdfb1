/**
 * `/settings/apps`: the other apps the person allowed to sign them in (the consent screen, decision 0036), what each
 * may do in the words the consent screen used, and taking that back: the app's sessions end and it must ask again.
 */
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { scopeWords } from "../../../src/oidc/scope-words";
import { api, call } from "../api/client";
import type { components } from "../api/schema";
import { FormError } from "../forms/FormError";
import { type Submission, useSubmit } from "../forms/useSubmit";
import { authorizedAppsQuery, meKeys } from "../me/queries";
import { ConfirmButton } from "../ui/ConfirmDialog";
import { Empty, ErrorMessage, Loading } from "../ui/Status";
import { formatTime } from "../workspaces/names";

type AuthorizedApp = components["schemas"]["AuthorizedApp"];

export default function AppsPage() {
  const queryClient = useQueryClient();
  const apps = useQuery(authorizedAppsQuery());
  const revoke = useSubmit({
    submit: (clientId: string) =>
      call(api.DELETE("/me/authorized-apps/{client_id}", { params: { path: { client_id: clientId } } })),
    // Also after a refusal: a 404 means the app was taken back elsewhere, and the list should say so.
    onSettled: () => queryClient.invalidateQueries({ queryKey: meKeys.authorizedApps }),
  });
  const list = apps.data?.apps ?? [];
  return (
    <section className="card" aria-labelledby="apps-heading">
      <h2 id="apps-heading">Apps you allowed</h2>
      <p className="muted">
        Other apps that sign you in with this account and asked for your permission. Taking it back signs the app out;
        it asks again the next time you use it.
      </p>
      {apps.isPending ? (
        <Loading />
      ) : apps.isError ? (
        <ErrorMessage error={apps.error} />
      ) : list.length === 0 ? (
        <Empty>You have not allowed any app.</Empty>
      ) : (
        <ul className="list" aria-label="Apps you allowed">
          {list.map((app) => (
            <AppRow key={app.client_id} app={app} revoke={revoke} />
          ))}
        </ul>
      )}
      <FormError of={revoke} />
    </section>
  );
}

function AppRow({ app, revoke }: { app: AuthorizedApp; revoke: Submission<unknown, string> }) {
  // The name is the registering admin's choice: quoted as a name wherever it stands in a sentence.
  const name = `“${app.name}”`;
  return (
    <li data-testid="authorized-app">
      <div className="grow">
        <strong>{app.name}</strong>
        <div className="muted">Allowed {formatTime(app.granted_at)}. It may:</div>
        <ul className="scopes" aria-label={`What ${name} may do`}>
          {app.scopes.map((scope) => (
            <li key={scope}>{scopeWords(scope)}</li>
          ))}
        </ul>
      </div>
      <ConfirmButton
        label="Take back access"
        disabled={revoke.pending}
        aria-label={`Take back access of ${name}`}
        title={`Take back access of ${name}`}
        confirmLabel="Take back access"
        onConfirm={() => revoke.run(app.client_id)}
      >
        <p>{name} is signed out now and must ask again before it can sign you in.</p>
      </ConfirmButton>
    </li>
  );
}
