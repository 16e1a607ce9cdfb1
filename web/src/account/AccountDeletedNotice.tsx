/** `/account-deleted`: where deleting the account ends, signed out, with the date until which it can be restored. */
import { useSearchParams } from "react-router";
import { signIn } from "../auth/session";
import { formatDate } from "../ui/dates";

export default function AccountDeletedNotice() {
  const purgeAfter = useSearchParams()[0].get("purge_after");
  const date = purgeAfter && !Number.isNaN(Date.parse(purgeAfter)) ? formatDate(purgeAfter) : null;
  return (
    <section className="narrow">
      <h1>Your account is scheduled for deletion</h1>
      <p>
        You have been signed out on every device.{" "}
        {date ? `Everything will be erased on ${date}.` : "Everything will be erased after 30 days."}
      </p>
      <p>Changed your mind? Sign in before then to restore your account or to download your data.</p>
      <div className="actions">
        <button type="button" className="secondary" onClick={() => signIn({ returnTo: "/settings/privacy" })}>
          Sign in to restore
        </button>
      </div>
    </section>
  );
}
