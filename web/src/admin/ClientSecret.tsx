/** A confidential app's secret, shown once (only its hash is stored): to copy now, then gone. */
import { useEffect, useRef } from "react";
import { Field } from "../forms/Field";
import { useCopy } from "../ui/useCopy";

export function ClientSecret(props: { clientId: string; secret: string; onDone: () => void }) {
  const { copy, status } = useCopy(props.secret);
  // Shown in place of what made it: focus goes to its heading, so screen readers announce it.
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <section className="card notice" aria-labelledby="client-secret-heading" data-testid="client-secret">
      <h3 id="client-secret-heading" ref={heading} tabIndex={-1}>
        The app's secret
      </h3>
      <p>
        Copy it into the app's configuration now: it is not shown again. The app's id is{" "}
        <code data-testid="client-id">{props.clientId}</code>.
      </p>
      <div className="form-row">
        <Field id="client-secret" label="Secret">
          {(control) => (
            <input
              {...control}
              readOnly
              className="mono"
              value={props.secret}
              onFocus={(event) => event.target.select()}
            />
          )}
        </Field>
        <button type="button" onClick={copy}>
          Copy secret
        </button>
        <button type="button" className="secondary" onClick={props.onDone}>
          Done
        </button>
      </div>
      {status}
    </section>
  );
}
