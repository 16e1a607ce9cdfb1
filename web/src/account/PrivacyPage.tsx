/**
 * `/settings/privacy`: what the person agreed to (consents and their history), their data to download, and deleting
 * the account. The record of what the service keeps and why is docs/privacy.md.
 */
import { useMe } from "../me/useMe";
import { ErrorMessage, Loading } from "../ui/Status";
import { Consents } from "./Consents";
import { DeleteAccount } from "./DeleteAccount";
import { ExportData } from "./ExportData";

export default function PrivacyPage() {
  const me = useMe();
  if (me.isPending) return <Loading />;
  if (me.isError) return <ErrorMessage error={me.error} />;
  return (
    <>
      <Consents />
      <section className="card" aria-labelledby="export-heading">
        <h2 id="export-heading">Your data</h2>
        <p>
          One JSON file with everything stored about you: profile, sessions, sign-in history, consents, and what
          workspaces hold about you.
        </p>
        <div className="actions">
          <ExportData />
        </div>
      </section>
      <DeleteAccount email={me.data.email} />
    </>
  );
}
