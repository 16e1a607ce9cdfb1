/** A webhook's signing secret, shown the one time the server answers it (on adding, on rotating), with Copy. */
import { Field } from "../forms/Field";
import { useCopy } from "../ui/useCopy";

export function SecretOnce(props: { title: string; secret: string; note?: string; onDone: () => void }) {
  const { copy, status } = useCopy(props.secret);
  return (
    <div className="card notice" data-testid="webhook-secret">
      <h3>{props.title}</h3>
      <p>
        Copy the signing secret now and keep it with the receiving app: <strong>you will not see it again</strong>. The
        receiver verifies each delivery's <code>webhook-signature</code> with it (Standard Webhooks).
      </p>
      {props.note && <p>{props.note}</p>}
      <div className="form-row">
        <Field id="webhook-secret-value" label="Signing secret">
          {(control) => <input {...control} readOnly value={props.secret} onFocus={(event) => event.target.select()} />}
        </Field>
        <button type="button" onClick={copy}>
          Copy secret
        </button>
        <button type="button" className="secondary" onClick={props.onDone}>
          I have saved it
        </button>
      </div>
      {status}
    </div>
  );
}
