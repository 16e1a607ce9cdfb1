/** The invitations tab (editors and owners): invite by email with a role, and the pending ones with resend and revoke. */
import { useInfiniteQuery, useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { api, call } from "../api/client";
import { cursorPaging, cursorQuery, ShowMore } from "../ui/ShowMore";
import { Empty, ErrorMessage, Loading } from "../ui/Status";
import { formatTime } from "./names";
import { workspaceKeys } from "./queries";
import { GRANTABLE_ROLES, ROLE_LABELS, type Role } from "./rules";
import type { WorkspaceDetail } from "./Workspace";

const DELIVERY_LABELS = { pending: "Sending…", sent: "Email sent", failed: "Email failed" } as const;

export default function Invitations({ workspace }: { workspace: WorkspaceDetail }) {
  const invitations = useInfiniteQuery({
    queryKey: workspaceKeys.invitations(workspace.id),
    queryFn: ({ pageParam }) =>
      call(
        api.GET("/workspaces/{id}/invitations", {
          params: { path: { id: workspace.id }, query: cursorQuery(pageParam) },
        }),
      ),
    ...cursorPaging,
    // A new invitation's email goes out in the background: look again until none is still being sent.
    refetchInterval: (query) =>
      query.state.data?.pages.some((page) => page.invitations.some((i) => i.delivery === "pending")) ? 2000 : false,
  });
  const all = invitations.data?.pages.flatMap((page) => page.invitations) ?? [];

  return (
    <section aria-labelledby="invitations-heading">
      <h2 id="invitations-heading">Invite someone</h2>
      <InviteForm workspace={workspace} />
      <h2>Pending invitations</h2>
      {invitations.isPending ? (
        <Loading />
      ) : invitations.isError ? (
        <ErrorMessage error={invitations.error} />
      ) : all.length === 0 ? (
        <Empty>No pending invitations.</Empty>
      ) : (
        <ul className="list" aria-label="Pending invitations">
          {all.map((invitation) => (
            <InvitationRow key={invitation.id} workspaceId={workspace.id} invitation={invitation} />
          ))}
        </ul>
      )}
      <ShowMore list={invitations} label="Show more invitations" />
    </section>
  );
}

function InviteForm({ workspace }: { workspace: WorkspaceDetail }) {
  const grantable = GRANTABLE_ROLES[workspace.role];
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<Role>(grantable.includes("editor") ? "editor" : (grantable[0] ?? "viewer"));
  const [sentTo, setSentTo] = useState<string | null>(null);
  const queryClient = useQueryClient();
  const invite = useMutation({
    mutationFn: () =>
      call(api.POST("/workspaces/{id}/invitations", { params: { path: { id: workspace.id } }, body: { email, role } })),
    onSuccess: (invitation) => {
      setSentTo(invitation.email);
      setEmail("");
      queryClient.invalidateQueries({ queryKey: workspaceKeys.one(workspace.id) });
    },
  });
  return (
    <form
      className="card"
      onSubmit={(event) => {
        event.preventDefault();
        setSentTo(null);
        invite.mutate();
      }}
    >
      <div className="form-row">
        <div className="field">
          <label htmlFor="invite-email">Email</label>
          <input
            id="invite-email"
            type="email"
            autoComplete="off"
            required
            value={email}
            onChange={(event) => setEmail(event.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor="invite-role">Role</label>
          <select id="invite-role" value={role} onChange={(event) => setRole(event.target.value as Role)}>
            {grantable.map((r) => (
              <option key={r} value={r}>
                {ROLE_LABELS[r]}
              </option>
            ))}
          </select>
        </div>
        <button type="submit" disabled={invite.isPending}>
          Send invitation
        </button>
      </div>
      <ErrorMessage error={invite.error} />
      {sentTo && (
        <p className="success" role="status">
          Invitation sent to {sentTo}.
        </p>
      )}
    </form>
  );
}

type Invitation = {
  id: string;
  email: string;
  role: Role;
  expires_at: string;
  delivery: keyof typeof DELIVERY_LABELS;
};

function InvitationRow({ workspaceId, invitation }: { workspaceId: string; invitation: Invitation }) {
  const queryClient = useQueryClient();
  const path = { id: workspaceId, invitation_id: invitation.id };
  const refresh = () => queryClient.invalidateQueries({ queryKey: workspaceKeys.one(workspaceId) });
  const resend = useMutation({
    mutationFn: () => call(api.POST("/workspaces/{id}/invitations/{invitation_id}/resend", { params: { path } })),
    onSuccess: refresh,
  });
  const revoke = useMutation({
    mutationFn: () => call(api.DELETE("/workspaces/{id}/invitations/{invitation_id}", { params: { path } })),
    onSuccess: refresh,
  });
  return (
    <li data-testid="invitation">
      <div className="grow">
        <div>{invitation.email}</div>
        <div className="muted">
          {ROLE_LABELS[invitation.role]} · expires {formatTime(invitation.expires_at)}
        </div>
      </div>
      <span className={`badge delivery-${invitation.delivery}`}>{DELIVERY_LABELS[invitation.delivery]}</span>
      <button type="button" className="secondary" disabled={resend.isPending} onClick={() => resend.mutate()}>
        Resend
      </button>
      <button type="button" className="danger" disabled={revoke.isPending} onClick={() => revoke.mutate()}>
        Revoke
      </button>
      <ErrorMessage error={resend.error ?? revoke.error} />
    </li>
  );
}
