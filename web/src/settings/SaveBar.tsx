/** The foot of a settings form: its submit button, "Saved." once it was, and the error in words otherwise. */
import { ErrorMessage } from "../ui/Status";

export function SaveBar({
  label,
  save,
}: {
  label: string;
  save: { isPending: boolean; isSuccess: boolean; error: unknown };
}) {
  return (
    <>
      <div className="actions">
        <button type="submit" disabled={save.isPending}>
          {label}
        </button>
        {save.isSuccess && (
          <span className="success" role="status">
            Saved.
          </span>
        )}
      </div>
      <ErrorMessage error={save.error} />
    </>
  );
}
