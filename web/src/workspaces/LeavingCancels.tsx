/**
 * Inside the dialog that confirms leaving: which of the leaver's pending invitations stop working, since an
 * invitation is only as good as its sender's place in the workspace (docs/api.md, Rules). Viewers cannot invite, so
 * nothing is asked for them.
 */
import { useQuery } from "@tanstack/react-query";
import { useMe } from "../me/useMe";
import { leavingCancelsWords } from "./invitation-words";
import { sentInvitationsQuery } from "./queries";
import { can } from "./rules";
import type { WorkspaceDetail } from "./types";

export function LeavingCancels({ workspace }: { workspace: WorkspaceDetail }) {
  if (!can(workspace.role, "list_invitations")) return null;
  return <SentInvitations workspaceId={workspace.id} />;
}

function SentInvitations({ workspaceId }: { workspaceId: string }) {
  const me = useMe().data;
  const sent = useQuery({ ...sentInvitationsQuery(workspaceId, me?.id ?? ""), enabled: Boolean(me) });
  if (sent.isPending) return <p className="muted">Checking your pending invitations…</p>;
  if (sent.isError) return <p className="muted">Any pending invitations you sent here are cancelled.</p>;
  return (
    <div data-testid="leaving-cancels">
      <p>{leavingCancelsWords(sent.data)}</p>
      {sent.data.length > 0 && (
        <ul>
          {sent.data.map((invitation) => (
            <li key={invitation.id}>{invitation.email}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
