/** The audit log tab (editors and owners): every change, newest first; owners can verify the hash chain. */
import { useInfiniteQuery } from "@tanstack/react-query";
import { api, call } from "../api/client";
import { FormError } from "../forms/FormError";
import { useSubmit } from "../forms/useSubmit";
import { ShowMore } from "../ui/ShowMore";
import { Empty, ErrorMessage, Loading } from "../ui/Status";
import { formatTime } from "./names";
import { auditQuery } from "./queries";
import { can } from "./rules";
import type { WorkspaceDetail } from "./types";

const ACTION_LABELS: Record<string, string> = {
  workspace_created: "Workspace created",
  workspace_renamed: "Workspace renamed",
  workspace_deleted: "Workspace deleted",
  invitation_created: "Invitation sent",
  invitation_resent: "Invitation resent",
  invitation_revoked: "Invitation revoked",
  invitation_accepted: "Invitation accepted",
  invitation_declined: "Invitation declined",
  member_left: "Member left",
  member_removed: "Member removed",
  role_changed: "Role changed",
  ownership_nominated: "Ownership offered",
  ownership_transferred: "Ownership transferred",
};

/** The event's details as short "key: value" text (roles, emails, names). */
function describe(details: unknown): string {
  if (!details || typeof details !== "object") return "";
  return Object.entries(details as Record<string, unknown>)
    .map(([key, value]) => `${key.replaceAll("_", " ")}: ${typeof value === "object" ? JSON.stringify(value) : value}`)
    .join(" · ");
}

export default function Audit({ workspace }: { workspace: WorkspaceDetail }) {
  const events = useInfiniteQuery(auditQuery(workspace.id));
  const all = events.data?.pages.flatMap((page) => page.events) ?? [];

  return (
    <section aria-labelledby="audit-heading">
      <h2 id="audit-heading">Audit log</h2>
      {can(workspace.role, "verify_audit") && <VerifyChain workspaceId={workspace.id} />}
      {events.isPending ? (
        <Loading />
      ) : events.isError ? (
        <ErrorMessage error={events.error} />
      ) : all.length === 0 ? (
        <Empty>Nothing has happened yet.</Empty>
      ) : (
        <ol className="list" aria-label="Audit events">
          {all.map((event) => (
            <li key={event.id} data-testid="audit-event">
              <div className="grow">
                <div>{ACTION_LABELS[event.action] ?? event.action}</div>
                <div className="muted">{describe(event.details)}</div>
              </div>
              <time className="muted" dateTime={event.at}>
                {formatTime(event.at)}
              </time>
            </li>
          ))}
        </ol>
      )}
      <ShowMore list={events} label="Show older events" />
    </section>
  );
}

function VerifyChain({ workspaceId }: { workspaceId: string }) {
  const verify = useSubmit({
    submit: () => call(api.GET("/workspaces/{id}/audit/verify", { params: { path: { id: workspaceId } } })),
  });
  return (
    <div className="actions">
      <button type="button" className="secondary" disabled={verify.pending} onClick={() => verify.run()}>
        Verify the log
      </button>
      <p role="status" className={verify.data?.valid === false ? "error" : "success"}>
        {verify.data &&
          (verify.data.valid
            ? `The log is intact: ${verify.data.events_checked} events checked.`
            : "The log has been altered: its hash chain does not verify.")}
      </p>
      <FormError of={verify} />
    </div>
  );
}
