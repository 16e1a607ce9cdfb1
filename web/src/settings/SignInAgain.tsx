/**
 * An action's error, in words; when the server wants a recent sign-in (`403 reauthentication_required`), the offer
 * to sign in again and come back to this page (decision 0018).
 */
import { useLocation } from "react-router";
import { ApiError } from "../api/problems";
import { signInAgain } from "../auth/session";
import { ErrorMessage } from "../ui/Status";

export function ActionError({ error }: { error: unknown }) {
  const location = useLocation();
  if (!(error instanceof ApiError && error.code === "reauthentication_required")) return <ErrorMessage error={error} />;
  return (
    <div className="notice" role="alert">
      <p>For your safety, this needs a sign-in from the last 10 minutes. Sign in again, then try once more.</p>
      <button type="button" onClick={() => signInAgain(location.pathname)}>
        Sign in again
      </button>
    </div>
  );
}
