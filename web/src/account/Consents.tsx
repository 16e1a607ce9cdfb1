/**
 * The person's consents (decision 0033): the optional one (news and offers by email) they give or withdraw here,
 * and the whole history: each document and version accepted, when and how, and when withdrawn. A withdrawal stamps
 * its record and giving again adds one, so the list is the record the service keeps, not a summary of it.
 */
import { useQuery, useQueryClient } from "@tanstack/react-query";
import { FormError } from "../forms/FormError";
import { useSubmit } from "../forms/useSubmit";
import { consentsQuery } from "../me/queries";
import { Empty, ErrorMessage, Loading } from "../ui/Status";
import { describeUserAgent } from "../ui/user-agent";
import { formatTime } from "../workspaces/names";
import { consentGiven, documentWords, howWords, newestFirst, versionWords } from "./consent-words";
import { type ConsentProof, type ConsentRecord, putConsent } from "./consents-api";

export function Consents() {
  const consents = useQuery(consentsQuery());
  return (
    <section className="card" aria-labelledby="consents-heading">
      <h2 id="consents-heading">Consents</h2>
      {consents.isPending ? (
        <Loading />
      ) : consents.isError ? (
        <ErrorMessage error={consents.error} />
      ) : (
        <>
          <MarketingConsent given={consentGiven(consents.data.consents, "marketing")} />
          <h3 id="consent-history-heading">History</h3>
          <p className="muted">Every document you accepted and every consent you gave, with when and how.</p>
          <ConsentHistory records={consents.data.consents} />
        </>
      )}
    </section>
  );
}

function MarketingConsent({ given }: { given: boolean }) {
  const queryClient = useQueryClient();
  const change = useSubmit({
    submit: (give: boolean) => putConsent("marketing", give),
    onSettled: () => queryClient.invalidateQueries(consentsQuery()),
  });
  return (
    <div data-testid="marketing-consent">
      <p>
        News and offers by email: <strong>{given ? "you agreed to receive them" : "you do not receive them"}</strong>.
        You can change this at any time; mail about your account and its security is sent either way.
      </p>
      <div className="actions">
        <button type="button" className="secondary" onClick={() => change.run(!given)} disabled={change.pending}>
          {given ? "Stop news and offers" : "Send me news and offers"}
        </button>
      </div>
      <FormError of={change} />
    </div>
  );
}

/**
 * The history, newest first. An administrator's view (`GET /api/admin/users/:id/consents`) carries where each act
 * came from, which proves the consent, and shows it.
 */
export function ConsentHistory({
  records,
  empty = "You have not accepted or given anything yet.",
  labelledBy = "consent-history-heading",
  whose = "yours",
}: {
  records: readonly (ConsentRecord | ConsentProof)[];
  empty?: string;
  labelledBy?: string;
  whose?: "yours" | "theirs";
}) {
  if (records.length === 0) return <Empty>{empty}</Empty>;
  return (
    <ul className="list" aria-labelledby={labelledBy}>
      {newestFirst(records).map((record) => (
        <ConsentRow key={`${record.document} ${record.version} ${record.accepted_at}`} record={record} whose={whose} />
      ))}
    </ul>
  );
}

function ConsentRow({ record, whose }: { record: ConsentRecord | ConsentProof; whose: "yours" | "theirs" }) {
  const version = versionWords(record);
  const withdrawn = record.withdrawn_at;
  return (
    <li data-testid="consent">
      <div className="grow">
        <strong>{documentWords(record.document)}</strong>
        {version && <> · {version}</>}{" "}
        <span className={withdrawn ? "badge off" : "badge on"}>{withdrawn ? "Withdrawn" : "Given"}</span>
        <div className="muted">
          Given <time dateTime={record.accepted_at}>{formatTime(record.accepted_at)}</time>{" "}
          {howWords(record.how, whose)}
          {"ip" in record && (
            <>
              {" "}
              from {record.ip}, {describeUserAgent(record.user_agent)}
            </>
          )}
          {withdrawn && (
            <>
              {" "}
              · withdrawn <time dateTime={withdrawn}>{formatTime(withdrawn)}</time>
              {"ip" in record && record.withdrawn_ip && (
                <>
                  {" "}
                  from {record.withdrawn_ip}, {describeUserAgent(record.withdrawn_user_agent ?? "")}
                </>
              )}
            </>
          )}
        </div>
      </div>
    </li>
  );
}
