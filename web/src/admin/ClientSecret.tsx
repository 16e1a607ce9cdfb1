/** A confidential app's secret, shown once (only its hash is stored): to copy now, then gone. */
import { useEffect, useRef, useState } from "react";
import { Field } from "../forms/Field";

export function ClientSecret(props: { clientId: string; secret: string; onDone: () => void }) {
  const [copied, setCopied] = useState<"copied" | "failed" | null>(null);
  // Shown in place of what made it: focus goes to its heading, so screen readers announce it.
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  const copy = () =>
    navigator.clipboard.writeText(props.secret).then(
      () => setCopied("copied"),
      () => setCopied("failed"),
    );
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
      <p role="status" className={copied === "failed" ? "error" : "success"}>
        {copied === "copied" && "Copied."}
        {copied === "failed" && "The browser did not allow copying: select the secret and copy it by hand."}
      </p>
    </section>
  );
}
