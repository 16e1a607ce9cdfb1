/** A webhook's signing secret, shown the one time the server answers it (on adding, on rotating), with Copy. */
import { useState } from "react";
import { Field } from "../forms/Field";

export function SecretOnce(props: { title: string; secret: string; note?: string; onDone: () => void }) {
  const [copied, setCopied] = useState<"copied" | "failed" | null>(null);
  const copy = () =>
    navigator.clipboard.writeText(props.secret).then(
      () => setCopied("copied"),
      () => setCopied("failed"),
    );
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
      <p role="status" className={copied === "failed" ? "error" : "success"}>
        {copied === "copied" && "Copied."}
        {copied === "failed" && "The browser did not allow copying: select the secret and copy it by hand."}
      </p>
    </div>
  );
}
