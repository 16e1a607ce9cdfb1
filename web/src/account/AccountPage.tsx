/** `/settings/account`: the data export and deleting the account. */
import { useMe } from "../me/useMe";
import { ErrorMessage, Loading } from "../ui/Status";
import { DeleteAccount } from "./DeleteAccount";
import { ExportData } from "./ExportData";

export default function AccountPage() {
  const me = useMe();
  if (me.isPending) return <Loading />;
  if (me.isError) return <ErrorMessage error={me.error} />;
  return (
    <>
      <section className="card" aria-labelledby="export-heading">
        <h2 id="export-heading">Your data</h2>
        <p>One JSON file with everything stored about you: profile, sessions, and what workspaces hold about you.</p>
        <div className="actions">
          <ExportData />
        </div>
      </section>
      <DeleteAccount email={me.data.email} />
    </>
  );
}
