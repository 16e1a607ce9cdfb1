/**
 * `/invite#<token>` (and older links, `/invite/<token>`): the invitation as its link shows it to anyone (workspace,
 * inviter, role, expiry). The token lives in the fragment, which the browser never sends, and goes to the API in
 * request bodies only, so no server log holds it (decision 0022). A person
 * without an account signs up by emailed code and comes back here; the invited person accepts or declines; someone
 * signed in with another email is told so and can switch account; a link that no longer works says why.
 */
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { useEffect } from "react";
import { useLocation, useNavigate, useParams } from "react-router";
import { api, call } from "../api/client";
import { ApiError, problemMessage } from "../api/problems";
import { SignInChoices } from "../auth/SignInChoices";
import { signIn, signOut } from "../auth/session";
import { useAuthStatus } from "../auth/useAuth";
import { FormError } from "../forms/FormError";
import { useSubmit } from "../forms/useSubmit";
import { useMe } from "../me/useMe";
import { ErrorMessage, Loading } from "../ui/Status";
import { formatTime } from "../workspaces/names";
import { workspaceKeys } from "../workspaces/queries";
import { ROLE_LABELS } from "../workspaces/rules";

/** Headings for a link that no longer works; the server's own sentence (detail) says exactly why. */
const DEAD_LINK_TITLES: Record<string, string> = {
  invitation_expired: "This invitation has expired",
  invitation_used: "This invitation has already been used",
  invitation_revoked: "This invitation is no longer valid",
  not_found: "This is not an invitation link",
};

/** The link's token: from the fragment, as mailed now, or from the path of a link mailed before. */
function useInvitationToken(): string {
  const fromPath = useParams().token;
  const { hash } = useLocation();
  const navigate = useNavigate();
  // An older link's token moves out of the path, so nothing later (a sign-in's return, a reload) sends it anywhere.
  useEffect(() => {
    if (fromPath) navigate({ pathname: "/invite", hash: fromPath }, { replace: true });
  }, [fromPath, navigate]);
  return fromPath ?? decodeURIComponent(hash.replace(/^#/, ""));
}

export default function Invitation() {
  const token = useInvitationToken();
  const invitation = useQuery({
    queryKey: ["invitation", token],
    queryFn: () => call(api.POST("/invitations/lookup", { body: { token } })),
  });
  if (invitation.isPending) return <Loading />;
  if (invitation.isError) return <DeadLink error={invitation.error} />;
  const preview = invitation.data;
  return (
    <section className="narrow">
      <h1>Join {preview.workspace.name}</h1>
      <dl className="card facts">
        <dt>Invited by</dt>
        <dd data-testid="inviter">{inviterOf(preview)}</dd>
        <dt>Role</dt>
        <dd>{ROLE_LABELS[preview.role]}</dd>
        <dt>For</dt>
        <dd>{preview.email}</dd>
        <dt>Expires</dt>
        <dd>{formatTime(preview.expires_at)}</dd>
      </dl>
      <Answer token={token} invitedEmail={preview.email} workspaceName={preview.workspace.name} />
    </section>
  );
}

/** Who sent it: their name, else their email; only an inviter who is gone since is "a member". Never "Someone". */
function inviterOf(preview: { invited_by: { first_name: string; last_name: string; email: string } }): string {
  const { first_name, last_name, email } = preview.invited_by;
  return `${first_name} ${last_name}`.trim() || email || "A member of the workspace";
}

function DeadLink({ error }: { error: unknown }) {
  const code = error instanceof ApiError ? error.code : null;
  const title = (code && DEAD_LINK_TITLES[code]) ?? "This invitation cannot be shown";
  const detail = error instanceof ApiError && code !== "not_found" ? error.problem?.detail : null;
  return (
    <section className="narrow">
      <h1>{title}</h1>
      <p>{detail ?? problemMessage(error)}</p>
      <p>Ask the person who invited you to send a new invitation.</p>
    </section>
  );
}

function Answer({
  token,
  invitedEmail,
  workspaceName,
}: {
  token: string;
  invitedEmail: string;
  workspaceName: string;
}) {
  const returnTo = `/invite#${token}`;
  const signedIn = useAuthStatus() === "signed-in";
  const me = useMe();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const accept = useSubmit({
    submit: () => call(api.POST("/invitations/accept", { body: { token } })),
    onSuccess: (joined) => {
      queryClient.invalidateQueries({ queryKey: workspaceKeys.list });
      navigate(`/workspaces/${joined.workspace_id}`);
    },
  });
  const decline = useSubmit({ submit: () => call(api.POST("/invitations/decline", { body: { token } })) });

  if (!signedIn)
    return (
      <>
        <p>
          To accept, sign in as <strong>{invitedEmail}</strong>. New here? We email you a code and your account is made
          when you enter it.
        </p>
        <SignInChoices returnTo={returnTo} />
      </>
    );
  if (me.isPending) return <Loading />;
  if (me.isError) return <ErrorMessage error={me.error} />;
  if (me.data.email.toLowerCase() !== invitedEmail.toLowerCase())
    return (
      <>
        <p role="alert">
          This invitation is for <strong>{invitedEmail}</strong>, but you are signed in as{" "}
          <strong>{me.data.email}</strong>.
        </p>
        <div className="actions">
          <button
            type="button"
            onClick={async () => {
              await signOut();
              queryClient.clear();
              await signIn({ provider: "code", returnTo });
            }}
          >
            Switch account
          </button>
        </div>
      </>
    );
  if (decline.succeeded) return <p role="status">You declined the invitation to {workspaceName}.</p>;
  return (
    <>
      <div className="actions">
        <button type="button" disabled={accept.pending} onClick={() => accept.run()}>
          Accept and join
        </button>
        <button type="button" className="secondary" disabled={decline.pending} onClick={() => decline.run()}>
          Decline
        </button>
      </div>
      <FormError of={[accept, decline]} />
    </>
  );
}
