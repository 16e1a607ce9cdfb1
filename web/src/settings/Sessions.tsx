/** The person's sessions (devices signed in), with sign-out of one or of every other. */
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { api, call } from "../api/client";
import type { components } from "../api/schema";
import { FormError } from "../forms/FormError";
import { type Submission, useSubmit } from "../forms/useSubmit";
import { meKeys, sessionsQuery } from "../me/queries";
import { ConfirmButton } from "../ui/ConfirmDialog";
import { Empty, ErrorMessage, Loading } from "../ui/Status";
import { describeUserAgent } from "../ui/user-agent";
import { formatTime } from "../workspaces/names";

export function Sessions() {
  const queryClient = useQueryClient();
  const sessions = useQuery(sessionsQuery());
  const refresh = () => queryClient.invalidateQueries({ queryKey: meKeys.sessions });
  const revoke = useSubmit({
    submit: (id: string) => call(api.DELETE("/me/sessions/{id}", { params: { path: { id } } })),
    onSettled: refresh,
  });
  const revokeOthers = useSubmit({
    submit: () => call(api.DELETE("/me/sessions", { params: { query: { others: "true" } } })),
    onSettled: refresh,
  });
  const list = sessions.data?.sessions ?? [];
  const others = list.filter((session) => !session.current);

  return (
    <section className="card" aria-labelledby="sessions-heading">
      <h2 id="sessions-heading">Where you are signed in</h2>
      {sessions.isPending ? (
        <Loading />
      ) : sessions.isError ? (
        <ErrorMessage error={sessions.error} />
      ) : list.length === 0 ? (
        <Empty>No sessions.</Empty>
      ) : (
        <ul className="list" aria-label="Sessions">
          {list.map((session) => (
            <SessionRow key={session.id} session={session} revoke={revoke} />
          ))}
        </ul>
      )}
      {others.length > 0 && (
        <div className="actions">
          <ConfirmButton
            label="Sign out everywhere else"
            disabled={revokeOthers.pending}
            title="Sign out of every other device"
            onConfirm={() => revokeOthers.run()}
          >
            <p>
              {others.length === 1 ? "The other device" : `The ${others.length} other devices`} must sign in again. This
              browser stays signed in.
            </p>
          </ConfirmButton>
        </div>
      )}
      <FormError of={[revoke, revokeOthers]} />
    </section>
  );
}

type Session = components["schemas"]["Session"];

function SessionRow({ session, revoke }: { session: Session; revoke: Submission<unknown, string> }) {
  const device = describeUserAgent(session.user_agent);
  return (
    <li data-testid="session">
      <div className="grow">
        <strong>{device}</strong> {session.current && <span className="badge on">This device</span>}
        <div className="muted">
          From {session.ip} · signed in {formatTime(session.created_at)} · last active{" "}
          {formatTime(session.last_used_at)}
        </div>
      </div>
      {!session.current && (
        <ConfirmButton
          label="Sign out"
          disabled={revoke.pending}
          aria-label={`Sign out ${device}, signed in ${formatTime(session.created_at)}`}
          title={`Sign out ${device}`}
          onConfirm={() => revoke.run(session.id)}
        >
          <p>
            The session from {session.ip}, signed in {formatTime(session.created_at)}, ends now; that device must sign
            in again.
          </p>
        </ConfirmButton>
      )}
    </li>
  );
}
