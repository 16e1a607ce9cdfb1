/** The person's first and last name (PATCH /api/me); a name can be changed, not cleared. */
import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { api, call } from "../api/client";
import { Field } from "../forms/Field";
import { LIMITS } from "../forms/field-words";
import { useSubmit } from "../forms/useSubmit";
import { meQuery } from "../me/queries";
import { SaveBar } from "./SaveBar";

export function NamesForm({ me }: { me: { first_name: string; last_name: string } }) {
  const [firstName, setFirstName] = useState(me.first_name);
  const [lastName, setLastName] = useState(me.last_name);
  const queryClient = useQueryClient();
  const save = useSubmit({
    submit: () => call(api.PATCH("/me", { body: { first_name: firstName, last_name: lastName } })),
    onSuccess: (updated) => queryClient.setQueryData(meQuery().queryKey, updated),
    fields: ["first_name", "last_name"],
  });

  return (
    <form className="card" aria-labelledby="names-heading" onSubmit={save.onSubmit}>
      <h2 id="names-heading">Name</h2>
      <div className="form-row">
        <Field
          id="first-name"
          label="First name"
          error={save.fieldError("first_name")}
          count={{ value: firstName, max: LIMITS.name }}
        >
          {(control) => (
            <input
              {...control}
              value={firstName}
              onChange={(event) => setFirstName(event.target.value)}
              required
              autoComplete="given-name"
            />
          )}
        </Field>
        <Field
          id="last-name"
          label="Last name"
          error={save.fieldError("last_name")}
          count={{ value: lastName, max: LIMITS.name }}
        >
          {(control) => (
            <input
              {...control}
              value={lastName}
              onChange={(event) => setLastName(event.target.value)}
              required
              autoComplete="family-name"
            />
          )}
        </Field>
      </div>
      <SaveBar label="Save name" save={save} />
    </form>
  );
}
