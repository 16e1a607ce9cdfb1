/**
 * The audit log tab (editors and owners): every change as a sentence, newest first, filtered by person and action,
 * downloadable; owners can verify the hash chain.
 */
import { useInfiniteQuery } from "@tanstack/react-query";
import { useState } from "react";
import { api, call } from "../api/client";
import { AuditControls } from "../audit/AuditControls";
import type { AuditFilters } from "../audit/filters";
import { NO_FILTERS } from "../audit/filters";
import { FormError } from "../forms/FormError";
import { useSubmit } from "../forms/useSubmit";
import { ShowMore } from "../ui/ShowMore";
import { Empty, ErrorMessage, Loading } from "../ui/Status";
import { WORKSPACE_ACTION_LABELS, workspaceAuditSentence } from "./audit-sentence";
import { formatTime } from "./names";
import { auditQuery } from "./queries";
import { can } from "./rules";
import type { WorkspaceDetail } from "./types";

export default function Audit({ workspace }: { workspace: WorkspaceDetail }) {
  const [filters, setFilters] = useState<AuditFilters>(NO_FILTERS);
  const events = useInfiniteQuery(auditQuery(workspace.id, filters));
  const everyone = useInfiniteQuery(auditQuery(workspace.id));
  const all = events.data?.pages.flatMap((page) => page.events) ?? [];
  const filtered = filters.actor !== "" || filters.action !== "";

  return (
    <section aria-labelledby="audit-heading">
      <h2 id="audit-heading">Audit log</h2>
      {can(workspace.role, "verify_audit") && <VerifyChain workspaceId={workspace.id} />}
      <AuditControls
        idPrefix="audit"
        filters={filters}
        onChange={setFilters}
        everyone={everyone.data?.pages.flatMap((page) => page.events) ?? []}
        shown={all}
        actionLabels={WORKSPACE_ACTION_LABELS}
        sentence={workspaceAuditSentence}
        filename={`audit-${workspace.name.replace(/[^\p{L}\p{N}]+/gu, "-")}`}
      />
      {events.isPending ? (
        <Loading />
      ) : events.isError ? (
        <ErrorMessage error={events.error} />
      ) : all.length === 0 ? (
        <Empty>{filtered ? "No event matches these filters." : "Nothing has happened yet."}</Empty>
      ) : (
        <ol className="list" aria-label="Audit events">
          {all.map((event) => (
            <li key={event.id} data-testid="audit-event">
              <div className="grow">{workspaceAuditSentence(event)}</div>
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
