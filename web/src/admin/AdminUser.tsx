/**
 * `/admin/users/:id`: one account, its workspaces, sessions, sign-in history and consents, and what an admin may do to it: deactivate or
 * reactivate, grant or remove admin, end every session, restore, reset two-factor, delete. Nothing is offered that the account's state rules
 * out (a deleted account cannot be deactivated); the admin's own account is changed under My account instead, so an
 * admin cannot lock themself out by a click here.
 */
import { useInfiniteQuery, useQuery, useQueryClient } from "@tanstack/react-query";
import { useParams } from "react-router";
import { ConsentHistory } from "../account/Consents";
import { api, call } from "../api/client";
import type { components } from "../api/schema";
import { FormError } from "../forms/FormError";
import { useSubmit } from "../forms/useSubmit";
import { useMe } from "../me/useMe";
import { SignInHistoryCard } from "../settings/SignInHistory";
import { ConfirmButton } from "../ui/ConfirmDialog";
import { Empty, ErrorMessage, Loading } from "../ui/Status";
import { describeUserAgent } from "../ui/user-agent";
import { formatTime } from "../workspaces/names";
import { AdminNav } from "./AdminNav";
import { DeleteUser } from "./DeleteUser";
import { adminKeys, adminUserActivityQuery, adminUserConsentsQuery, adminUserQuery, STATUS_LABELS } from "./queries";
import { RecoveryActions } from "./RecoveryActions";

type Account = components["schemas"]["AdminUserDetail"];
type Change = { is_active?: boolean; platform_role?: "user" | "admin" };

export default function AdminUser() {
  const id = useParams().id ?? "";
  const me = useMe().data;
  const user = useQuery(adminUserQuery(id));
  const actions = useAccountActions(id);

  if (user.isPending) return <Loading />;
  if (user.isError) {
    return (
      <>
        <h1>Administration</h1>
        <AdminNav />
        <ErrorMessage error={user.error} />
      </>
    );
  }
  const account = user.data;
  const isSelf = me?.id === account.id;
  return (
    <>
      <h1>{account.email}</h1>
      <AdminNav />
      <AccountCard account={account} isSelf={isSelf} actions={actions} />
      {!isSelf && <RecoveryActions account={account} />}
      <SessionsCard account={account} isSelf={isSelf} actions={actions} />
      <UserSignInHistory id={account.id} />
      <UserConsents id={account.id} />
      <WorkspacesCard memberships={account.memberships} />
      {!isSelf && <DeleteUser user={account} />}
    </>
  );
}

function UserSignInHistory({ id }: { id: string }) {
  const history = useInfiniteQuery(adminUserActivityQuery(id));
  return (
    <SignInHistoryCard history={history}>
      Every sign-in to this account in the last 90 days, refused ones too: a run of refusals may be someone guessing.
    </SignInHistoryCard>
  );
}

function UserConsents({ id }: { id: string }) {
  const consents = useQuery(adminUserConsentsQuery(id));
  return (
    <section className="card" aria-labelledby="user-consents-heading">
      <h2 id="user-consents-heading">Consents</h2>
      <p className="muted">What this person accepted and gave, when, how and from where; withdrawals stay listed.</p>
      {consents.isPending ? (
        <Loading />
      ) : consents.isError ? (
        <ErrorMessage error={consents.error} />
      ) : (
        <ConsentHistory
          records={consents.data.consents}
          empty="Nothing accepted or given yet."
          labelledBy="user-consents-heading"
          whose="theirs"
        />
      )}
    </section>
  );
}

/** What an admin changes on the page; while one is under way, the others wait. */
function useAccountActions(id: string) {
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: adminKeys.users });
  const change = useSubmit({
    submit: (body: Change) => call(api.PATCH("/admin/users/{id}", { params: { path: { id } }, body })),
    onSettled: refresh,
  });
  const endSessions = useSubmit({
    submit: () => call(api.DELETE("/admin/users/{id}/sessions", { params: { path: { id } } })),
    onSettled: refresh,
  });
  return { change, endSessions, busy: change.pending || endSessions.pending };
}

type Actions = ReturnType<typeof useAccountActions>;

function AccountCard({ account, isSelf, actions }: { account: Account; isSelf: boolean; actions: Actions }) {
  return (
    <section className="card" aria-labelledby="account-heading">
      <h2 id="account-heading">Account</h2>
      <AccountFacts account={account} />
      {isSelf ? (
        <p className="muted">This is your own account: change it under My account.</p>
      ) : (
        account.status !== "deleted" && <StandingButtons account={account} actions={actions} />
      )}
      {account.status === "active" && !isSelf && (
        <p className="muted">Deactivating signs the person out everywhere at once and refuses their sign-in.</p>
      )}
      <FormError of={actions.change} />
    </section>
  );
}

