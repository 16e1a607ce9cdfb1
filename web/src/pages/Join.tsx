/**
 * `/join/<token>`: a share link (issue 18). The link's preview is for signed-in people only, so a visitor is first
 * offered to sign in or sign up by emailed code, and comes back to this same page. Then the page names the workspace
 * and the role, and Join makes them a member and opens the workspace. Every refusal says why in plain words
 * (join-words.ts) and offers the way onward: the workspace they already belong to, the two-factor setup (coming
 * back here), or another account.
 */
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { Link, useNavigate, useParams } from "react-router";
import { api, call } from "../api/client";
import { ApiError } from "../api/problems";
import { SignInChoices } from "../auth/SignInChoices";
import { signIn, signOut } from "../auth/session";
import { useAuthStatus } from "../auth/useAuth";
import { useSubmit } from "../forms/useSubmit";
import { useMe } from "../me/useMe";
import { ErrorMessage, Loading } from "../ui/Status";
import { formatTime } from "../workspaces/names";
import { twoFactorSetupPath } from "../workspaces/policy-rules";
import { workspaceKeys } from "../workspaces/queries";
import { ROLE_LABELS } from "../workspaces/rules";
import { joinRefusal } from "./join-words";

export default function Join() {
  const token = useParams().token ?? "";
  const signedIn = useAuthStatus() === "signed-in";
  if (!signedIn) return <SignInToJoin returnTo={`/join/${token}`} />;
  return <JoinSignedIn token={token} />;
}

function SignInToJoin({ returnTo }: { returnTo: string }) {
  return (
    <section className="narrow">
      <h1>Join a workspace</h1>
      <p>
        Someone shared a link to join their workspace. Sign in to see which one and join it. New here? We email you a
        code and your account is made when you enter it.
      </p>
      <SignInChoices returnTo={returnTo} />
    </section>
  );
}

function JoinSignedIn({ token }: { token: string }) {
  const me = useMe();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const preview = useQuery({
    queryKey: ["share-link", token],
    queryFn: () => call(api.GET("/links/{token}", { params: { path: { token } } })),
  });
  const join = useSubmit({
    submit: () => call(api.POST("/links/{token}/join", { params: { path: { token } } })),
    onSuccess: (joined) => {
      void queryClient.invalidateQueries({ queryKey: workspaceKeys.list });
      navigate(`/workspaces/${joined.workspace_id}`);
    },
  });
  if (preview.isPending || me.isPending) return <Loading />;
  if (preview.isError) return <Refused token={token} error={preview.error} workspaceId={null} />;
  const { workspace, role, expires_at } = preview.data;
  return (
    <section className="narrow">
      <h1>Join {workspace.name}</h1>
      <dl className="card facts">
        <dt>Role</dt>
        <dd data-testid="link-role">{ROLE_LABELS[role]}</dd>
        <dt>You join as</dt>
        <dd>{me.data?.email}</dd>
        <dt>Link works until</dt>
        <dd>{formatTime(expires_at)}</dd>
      </dl>
      {join.error ? (
        <Refused token={token} error={join.error} workspaceId={workspace.id} />
      ) : (
        <div className="actions">
          <button type="button" disabled={join.pending} onClick={() => join.run()}>
            Join {workspace.name}
          </button>
        </div>
      )}
    </section>
  );
}

/** Why the link cannot be used now, and the way onward. */
function Refused(props: { token: string; error: unknown; workspaceId: string | null }) {
  const code = props.error instanceof ApiError ? props.error.code : null;
  const words = joinRefusal(code);
  const queryClient = useQueryClient();
  if (!words)
    return (
      <section className="narrow" data-testid="join-refused">
        <h2>This link cannot be used right now</h2>
        <ErrorMessage error={props.error} />
      </section>
    );
  // The preview's own refusal replaces the page (an h1); a refused join sits under the workspace's name (an h2).
  const Heading = props.workspaceId ? "h2" : "h1";
  return (
    <section className={props.workspaceId ? "notice" : "narrow"} data-testid="join-refused" data-code={code}>
      <Heading>{words.title}</Heading>
      <p role="alert">{words.detail}</p>
      {words.next === "open_workspace" && props.workspaceId && (
        <p>
          <Link to={`/workspaces/${props.workspaceId}`}>Open the workspace</Link>
        </p>
      )}
      {words.next === "set_up_two_factor" && (
        <p>
          <Link to={twoFactorSetupPath(`/join/${props.token}`)}>Set up two-factor authentication</Link>
        </p>
      )}
      {words.next === "switch_account" && (
        <div className="actions">
          <button
            type="button"
            onClick={async () => {
              await signOut();
              queryClient.clear();
              await signIn({ provider: "code", returnTo: `/join/${props.token}` });
            }}
          >
            Sign in with another account
          </button>
        </div>
      )}
    </section>
  );
}
