/**
 * `/admin/audit`: every admin action as a sentence, newest first, filtered by person and action, downloadable; and
 * a check of the log's hash chain.
 */
import { useInfiniteQuery } from "@tanstack/react-query";
import { useState } from "react";
import { Link } from "react-router";
import { api, call } from "../api/client";
import { AuditControls } from "../audit/AuditControls";
import { type AuditFilters, NO_FILTERS } from "../audit/filters";
import { FormError } from "../forms/FormError";
import { useSubmit } from "../forms/useSubmit";
import { ShowMore } from "../ui/ShowMore";
import { Empty, ErrorMessage, Loading } from "../ui/Status";
import { formatTime } from "../workspaces/names";
import { AdminNav } from "./AdminNav";
import { ADMIN_ACTION_LABELS, adminAuditSentence } from "./audit-sentence";
import { adminAuditQuery } from "./queries";

export default function AdminAudit() {
  const [filters, setFilters] = useState<AuditFilters>(NO_FILTERS);
  const events = useInfiniteQuery(adminAuditQuery(filters));
  const everyone = useInfiniteQuery(adminAuditQuery());
  const verify = useSubmit({ submit: () => call(api.GET("/admin/audit/verify")) });
  const all = events.data?.pages.flatMap((page) => page.events) ?? [];

  return (
    <>
      <h1>Administration</h1>
      <AdminNav />
      <section className="card" aria-labelledby="verify-heading">
        <h2 id="verify-heading">Integrity</h2>
        <p>Each entry holds a hash of the one before, so an entry changed or removed afterwards breaks the chain.</p>
        <div className="actions">
          <button type="button" className="secondary" onClick={() => verify.run()} disabled={verify.pending}>
            Verify the log
          </button>
        </div>
        {verify.data && (
          <p role="status" className={verify.data.valid ? "success" : "error"}>
            {verify.data.valid
              ? `The log is intact: ${verify.data.events_checked} entries checked.`
              : `The log has been tampered with: the chain breaks within ${verify.data.events_checked} entries.`}
          </p>
        )}
        <FormError of={verify} />
      </section>
      <h2>Admin actions</h2>
      <AuditControls
        idPrefix="admin-audit"
        filters={filters}
        onChange={setFilters}
        everyone={everyone.data?.pages.flatMap((page) => page.events) ?? []}
        shown={all}
        actionLabels={ADMIN_ACTION_LABELS}
        sentence={adminAuditSentence}
        filename="admin-audit"
      />
      {events.isPending ? (
        <Loading />
      ) : events.isError ? (
        <ErrorMessage error={events.error} />
      ) : all.length === 0 ? (
        <Empty>{filters.actor || filters.action ? "No action matches these filters." : "No admin action yet."}</Empty>
      ) : (
        <ul className="list" aria-label="Admin actions">
          {all.map((event) => (
            <li key={event.id} data-testid="admin-audit-event">
              <div className="grow">
                <div>{adminAuditSentence(event)}</div>
                <div className="muted">
                  {formatTime(event.at)}
                  {event.subject && !event.subject.id.startsWith("deleted_") && (
                    <>
                      {" · "}
                      <Link to={`/admin/users/${event.subject.id}`}>Open the account</Link>
                    </>
                  )}
                </div>
              </div>
            </li>
          ))}
        </ul>
      )}
      <ShowMore list={events} label="Show older actions" />
    </>
  );
}