function AccountFacts({ account }: { account: Account }) {
  const name = [account.first_name, account.last_name].filter(Boolean).join(" ");
  return (
    <dl className="facts">
      <dt>Name</dt>
      <dd>{name || "–"}</dd>
      <dt>Status</dt>
      <dd>
        <span className={`badge ${account.status === "active" ? "on" : "off"}`} data-testid="user-status">
          {STATUS_LABELS[account.status]}
        </span>
        {account.deleted_at && ` since ${formatTime(account.deleted_at)}`}
      </dd>
      <dt>Platform role</dt>
      <dd>{account.platform_role === "admin" ? "Admin" : "User"}</dd>
      <dt>Email verified</dt>
      <dd>{account.email_verified ? "Yes" : "No"}</dd>
      <dt>Two-factor</dt>
      <dd>{account.two_factor_enabled ? "On" : "Off"}</dd>
      <dt>Created</dt>
      <dd>{formatTime(account.created_at)}</dd>
      <dt>Last sign-in</dt>
      <dd>{account.last_sign_in_at ? formatTime(account.last_sign_in_at) : "Never"}</dd>
      <dt>Id</dt>
      <dd className="mono">{account.id}</dd>
    </dl>
  );
}

/** Deactivate or reactivate, and grant or remove the admin role. */
function StandingButtons({ account, actions }: { account: Account; actions: Actions }) {
  const { change, busy } = actions;
  const isAdmin = account.platform_role === "admin";
  return (
    <div className="actions">
      {account.status === "active" ? (
        <ConfirmButton
          label="Deactivate"
          disabled={busy}
          title={`Deactivate ${account.email}`}
          onConfirm={() => change.run({ is_active: false })}
        >
          <p>They are signed out everywhere at once and cannot sign in until an admin reactivates the account.</p>
        </ConfirmButton>
      ) : (
        <button type="button" disabled={busy} onClick={() => change.run({ is_active: true })}>
          Reactivate
        </button>
      )}
      {isAdmin ? (
        <ConfirmButton
          label="Remove admin role"
          className="secondary"
          disabled={busy}
          title={`Remove the admin role from ${account.email}`}
          onConfirm={() => change.run({ platform_role: "user" })}
        >
          <p>They can no longer open the administration pages.</p>
        </ConfirmButton>
      ) : (
        <button
          type="button"
          className="secondary"
          disabled={busy}
          onClick={() => change.run({ platform_role: "admin" })}
        >
          Make admin
        </button>
      )}
    </div>
  );
}

function SessionsCard({ account, isSelf, actions }: { account: Account; isSelf: boolean; actions: Actions }) {
  return (
    <section className="card" aria-labelledby="user-sessions-heading">
      <h2 id="user-sessions-heading">Sessions</h2>
      {account.sessions.length === 0 ? (
        <Empty>Not signed in anywhere.</Empty>
      ) : (
        <ul className="list" aria-label="Sessions">
          {account.sessions.map((session) => (
            <li key={session.id}>
              <div className="grow">
                <strong>{describeUserAgent(session.user_agent)}</strong>
                <div className="muted">
                  From {session.ip} · signed in {formatTime(session.created_at)} · last active{" "}
                  {formatTime(session.last_used_at)}
                </div>
              </div>
            </li>
          ))}
        </ul>
      )}
      {account.sessions.length > 0 && !isSelf && (
        <div className="actions">
          <ConfirmButton
            label="Sign out everywhere"
            disabled={actions.busy}
            title={`Sign out ${account.email} everywhere`}
            onConfirm={() => actions.endSessions.run()}
          >
            <p>Every session of theirs ends now; they can sign in again.</p>
          </ConfirmButton>
        </div>
      )}
      <FormError of={actions.endSessions} />
    </section>
  );
}

function WorkspacesCard({ memberships }: { memberships: Account["memberships"] }) {
  return (
    <section className="card" aria-labelledby="user-workspaces-heading">
      <h2 id="user-workspaces-heading">Workspaces</h2>
      {memberships.length === 0 ? (
        <Empty>Not a member of any workspace.</Empty>
      ) : (
        <ul className="list" aria-label="Workspaces">
          {memberships.map((membership) => (
            <li key={membership.workspace_id}>
              <span className="grow">{membership.workspace_name}</span>
              <span className="badge">{membership.role}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
