/** The foot of a settings form: its submit button, "Saved." once it was, and the form's error in words otherwise. */
import { FormError } from "../forms/FormError";
import type { Submission } from "../forms/useSubmit";

export function SaveBar<TData>({ label, save }: { label: string; save: Submission<TData> }) {
  return (
    <>
      <div className="actions">
        <button type="submit" disabled={save.pending}>
          {label}
        </button>
        {save.succeeded && (
          <span className="success" role="status">
            Saved.
          </span>
        )}
      </div>
      <FormError of={save} />
    </>
  );
}
