/**
 * What a signed-in person sees, instead of the app, while their account waits for purge: such a session may only
 * read GET /api/me, export and restore (docs/api.md, Me), so those are all this screen offers.
 */
import { useQueryClient } from "@tanstack/react-query";
import { api, call } from "../api/client";
import { FormError } from "../forms/FormError";
import { useSubmit } from "../forms/useSubmit";
import { meKeys, meQuery } from "../me/queries";
import { formatDate } from "../ui/dates";
import { ExportData } from "./ExportData";

export function DeletedAccount({ purgeAfter }: { purgeAfter?: string }) {
  const queryClient = useQueryClient();
  const restore = useSubmit({
    submit: () => call(api.POST("/me/restore")),
    // Everything else the app had cached was refused while deleted: start afresh.
    onSuccess: (me) => {
      queryClient.removeQueries({ predicate: (query) => query.queryKey[0] !== meKeys.all[0] });
      queryClient.setQueryData(meQuery().queryKey, me);
    },
  });
  return (
    <section className="narrow">
      <h1>Your account is scheduled for deletion</h1>
      <p>
        {purgeAfter
          ? `On ${formatDate(purgeAfter)} your account and everything in it will be erased for good.`
          : "Your account and everything in it will soon be erased for good."}{" "}
        Until then you can restore it, or download your data first.
      </p>
      <div className="actions">
        <button type="button" onClick={() => restore.run()} disabled={restore.pending}>
          Restore my account
        </button>
        <ExportData />
      </div>
      <FormError of={restore} />
    </section>
  );
}
