/**
 * `/admin/retention`: the retention table in force (decision 0034) and when the hourly maintenance last enforced
 * each period. Read only: operators change the periods with RETENTION_DAYS, owners their workspace's audit period.
 */
import { useQuery } from "@tanstack/react-query";
import { ErrorMessage, Loading } from "../ui/Status";
import { formatTime } from "../workspaces/names";
import { AdminNav } from "./AdminNav";
import { adminRetentionQuery } from "./queries";

const RULE_NAMES: Record<string, string> = {
  ended_sessions: "Ended sessions",
  sign_in_history: "Sign-in history",
  closed_invitations_and_links: "Closed invitations and share links",
  unfinished_sign_ups: "Unfinished sign-ups",
  deleted_accounts: "Deleted accounts",
  workspace_audit: "Workspace audit logs",
  platform_audit: "Platform audit log",
};

const days = (count: number) => (count === 1 ? "1 day" : `${count} days`);

export default function AdminRetention() {
  const retention = useQuery(adminRetentionQuery);
  return (
    <>
      <h1>Administration</h1>
      <AdminNav />
      <h2>Retention</h2>
      <p>
        Data is removed by itself when its period ends; the hourly maintenance enforces each period. Operators set them
        with <code>RETENTION_DAYS</code>; workspace owners may choose an audit period of their own.
      </p>
      {retention.isPending ? (
        <Loading />
      ) : retention.isError ? (
        <ErrorMessage error={retention.error} />
      ) : (
        <div className="table-wrap">
          {/* Below 40rem the rows become cards (styles.css): each cell shows its data-label, the column's name. */}
          <table className="data stacks">
            <caption className="visually-hidden">Retention periods</caption>
            <thead>
              <tr>
                <th scope="col">Data</th>
                <th scope="col">Kept</th>
                <th scope="col">Last run</th>
                <th scope="col">Removed then</th>
              </tr>
            </thead>
            <tbody>
              {retention.data.rules.map((row) => (
                <tr key={row.rule} data-testid="retention-rule">
                  <td data-label="Data">
                    <div>{RULE_NAMES[row.rule] ?? row.rule}</div>
                    <div className="muted">{row.description}</div>
                  </td>
                  <td data-label="Kept">
                    {row.rule === "workspace_audit"
                      ? `As long as the workspace, or at least ${days(row.days)}`
                      : days(row.days)}
                  </td>
                  <td data-label="Last run">{row.last_run_at ? formatTime(row.last_run_at) : "Not yet"}</td>
                  <td data-label="Removed then">{row.last_removed ?? "–"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
