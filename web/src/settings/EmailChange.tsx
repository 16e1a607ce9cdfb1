/**
 * Changing the sign-in email: ask for a code at the new address (needs a recent sign-in), then enter it. Until the
 * code is entered nothing changes.
 */
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { api, call } from "../api/client";
import type { components } from "../api/schema";
import { Field } from "../forms/Field";
import { FormError } from "../forms/FormError";
import { type Submission, useSubmit } from "../forms/useSubmit";
import { meQuery } from "../me/queries";
import { formatTime } from "../workspaces/names";

type Me = components["schemas"]["Me"];
type PendingChange = { email: string; expires_at: string };

export function EmailChange({ email }: { email: string }) {
  const queryClient = useQueryClient();
  const request = useSubmit({
    submit: (newEmail: string) => call(api.POST("/me/email", { body: { email: newEmail } })),
    fields: ["email"],
  });
  const [changedTo, setChangedTo] = useState<string | null>(null);

  return (
    <section className="card" aria-labelledby="email-heading">
      <h2 id="email-heading">Email</h2>
      <p>
        You sign in with <strong>{email}</strong>.
      </p>
      {changedTo && (
        <p className="success" role="status">
          Your email is now {changedTo}.
        </p>
      )}
      {!request.data ? (
        <NewEmailForm
          request={request}
          onSubmit={(newEmail) => {
            setChangedTo(null);
            request.run(newEmail);
          }}
        />
      ) : (
        <EnterCode
          pending={request.data}
          onCancel={request.reset}
          onChanged={(updated) => {
            queryClient.setQueryData(meQuery().queryKey, updated);
            setChangedTo(updated.email);
            request.reset();
          }}
        />
      )}
    </section>
  );
}

function NewEmailForm(props: { request: Submission<PendingChange, string>; onSubmit: (newEmail: string) => void }) {
  const [newEmail, setNewEmail] = useState("");
  const { request } = props;
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        props.onSubmit(newEmail);
      }}
    >
      <div className="form-row">
        <Field id="new-email" label="New email" error={request.fieldError("email")}>
          {(control) => (
            <input
              {...control}
              type="email"
              autoComplete="email"
              value={newEmail}
              onChange={(event) => setNewEmail(event.target.value)}
              required
              maxLength={254}
            />
          )}
        </Field>
        <button type="submit" disabled={request.pending}>
          Send a code
        </button>
      </div>
      <FormError of={request} />
    </form>
  );
}

function EnterCode(props: { pending: PendingChange; onCancel: () => void; onChanged: (updated: Me) => void }) {
  const [code, setCode] = useState("");
  const verify = useSubmit({
    submit: () => call(api.POST("/me/email/verify", { body: { code: code.trim() } })),
    onSuccess: props.onChanged,
    fields: ["code"],
  });
  return (
    <form onSubmit={verify.onSubmit}>
      <p role="status">
        We sent a 6-digit code to <strong>{props.pending.email}</strong>. It works until{" "}
        {formatTime(props.pending.expires_at)}.
      </p>
      <div className="form-row">
        <Field id="email-code" label="Code" error={verify.fieldError("code")}>
          {(control) => (
            <input
              {...control}
              inputMode="numeric"
              autoComplete="one-time-code"
              value={code}
              onChange={(event) => setCode(event.target.value)}
              required
            />
          )}
        </Field>
        <button type="submit" disabled={verify.pending}>
          Change email
        </button>
        <button type="button" className="secondary" onClick={props.onCancel}>
          Cancel
        </button>
      </div>
      <FormError of={verify} />
    </form>
  );
}
