/**
 * The words for a whole form or action: what no field shows of a refusal (useSubmit's `formError`). When the server
 * wants a recent sign-in, the offer to sign in again and come back (decision 0018).
 */
import { ApiError } from "../api/problems";
import { ActionError } from "../settings/SignInAgain";
import type { Submission } from "./useSubmit";

type Refusal = Pick<Submission, "error" | "formError">;

/** Shows the first refusal among `of` (one submission, or the several actions of one row or card). */
export function FormError({ of }: { of: Refusal | Refusal[] }) {
  const refused = (Array.isArray(of) ? of : [of]).find((submission) => submission.formError);
  if (!refused) return null;
  if (refused.error instanceof ApiError && refused.error.code === "reauthentication_required")
    return <ActionError error={refused.error} />;
  return (
    <p className="error" role="alert">
      {refused.formError}
    </p>
  );
}
