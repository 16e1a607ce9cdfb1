/** The invitations tab (editors and owners): invite by email with a role, and the pending ones with resend and revoke. */
import { useInfiniteQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { api, call } from "../api/client";
import { Field } from "../forms/Field";
import { FormError } from "../forms/FormError";
import { useSubmit } from "../forms/useSubmit";
import { useMe } from "../me/useMe";
import { ConfirmButton } from "../ui/ConfirmDialog";
import { ShowMore } from "../ui/ShowMore";
import { Empty, ErrorMessage, Loading } from "../ui/Status";
import { failedDeliveryWords, replacedWords, willReplaceWords } from "./invitation-words";
import { formatTime } from "./names";
import { invitationsQuery, workspaceKeys } from "./queries";
import { GRANTABLE_ROLES, ROLE_LABELS, type Role } from "./rules";
import type { Invitation, WorkspaceDetail } from "./types";

const DELIVERY_LABELS: Record<Invitation["delivery"], string> = {
  pending: "Sending…",
  sent: "Email sent",
  failed: "Email not delivered",
  withheld: "Not emailed: they turned invitation emails off",
};

export default function Invitations({ workspace }: { workspace: WorkspaceDetail }) {
  const invitations = useInfiniteQuery(invitationsQuery(workspace.id));
  const all = invitations.data?.pages.flatMap((page) => page.invitations) ?? [];
  const failed = failedDeliveryWords(all.filter((invitation) => invitation.delivery === "failed").length);

  return (
    <section aria-labelledby="invitations-heading">
      <h2 id="invitations-heading">Invite someone</h2>
      <InviteForm workspace={workspace} pending={all} />
      <h2>Pending invitations</h2>
      {failed && (
        <p className="notice warning" role="alert" data-testid="failed-deliveries">
          {failed}
        </p>
      )}
      {invitations.isPending ? (
        <Loading />
      ) : invitations.isError ? (
        <ErrorMessage error={invitations.error} />
      ) : all.length === 0 ? (
        <Empty>No pending invitations.</Empty>
      ) : (
        <ul className="list" aria-label="Pending invitations">
          {all.map((invitation) => (
            <InvitationRow key={invitation.id} workspace={workspace} invitation={invitation} />
          ))}
        </ul>
      )}
      <ShowMore list={invitations} label="Show more invitations" />
    </section>
  );
}

function InviteForm({ workspace, pending }: { workspace: WorkspaceDetail; pending: Invitation[] }) {
  const myId = useMe().data?.id ?? "";
  const grantable = GRANTABLE_ROLES[workspace.role];
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<Role>(grantable.includes("editor") ? "editor" : (grantable[0] ?? "viewer"));
  const queryClient = useQueryClient();
  const invite = useSubmit({
    submit: () =>
      call(api.POST("/workspaces/{id}/invitations", { params: { path: { id: workspace.id } }, body: { email, role } })),
    onSuccess: () => {
      setEmail("");
      queryClient.invalidateQueries({ queryKey: workspaceKeys.one(workspace.id) });
    },
    fields: ["email", "role"],
    codesOnFields: { already_member: { path: "email" } },
  });
  return (
    <form className="card" onSubmit={invite.onSubmit}>
      <div className="form-row">
        <Field
          id="invite-email"
          label="Email"
          error={invite.fieldError("email")}
          hint={willReplaceWords(pending.find((p) => p.email === email.trim().toLowerCase()))}
        >
          {(control) => (
            <input
              {...control}
              type="email"
              autoComplete="off"
              required
              value={email}
              onChange={(event) => setEmail(event.target.value)}
            />
          )}
        </Field>
        <Field id="invite-role" label="Role" error={invite.fieldError("role")}>
          {(control) => (
            <select {...control} value={role} onChange={(event) => setRole(event.target.value as Role)}>
              {grantable.map((r) => (
                <option key={r} value={r}>
                  {ROLE_LABELS[r]}
                </option>
              ))}
            </select>
          )}
        </Field>
        <button type="submit" disabled={invite.pending}>
          Send invitation
        </button>
      </div>
      <FormError of={invite} />
      {invite.data && (
        <p className="success" role="status">
          {replacedWords(invite.data.email, invite.data.replaced, { myId, formatTime })}
        </p>
      )}
    </form>
  );
}

function InvitationRow({ workspace, invitation }: { workspace: WorkspaceDetail; invitation: Invitation }) {
  const queryClient = useQueryClient();
  const workspaceId = workspace.id;
  const path = { id: workspaceId, invitation_id: invitation.id };
  const refresh = () => queryClient.invalidateQueries({ queryKey: workspaceKeys.one(workspaceId) });
  const resend = useSubmit({
    submit: () => call(api.POST("/workspaces/{id}/invitations/{invitation_id}/resend", { params: { path } })),
    onSuccess: refresh,
  });
  const failed = invitation.delivery === "failed";
  const revoke = useSubmit({
    submit: () => call(api.DELETE("/workspaces/{id}/invitations/{invitation_id}", { params: { path } })),
    onSuccess: refresh,
  });
  return (
    <li data-testid="invitation" className={failed ? "invitation-failed" : undefined}>
      <div className="grow">
        <div>{invitation.email}</div>
        <div className="muted">
          {ROLE_LABELS[invitation.role]} · expires {formatTime(invitation.expires_at)}
        </div>
      </div>
      <span className={`badge delivery-${invitation.delivery}`}>{DELIVERY_LABELS[invitation.delivery]}</span>
      <button
        type="button"
        className={failed ? undefined : "secondary"}
        aria-label={`${failed ? "Retry sending" : "Resend"} the invitation to ${invitation.email}`}
        disabled={resend.pending}
        onClick={() => resend.run()}
      >
        {failed ? "Retry sending" : "Resend"}
      </button>
      <ConfirmButton
        label="Revoke"
        aria-label={`Revoke the invitation to ${invitation.email}`}
        disabled={revoke.pending}
        title={`Revoke the invitation of ${invitation.email} to ${workspace.name}`}
        onConfirm={() => revoke.run()}
      >
        <p>The link they were sent stops working; you can invite them again later.</p>
      </ConfirmButton>
      <FormError of={[resend, revoke]} />
    </li>
  );
}
