/** `/admin/audit`: every admin action, newest first, and a check of the log's hash chain. */
import { useInfiniteQuery } from "@tanstack/react-query";
import { Link } from "react-router";
import { api, call } from "../api/client";
import { FormError } from "../forms/FormError";
import { useSubmit } from "../forms/useSubmit";
import { ShowMore } from "../ui/ShowMore";
import { Empty, ErrorMessage, Loading } from "../ui/Status";
import { formatTime } from "../workspaces/names";
import { AdminNav } from "./AdminNav";
import { describeChange } from "./audit-change";
import { adminAuditQuery } from "./queries";

export default function AdminAudit() {
  const events = useInfiniteQuery(adminAuditQuery());
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
      {events.isPending ? (
        <Loading />
      ) : events.isError ? (
        <ErrorMessage error={events.error} />
      ) : all.length === 0 ? (
        <Empty>No admin action yet.</Empty>
      ) : (
        <ul className="list" aria-label="Admin actions">
          {all.map((event) => (
            <li key={event.id}>
              <div className="grow">
                <strong>{event.action.replaceAll("_", " ")}</strong>{" "}
                {event.target && <Link to={`/admin/users/${event.target}`}>{event.target}</Link>}
                <div className="muted">
                  {formatTime(event.at)} · by{" "}
                  {event.actor_id ? <Link to={`/admin/users/${event.actor_id}`}>{event.actor_id}</Link> : "the system"}
                </div>
                <div className="mono">{describeChange(event.details)}</div>
              </div>
            </li>
          ))}
        </ul>
      )}
      <ShowMore list={events} label="Show older actions" />
    </>
  );
}
